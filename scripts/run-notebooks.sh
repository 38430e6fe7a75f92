#!/usr/bin/env bash
# Runs every notebook under notebooks/ headless with the Rust kernel; exits non-zero when a
# cell fails (a cell tagged `raises-exception` may fail on purpose). The notebooks are not
# modified: `jupyter execute` without `--output` keeps outputs in memory only.
#
#   scripts/run-notebooks.sh [notebook.ipynb ...]    (default: notebooks/*.ipynb)
#
# The kernel compiles the workspace crates a notebook depends on when it starts, hence the
# generous startup timeout. evcxr builds in a fresh temporary directory outside the repository
# (cargo would otherwise take the generated crate for a member of our workspace).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/notebook-env.sh"

if [ "$#" -gt 0 ]; then
    notebooks=("$@")
else
    notebooks=(notebooks/*.ipynb)
fi
export JUPYTER_PATH="$root/.venv/share/jupyter"
for notebook in "${notebooks[@]}"; do
    echo "== $notebook"
    start=$SECONDS
    .venv/bin/jupyter execute --kernel_name=rust --startup_timeout=600 "$notebook"
    echo "   ok in $((SECONDS - start)) s"
done
