#!/usr/bin/env bash
# Regenerate requirements/lock.txt: the exact versions of every package (dev and lab extras
# included) that the test suite runs with on Python 3.11. Run after changing the ranges in
# pyproject.toml, then run the suite (scripts/test.sh) and commit both files.
# Needs uv (pip install uv); extra arguments go to uv, e.g. --upgrade-package pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-$(command -v uv || echo .venv/bin/uv)}
if [ ! -x "$UV" ]; then
  echo "lock: uv not found; install it with: .venv/bin/python -m pip install uv" >&2
  exit 2
fi
"$UV" pip compile pyproject.toml --extra dev --extra lab --python-version 3.11 \
  --python-platform x86_64-manylinux_2_28 --annotation-style line \
  --custom-compile-command "bash scripts/lock.sh" -o requirements/lock.txt "$@"
