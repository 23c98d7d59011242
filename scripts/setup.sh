#!/usr/bin/env bash
# Set up a development environment in .venv: the pinned CPU build of torch first
# (an unpinned torch would pull a multi-GB CUDA build), then nbrefactor in
# editable mode with its test and example dependencies, and a Jupyter kernel
# inside the venv for `nbrefactor verify`. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check --quiet)
# pip warns about every unreachable local index folder configured on some machines: hide only those.
quiet_pip() {
  "${PIP[@]}" "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  return "${PIPESTATUS[0]}"
}

if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  echo "==> installing torch==$TORCH_VERSION (CPU build)"
  quiet_pip install "torch==$TORCH_VERSION"
fi

echo "==> installing nbrefactor (editable) with dev, verify, examples and torch extras"
quiet_pip install -e ".[dev,torch]"

if [ ! -d .venv/share/jupyter/kernels/python3 ]; then
  echo "==> registering the venv's Jupyter kernel"
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (nbrefactor)" >/dev/null
fi
