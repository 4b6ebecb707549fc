"""`python -m twinlib` runs the twinlib command."""

from twinlib.cli.parser import console

console()
