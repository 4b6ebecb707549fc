#!/usr/bin/env bash
# The main job on the shipped data: set up .venv, then build Kolding's report (PDF in reports/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/twinlib summary
.venv/bin/twinlib summary --kommune Kolding
