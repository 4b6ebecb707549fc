#!/usr/bin/env bash
# Create/refresh the project's virtual environment at .venv/ (idempotent, fast when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

# WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0), HarfBuzz-subset (fast font
# subsetting; without it WeasyPrint falls back to slow fontTools) and a font with æøå (DejaVu).
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset \
   || ! fc-list 2>/dev/null | grep -qi "DejaVu Sans"; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Pango, HarfBuzz-subset and fonts for WeasyPrint (apt-get)" >&2
    apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fontconfig >/dev/null
  else
    echo "setup: WARNING Pango not found; PDF export needs libpango-1.0-0 and libpangoft2-1.0-0" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)" >&2
  "$PY" -m venv .venv
fi
stamp=.venv/.twinlib-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x .venv/bin/twinlib ]; then
  echo "setup: installing twinlib and pinned dependencies into .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$stamp"
fi
