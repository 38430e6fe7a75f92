#!/usr/bin/env bash
# Installs the cargo-built tools the book and notebooks need, each only if it is missing or has
# the wrong version, so running this twice costs nothing the second time.
#
#   scripts/install-tools.sh mdbook          mdBook 0.5.4 (~2-4 min to build once)
#   scripts/install-tools.sh evcxr           evcxr_jupyter 0.22.0, the Rust Jupyter kernel (~8 min idle)
#   scripts/install-tools.sh just            just (~1 min), optional: nothing requires it
#
# The versions are pinned here because the book's syntax (mdBook 0.5) and the notebook setup
# (evcxr 0.22) were checked against them.
set -euo pipefail

# `cargo install` puts binaries here; a fresh shell may not have it on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

MDBOOK_VERSION=0.5.4
EVCXR_VERSION=0.22.0

# installed <binary> <crate> <version>: true when <binary> is on PATH at <version>, as reported
# by `<binary> --version` or, for tools without that flag (evcxr_jupyter), by cargo's own list.
installed() {
    local bin="$1" crate="$2" version="$3"
    command -v "$bin" >/dev/null 2>&1 || return 1
    "$bin" --version 2>/dev/null | grep -qF "$version" && return 0
    cargo install --list 2>/dev/null | grep -qF "$crate v$version:"
}

# install <binary> <crate> <version>: `cargo install --locked` unless already installed.
install() {
    local bin="$1" crate="$2" version="$3"
    if installed "$bin" "$crate" "$version"; then
        echo "$crate $version: already installed ($(command -v "$bin"))"
        return
    fi
    echo "$crate $version: installing with cargo install --locked (a one-time build)"
    cargo install --locked "$crate@$version"
}

for tool in "$@"; do
    case "$tool" in
        mdbook) install mdbook mdbook "$MDBOOK_VERSION" ;;
        evcxr) install evcxr_jupyter evcxr_jupyter "$EVCXR_VERSION" ;;
        just)
            if command -v just >/dev/null 2>&1; then
                echo "just: already installed ($(command -v just))"
            else
                cargo install --locked just
            fi
            ;;
        *)
            echo "unknown tool '$tool' (expected mdbook, evcxr or just)" >&2
            exit 2
            ;;
    esac
done
