"""The papermill engine `twinlib` is declared where papermill looks for it (fast: no kernel runs;
the runs themselves are in test_batch.py)."""

from __future__ import annotations

import importlib
import tomllib

from twinlib import paths


def test_pyproject_registers_the_twinlib_engine_for_papermill():
    meta = tomllib.loads((paths.checkout_root() / "pyproject.toml").read_text(encoding="utf-8"))
    target = meta["project"]["entry-points"]["papermill.engine"]["twinlib"]
    module, _, name = target.partition(":")
    engine = getattr(importlib.import_module(module), name)

    from papermill.engines import Engine

    from twinlib.batch.engine import TwinlibEngine

    assert engine is TwinlibEngine and issubclass(engine, Engine)
    assert engine.execute_managed_notebook.__func__ is not Engine.execute_managed_notebook.__func__
