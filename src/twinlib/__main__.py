"""`python -m twinlib` runs the twinlib command."""

from twinlib.cli.entry import console

console()
