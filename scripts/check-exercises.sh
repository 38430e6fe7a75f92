#!/usr/bin/env bash
# Maintainer check for the workshop exercises (the rustlings idea): every exercise must FAIL its
# tests as shipped, and PASS them (clippy-clean, rustfmt-clean) once its solution/ files are
# copied over it.
# Each exercise is copied to a temporary directory first, so the working tree is never touched.
#
# Usage: scripts/check-exercises.sh [exercise-dir ...]   (default: every exercises/NN-*/)
# The build cache goes to $CARGO_TARGET_DIR if set, else target/exercises, shared by all runs;
# shipped and solved builds use separate subdirectories so they never overwrite each other.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_base="${CARGO_TARGET_DIR:-$root/target/exercises}"

if [ "$#" -gt 0 ]; then
    exercises=("$@")
else
    exercises=(exercises/[0-9][0-9]-*/)
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

failures=0
for dir in "${exercises[@]}"; do
    dir="${dir%/}"
    name="$(basename "$dir")"
    if [ ! -d "$dir/solution" ]; then
        echo "FAIL $name: no solution/ directory" >&2
        failures=$((failures + 1))
        continue
    fi
    work="$scratch/$name"
    rm -rf "$work"
    mkdir -p "$work"
    # Copy everything except the solution and any local build output.
    # `tar -m` gives the copies fresh mtimes: cargo's freshness check is by mtime, and every
    # temporary copy maps to the same artifacts in the shared target directory.
    (cd "$dir" && tar --exclude=./solution --exclude=./target -cf - .) | (cd "$work" && tar -xmf -)

    export CARGO_TARGET_DIR="$target_base/shipped"
    # Shipped: it must compile (the first error should not be a compile error) and fail.
    if ! cargo build --quiet --tests --manifest-path "$work/Cargo.toml" 2>"$scratch/log"; then
        echo "FAIL $name: does not compile as shipped" >&2
        cat "$scratch/log" >&2
        failures=$((failures + 1))
        continue
    fi
    if cargo test --quiet --manifest-path "$work/Cargo.toml" >"$scratch/log" 2>&1; then
        echo "FAIL $name: tests pass as shipped (the exercise has nothing to do)" >&2
        failures=$((failures + 1))
        continue
    fi

    # Solved: copy solution/ over the exercise; tests and clippy must pass.
    cp -R "$dir/solution/." "$work/"
    export CARGO_TARGET_DIR="$target_base/solved"
    if ! cargo test --quiet --manifest-path "$work/Cargo.toml" >"$scratch/log" 2>&1; then
        echo "FAIL $name: tests fail with the solution" >&2
        cat "$scratch/log" >&2
        failures=$((failures + 1))
        continue
    fi
    if ! cargo clippy --quiet --all-targets --manifest-path "$work/Cargo.toml" -- -D warnings \
        2>"$scratch/log"; then
        echo "FAIL $name: clippy warns on the solution" >&2
        cat "$scratch/log" >&2
        failures=$((failures + 1))
        continue
    fi
    if ! cargo fmt --manifest-path "$work/Cargo.toml" -- --check >"$scratch/log" 2>&1; then
        echo "FAIL $name: shipped or solution files are not rustfmt-formatted" >&2
        cat "$scratch/log" >&2
        failures=$((failures + 1))
        continue
    fi
    echo "ok   $name: fails as shipped, passes with its solution"
done

if [ "$failures" -gt 0 ]; then
    echo "$failures exercise(s) failed the check" >&2
    exit 1
fi
