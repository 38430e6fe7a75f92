#!/usr/bin/env bash
# Prepares everything the notebooks need, doing only what is missing:
#   1. the evcxr_jupyter binary (the Rust kernel; `cargo install`, ~8 minutes once on an idle 2-core machine);
#   2. a venv in .venv with Jupyter's headless runner (requirements.txt). `--without-pip` plus
#      `pip --python` works on Debian/Ubuntu without the python3-venv package and without
#      touching the "externally managed" system Python;
#   3. the kernel registered inside the venv (.venv/share/jupyter/kernels/rust), so nothing is
#      written to the user's global Jupyter directories.
# Pass `lab` to also install JupyterLab (requirements-lab.txt).
set -euo pipefail

# `cargo install` puts binaries here; a fresh shell may not have it on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/install-tools.sh" evcxr

if [ ! -x .venv/bin/python ]; then
    echo "creating .venv"
    python3 -m venv --without-pip .venv
fi
if ! .venv/bin/python -c 'import nbclient' 2>/dev/null; then
    echo "installing requirements.txt into .venv"
    python3 -m pip --python .venv/bin/python install --quiet -r requirements.txt
fi
if [ "${1:-}" = "lab" ] && ! .venv/bin/python -c 'import jupyterlab' 2>/dev/null; then
    echo "installing requirements-lab.txt (JupyterLab) into .venv"
    python3 -m pip --python .venv/bin/python install --quiet -r requirements-lab.txt
fi
if [ ! -f .venv/share/jupyter/kernels/rust/kernel.json ]; then
    echo "registering the evcxr kernel in .venv"
    JUPYTER_PATH="$root/.venv/share/jupyter" evcxr_jupyter --install
fi
