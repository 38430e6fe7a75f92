#!/usr/bin/env bash
# Opens JupyterLab on the notebooks, installing JupyterLab into .venv the first time.
# Extra arguments go to `jupyter lab` (e.g. --no-browser --port 8888).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/notebook-env.sh" lab
# Jupyter refuses to run as root unless told; containers and workshop VMs often are root.
extra=()
if [ "$(id -u)" = 0 ]; then
    extra=(--allow-root)
fi
JUPYTER_PATH="$root/.venv/share/jupyter" exec .venv/bin/jupyter lab notebooks "${extra[@]}" "$@"
