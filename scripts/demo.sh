#!/usr/bin/env bash
# The README's main command: set up .venv, then audit the shipped legacy example
# project in notebooks/ (a static report: nothing is executed).
# The report is also written as JSON and SARIF under build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p build/demo

echo
echo "==> nbrefactor audit notebooks/"
.venv/bin/nbrefactor audit notebooks/ --exit-zero
.venv/bin/nbrefactor audit notebooks/ --exit-zero --quiet --format json -o build/demo/audit.json
.venv/bin/nbrefactor audit notebooks/ --exit-zero --quiet --format sarif -o build/demo/audit.sarif
echo
echo "JSON report: build/demo/audit.json   SARIF: build/demo/audit.sarif"
