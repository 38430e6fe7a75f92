"""Time our VM against CPython 3.13 on the benchmark programs in benches/vm/*.py.

    python3 scripts/bench-vm.py [--runs N] [--no-build] [NAME ...]

Runs with any python3 and needs nothing beyond the standard library. It builds the release
binary once (`cargo build --release`, honouring CARGO_TARGET_DIR), then for each program measures
the wall time of four commands, best of N runs (default 3):

- ours spec:    explain run FILE                  (the specializing interpreter)
- ours generic: explain run --no-specialize FILE  (the same loop without quickening)
- ours tier 2:  explain run --tier 2 FILE         (hot loops run as optimized uop traces)
- CPython:      python3.13 FILE                   (PYENV_VERSION=3.13.0, PYTHONHASHSEED=0)

and checks that the four outputs are identical (a program whose output differs, or that fails,
is reported as such and left out of the means). It prints a markdown table with the times, the
specialization speedup (generic / spec), tier 2's time relative to tier 1 (tier 2 / spec) and
our cost relative to CPython (ours spec / CPython), with geometric means, and writes the same
table to book/src/generated/vm-bench.md.
"""

import argparse
import math
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHES = os.path.join(ROOT, "benches", "vm")
OUTPUT = os.path.join(ROOT, "book", "src", "generated", "vm-bench.md")


def explain_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "explain")


def build():
    print("building: cargo build --release --bin explain", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--bin", "explain"], cwd=ROOT, check=True)


def time_once(cmd, env):
    """Wall time and result of one run; stdout is kept to compare outputs."""
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - start, run


def best_of(cmd, env, runs):
    """(best seconds, stdout, error text or None) over `runs` runs."""
    best = math.inf
    out = None
    for _ in range(runs):
        seconds, run = time_once(cmd, env)
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            return None, run.stdout, f"exit {run.returncode}: {last}"
        best = min(best, seconds)
        out = run.stdout
    return best, out, None


def measure(path, runs):
    rel = os.path.relpath(path, ROOT)
    env = dict(os.environ, PYENV_VERSION="3.13.0", PYTHONHASHSEED="0")
    exe = explain_binary()
    cpython = best_of(["python3.13", rel], env, runs)
    spec = best_of([exe, "run", rel], env, runs)
    generic = best_of([exe, "run", "--no-specialize", rel], env, runs)
    tier2 = best_of([exe, "run", "--tier", "2", rel], env, runs)
    notes = []
    for label, result in (("spec", spec), ("generic", generic), ("tier 2", tier2)):
        if result[2]:
            notes.append(f"{label} fails ({result[2]})")
        elif result[1] != cpython[1]:
            notes.append(f"{label} output differs from CPython")
    if cpython[2]:
        notes.append(f"CPython fails ({cpython[2]})")
    return {"name": os.path.basename(path)[:-3], "spec": spec[0], "generic": generic[0],
            "tier2": tier2[0], "cpython": cpython[0], "notes": "; ".join(notes)}


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}f}"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def table(rows, runs):
    lines = [
        "| program | ours spec (s) | ours generic (s) | ours tier 2 (s) | CPython 3.13 (s) "
        "| generic/spec | tier 2/spec | ours/CPython | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    speedups, tier2s, ratios = [], [], []
    for r in rows:
        ok = not r["notes"]
        speedup = r["generic"] / r["spec"] if ok else None
        tier2 = r["tier2"] / r["spec"] if ok else None
        ratio = r["spec"] / r["cpython"] if ok else None
        if ok:
            speedups.append(speedup)
            tier2s.append(tier2)
            ratios.append(ratio)
        lines.append(
            f"| {r['name']} | {fmt(r['spec'])} | {fmt(r['generic'])} | {fmt(r['tier2'])} "
            f"| {fmt(r['cpython'])} | {fmt(speedup, 2)} | {fmt(tier2, 2)} | {fmt(ratio, 2)} "
            f"| {r['notes']} |"
        )
    lines.append(
        f"| geometric mean ({len(speedups)} of {len(rows)}) | | | | "
        f"| {fmt(geomean(speedups), 2)} | {fmt(geomean(tier2s), 2)} | {fmt(geomean(ratios), 2)} | |"
    )
    header = (
        f"Wall time, best of {runs} runs, measured by `scripts/bench-vm.py` on "
        f"{platform.machine()} {platform.system()} ({os.cpu_count()} CPUs), "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}. "
        "generic/spec > 1 means specialization pays off; tier 2/spec < 1 means the uop traces "
        "are faster than tier 1; ours/CPython < 1 means faster than CPython."
    )
    return header + "\n\n" + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("names", nargs="*", help="benchmark names (default: all)")
    args = parser.parse_args()
    if not args.no_build:
        build()
    if not os.path.exists(explain_binary()):
        sys.exit(
            f"bench-vm: {explain_binary()} does not exist; run without --no-build "
            "(or set CARGO_TARGET_DIR to where the release build is)"
        )
    names = args.names or sorted(f[:-3] for f in os.listdir(BENCHES) if f.endswith(".py"))
    rows = []
    for name in names:
        print(f"measuring {name} ...", file=sys.stderr)
        rows.append(measure(os.path.join(BENCHES, name + ".py"), args.runs))
    text = table(rows, args.runs)
    print(text)
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
