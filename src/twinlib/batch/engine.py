"""The papermill engine `twinlib` (the class is in papermill_engine.py, papermill's entry point).

papermill registers the engines of the `papermill.engine` entry point group the first time it is
imported, which imports papermill_engine.py. If papermill_engine.py were itself the module that first
imported papermill, papermill would find it half made and fail; so this module imports papermill
first, and everything in twinlib imports the engine from here.
"""

from __future__ import annotations

import papermill.engines  # noqa: F401 - first: papermill loads its entry points (papermill_engine) now

from twinlib.batch.papermill_engine import TwinlibEngine

__all__ = ["TwinlibEngine"]
