#!/usr/bin/env bash
# Create/refresh the project's virtual environment at .venv/ (idempotent, fast when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

# No system library is needed: PDFs are typeset by Typst (PyPI `typst`, in-process) with the
# DejaVu Sans fonts that matplotlib ships.

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)" >&2
  "$PY" -m venv .venv
fi
stamp=.venv/.twinlib-installed
# the exact versions the suite is tested with: requirements/lock.txt (scripts/lock.sh makes it)
lock=requirements/lock.txt
want=$(cat pyproject.toml "$lock" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x .venv/bin/twinlib ]; then
  echo "setup: installing twinlib and the locked dependencies ($lock) into .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,lab]" -c "$lock"
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$stamp"
fi
