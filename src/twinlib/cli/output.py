"""What every `twinlib` command shares: one way to print a result or an error line.

Each command group (report_commands, intake_commands, data_commands) holds thin wrappers that take
the parsed arguments, call the library and return the exit code; parser.py wires them to the
subcommands. Every path a command writes goes through the output guard (outpaths) before work
starts, and every line printed goes through `say` (text from data shown as text, never as terminal
control sequences).
"""

from __future__ import annotations

import logging
import sys

from twinlib.text import visible

log = logging.getLogger("twinlib")


def say(text, err: bool = False) -> None:
    """Print a result (stdout) or an error line (stderr) with control characters made visible."""
    print(visible(str(text)), file=sys.stderr if err else sys.stdout)
