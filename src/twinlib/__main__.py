"""`python -m twinlib` runs the twinlib command."""

import sys

from twinlib.cli.parser import main

sys.exit(main())
