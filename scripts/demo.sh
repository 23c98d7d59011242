#!/usr/bin/env bash
# The README's main command: set up .venv, then
#   1. audit the shipped legacy example project in notebooks/ (static: nothing runs);
#   2. refactor a copy of it in build/demo/pumpfaults/: extract the notebooks' functions into
#      the package src/pumpfaults/, rewrite the notebooks to import them, write tests, and
#      verify with papermill that every notebook's outputs are unchanged (undone otherwise);
#   3. run the generated tests, including those recorded from the notebooks' real calls (--record).
# notebooks/ itself is never modified. Reports go to build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
NBR=.venv/bin/nbrefactor
DEMO=build/demo
PROJECT=$DEMO/pumpfaults
mkdir -p "$DEMO"

echo
echo "==> 1. nbrefactor audit notebooks/"
$NBR audit notebooks/ --exit-zero
$NBR audit notebooks/ --exit-zero --quiet --format json -o "$DEMO/audit.json"
$NBR audit notebooks/ --exit-zero --quiet --format sarif -o "$DEMO/audit.sarif"

echo
echo "==> 2. nbrefactor extract --verify --record on a copy: $PROJECT"
rm -rf "$PROJECT"
mkdir -p "$PROJECT"
cp -r notebooks "$PROJECT/notebooks"
rm -rf "$PROJECT/notebooks/data" "$PROJECT/notebooks/models"
printf '[project]\nname = "pumpfaults"\nversion = "0.1.0"\n' > "$PROJECT/pyproject.toml"
$NBR extract "$PROJECT"/notebooks/*.ipynb "$PROJECT/notebooks/report.py" --verify --record

echo
echo "==> 3. the generated tests"
(cd "$PROJECT" && PYTHONPATH=src ../../../.venv/bin/python -m pytest -q tests)

echo
echo "Reports: $DEMO/audit.json, $DEMO/audit.sarif. Refactored project: $PROJECT (see its src/ and tests/)."
echo "Compare with the original: git diff --no-index notebooks $PROJECT/notebooks"
