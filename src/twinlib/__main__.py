"""`python -m twinlib` runs the twinlib command."""

import sys

from .cli import main

sys.exit(main())
