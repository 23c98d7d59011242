#!/usr/bin/env bash
# The README's test command: set up .venv, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> ruff and mypy"
.venv/bin/ruff check src tests
.venv/bin/mypy
echo "==> nbrefactor audits its own repository (input problems only)"
.venv/bin/nbrefactor audit . --select NBR9 --quiet --no-cache
echo "==> pytest"
exec .venv/bin/python -m pytest -q "$@"
