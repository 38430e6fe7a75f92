"""The copy-and-patch JIT on the VM benchmarks: compile speed and run speed, one run each.

    python3 scripts/bench-jit.py [--no-build] [--runs N] [NAME ...]

Runs with any python3 and only the standard library. Builds the release binary once (honouring
CARGO_TARGET_DIR), then for each program in benches/vm/ runs, once each:

- tier 1:  explain run FILE                 (the specializing interpreter)
- uop:     explain run --tier 2 FILE        (traces run by the uop interpreter)
- jit:     explain run --jit FILE           (traces compiled by the copy-and-patch JIT)
- CPython: python3.13 FILE                  (PYENV_VERSION=3.13.0, PYTHONHASHSEED=0)

checks that the outputs agree, and reads the JIT's compile time per uop from
`explain run --jit --stats` (its `jit:` line: all of it, and copying and patching alone).
Prints a markdown table of times and ratios
(jit/uop, jit/tier 1, jit/CPython: below 1 means the JIT is faster) and writes it to
book/src/generated/jit-bench.md. One run per command by default: the ratios are rough on a
busy machine. `--runs N` runs the four commands N times, interleaved, and keeps each one's
fastest run (single runs of one program moved by up to 25% on the 2-core machine).
"""

import argparse
import math
import os
import platform
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHES = os.path.join(ROOT, "benches", "vm")
OUTPUT = os.path.join(ROOT, "book", "src", "generated", "jit-bench.md")


def explain_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "explain")


def timed(cmd, env):
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["(no stderr)"])[-1]
        return None, run, f"exit {run.returncode}: {last}"
    return seconds, run, None


def measure(name, repeat=1):
    rel = os.path.relpath(os.path.join(BENCHES, name + ".py"), ROOT)
    env = dict(os.environ, PYENV_VERSION="3.13.0", PYTHONHASHSEED="0")
    exe = explain_binary()
    commands = {
        "tier1": [exe, "run", rel],
        "uop": [exe, "run", "--tier", "2", rel],
        "jit": [exe, "run", "--jit", rel],
        "cpython": ["python3.13", rel],
    }
    runs = {}
    for _ in range(repeat):
        for k, cmd in commands.items():
            r = timed(cmd, env)
            if k not in runs or (r[0] is not None and (runs[k][0] is None or r[0] < runs[k][0])):
                runs[k] = r
    notes = [f"{k} fails ({r[2]})" for k, r in runs.items() if r[2]]
    want = runs["cpython"][1].stdout
    notes += [f"{k} output differs" for k, r in runs.items() if not r[2] and r[1].stdout != want]
    stats = subprocess.run([exe, "run", "--jit", "--stats", rel], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    found = re.search(r"jit: (\d+) executors compiled .*?, (\d+) uops, (\d+) bytes of code, "
                      r"(\d+) ns per uop \((\d+) copying and patching", stats.stderr)
    row = {k: r[0] for k, r in runs.items()}
    row.update(name=name, notes="; ".join(notes))
    row["executors"], row["uops"], row["bytes"], row["ns"], row["patch_ns"] = (
        tuple(int(x) for x in found.groups()) if found else (None,) * 5)
    return row


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}f}"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def table(rows, repeat=1):
    lines = [
        "| program | tier 1 (s) | uop interp (s) | JIT (s) | CPython 3.13 (s) | jit/uop | "
        "jit/tier 1 | jit/CPython | executors | uops compiled | code bytes | compile ns/uop "
        "| copy-and-patch ns/uop | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    cols = {"uop": [], "tier1": [], "cpython": []}
    for r in rows:
        ok = not r["notes"]
        ratios = {k: (r["jit"] / r[k] if ok else None) for k in cols}
        for k in cols:
            cols[k].append(ratios[k])
        lines.append(
            f"| {r['name']} | {fmt(r['tier1'])} | {fmt(r['uop'])} | {fmt(r['jit'])} "
            f"| {fmt(r['cpython'])} | {fmt(ratios['uop'], 2)} | {fmt(ratios['tier1'], 2)} "
            f"| {fmt(ratios['cpython'], 2)} | {r['executors']} | {r['uops']} | {r['bytes']} "
            f"| {r['ns']} | {r['patch_ns']} | {r['notes']} |")
    lines.append(
        f"| geometric mean | | | | | {fmt(geomean(cols['uop']), 2)} "
        f"| {fmt(geomean(cols['tier1']), 2)} | {fmt(geomean(cols['cpython']), 2)} | | | | | | |")
    header = (
        f"Wall time, {'one run each' if repeat == 1 else f'the fastest of {repeat} interleaved runs each'},"
        f" measured by `scripts/bench-jit.py` on {platform.machine()} "
        f"{platform.system()} ({os.cpu_count()} CPUs), {time.strftime('%Y-%m-%d', time.gmtime())}."
        " Ratios below 1 mean the JIT is faster. Compile ns/uop is the whole compile time per uop "
        "(laying out, getting fresh pages, copying, patching, mprotect); copy-and-patch ns/uop "
        "counts laying out, copying and patching alone (no system calls, no page faults); both "
        "from `explain run --jit --stats`.")
    return header + "\n\n" + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per command, interleaved; the fastest counts (default 1)")
    parser.add_argument("names", nargs="*", help="benchmark names (default: all)")
    args = parser.parse_args()
    if not args.no_build:
        print("building: cargo build --release --bin explain", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--bin", "explain"], cwd=ROOT, check=True)
    if not os.path.exists(explain_binary()):
        sys.exit(f"bench-jit: {explain_binary()} does not exist; run without --no-build")
    names = args.names or sorted(f[:-3] for f in os.listdir(BENCHES) if f.endswith(".py"))
    rows = []
    for name in names:
        print(f"measuring {name} ...", file=sys.stderr)
        rows.append(measure(name, max(1, args.runs)))
    text = table(rows, max(1, args.runs))
    print(text)
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
