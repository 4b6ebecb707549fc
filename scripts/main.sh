#!/usr/bin/env bash
# The main job on the shipped data: set up .venv, then make Kolding's report (reports/621-kolding/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/twinlib summary --kommune Kolding
.venv/bin/twinlib report Kolding
