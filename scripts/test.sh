#!/usr/bin/env bash
# The whole test suite from a fresh clone: set up .venv, lint, check the data build, run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .   # the whole checkout: package, tests, benchmarks, scripts, notebooks
if [ -d "${TWINLIB_SOURCES:-../shared/data-sources}" ]; then
  .venv/bin/twinlib build --check   # committed processed tables must equal a rebuild
else
  echo "test: raw sources not found, skipping the rebuild check" >&2
fi
.venv/bin/python -m pytest -q "$@"
