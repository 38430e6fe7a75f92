"""Time our VM against CPython 3.13 on the benchmark set: pyperformance's dependency-free
programs and our own seven in benches/vm/*.py.

    python3 scripts/bench-vm.py [--runs N] [--no-build] [--set all|pyperf|own] [NAME ...]

Runs with any python3 and needs nothing beyond the standard library. It builds the release
binary once (`cargo build --release`, honouring CARGO_TARGET_DIR). The pyperformance programs
are the corpus's tests/programs/pyperf_*.py with their workloads grown back by BENCH_SIZES
(to 0.2-1 s on CPython), written with the `pyperf` stand-in to target/bench-vm/. Then for each
program it measures the wall time and peak memory (max RSS) of four commands, best of N runs
(default 3):

- ours spec:    explain run FILE                  (the specializing interpreter)
- ours generic: explain run --no-specialize FILE  (the same loop without quickening)
- ours tier 2:  explain run --tier 2 FILE         (hot loops run as optimized uop traces)
- CPython:      python3.13 FILE                   (pyenv's 3.13.0 binary itself, PYTHONHASHSEED=0)

and checks that the four outputs are identical (a program whose output differs, or that fails,
is reported as such and left out of the means). It prints a markdown table with the times, the
specialization speedup (generic / spec), tier 2's time relative to tier 1 (tier 2 / spec), our
cost relative to CPython (ours spec / CPython) and our peak memory relative to CPython's, with
geometric means, and writes the same table to book/src/generated/vm-bench.md.
"""

import argparse
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHES = os.path.join(ROOT, "benches", "vm")
PROGRAMS = os.path.join(ROOT, "tests", "programs")
OUTPUT = os.path.join(ROOT, "book", "src", "generated", "vm-bench.md")
# The crate's README carries the same table between these two lines.
CRATE_README = os.path.join(ROOT, "crates", "tracer", "README.md")
README_BEGIN = "<!-- vm-bench: begin (written by scripts/bench-vm.py) -->"
README_END = "<!-- vm-bench: end -->"

# pyperformance program -> [(text in tests/programs/pyperf_NAME.py, bench text)]: the corpus
# shrinks the upstream workloads (scripts/import-pyperformance.py) so that tests stay quick;
# these grow them back, to upstream's defaults or, for the slowest, to 0.2-1 s on CPython.
BENCH_SIZES = {
    "barnes_hut": [("DEFAULT_ITERATIONS = 2", "DEFAULT_ITERATIONS = 20"),
                   ("DEFAULT_PARTICLES = 40", "DEFAULT_PARTICLES = 200")],
    "chaos": [("DEFAULT_ITERATIONS = 100", "DEFAULT_ITERATIONS = 5000"),
              ("DEFAULT_WIDTH = 32", "DEFAULT_WIDTH = 256"),
              ("DEFAULT_HEIGHT = 32", "DEFAULT_HEIGHT = 256")],
    "comprehensions": [],
    "coroutines": [("fibonacci(10)", "fibonacci(25)")],
    "deepcopy": [],
    "deltablue": [("    n = 20\n", "    n = 600\n")],
    "fannkuch": [("DEFAULT_ARG = 6", "DEFAULT_ARG = 8")],
    "float": [("POINTS = 2000", "POINTS = 100000")],
    "gc_collect": [("CYCLES = 20", "CYCLES = 100")],
    "gc_traversal": [("N_LEVELS = 100", "N_LEVELS = 1000")],
    "generators": [("tree(range(300))", "tree(range(20000))")],
    "go": [("GAMES = 2", "GAMES = 160")],
    "hexiom": [("DEFAULT_LEVEL = 10", "DEFAULT_LEVEL = 25")],
    "json_dumps": [("EMPTY = ({}, 20)", "EMPTY = ({}, 2000)"),
                   ("SIMPLE = (SIMPLE_DATA, 10)", "SIMPLE = (SIMPLE_DATA, 1000)"),
                   ("NESTED = (NESTED_DATA, 10)", "NESTED = (NESTED_DATA, 1000)"),
                   ("HUGE = ([NESTED[0]] * 10, 1)", "HUGE = ([NESTED[0]] * 1000, 1)")],
    "json_loads": [],
    "meteor_contest": [("SOLVE_ARG = 2", "SOLVE_ARG = 60")],
    "nbody": [("DEFAULT_ITERATIONS = 300", "DEFAULT_ITERATIONS = 20000")],
    "nqueens": [("    queen_count = 5\n", "    queen_count = 8\n")],
    "pidigits": [("DEFAULT_DIGITS = 100", "DEFAULT_DIGITS = 2000")],
    "raytrace": [("DEFAULT_WIDTH = 12", "DEFAULT_WIDTH = 70"),
                 ("DEFAULT_HEIGHT = 12", "DEFAULT_HEIGHT = 70")],
    "richards": [("self.count = 300", "self.count = 10000")],
    "richards_super": [("self.count = 300", "self.count = 10000")],
    "scimark": [("'sor': (bench_SOR, 8, 2, Array2D)", "'sor': (bench_SOR, 100, 3, Array2D)"),
                ("(bench_SparseMatMult, 100, 500)", "(bench_SparseMatMult, 1000, 15 * 1000)"),
                ("(bench_MonteCarlo, 500,)", "(bench_MonteCarlo, 30 * 1000,)"),
                ("'lu': (bench_LU, 8,)", "'lu': (bench_LU, 60,)"),
                ("'fft': (bench_FFT, 64, 2)", "'fft': (bench_FFT, 1024, 15)")],
    "spectral_norm": [("DEFAULT_N = 12", "DEFAULT_N = 120")],
    "typing_runtime_protocols": [],
    "unpack_sequence": [],
}

# Loops where one run of the benchmark is too short to time: bench copies of the stand-in
# take the count as the program's first argument (`bench_time_func` passes it as `loops`,
# `bench_func` calls the function that many times).
BENCH_LOOPS = {"chaos": 2, "comprehensions": 5000, "coroutines": 6, "deepcopy": 400,
               "deltablue": 8, "fannkuch": 4, "float": 2, "gc_collect": 30, "gc_traversal": 30,
               "generators": 25, "go": 2, "hexiom": 25, "json_dumps": 15, "json_loads": 400,
               "nqueens": 2, "richards": 4, "richards_super": 3, "spectral_norm": 2,
               "typing_runtime_protocols": 300, "unpack_sequence": 8000}


def pyperf_programs():
    """Writes the bench-sized pyperformance programs (and the pyperf stand-in) under
    target/bench-vm/ and returns {name: (path, arguments)}."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    out = os.path.join(target, "bench-vm")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(PROGRAMS, "pyperf.py")) as src:
        standin = src.read()
    # bench_time_func's benchmarks take a loop count: the program's first argument here.
    if "        func(1, *args)\n" not in standin:
        sys.exit("bench-vm: tests/programs/pyperf.py no longer calls `func(1, *args)`")
    standin = standin.replace("        func(1, *args)\n", "        func(LOOPS, *args)\n")
    # ... and bench_func's run the function that many times.
    if "        result = func(*args)\n" not in standin:
        sys.exit("bench-vm: tests/programs/pyperf.py no longer calls `result = func(*args)`")
    standin = standin.replace(
        "        result = func(*args)\n",
        "        for _ in range(LOOPS - 1):\n            func(*args)\n        result = func(*args)\n")
    standin += "\nimport sys\n\nLOOPS = int(sys.argv[1]) if len(sys.argv) > 1 else 1\n"
    with open(os.path.join(out, "pyperf.py"), "w") as dst:
        dst.write(standin)
    paths = {}
    for name, subs in BENCH_SIZES.items():
        with open(os.path.join(PROGRAMS, f"pyperf_{name}.py")) as f:
            source = f.read()
        # The corpus's header names its own substitutions: change only the code below it.
        lines = source.splitlines(keepends=True)
        top = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        header, source = "".join(lines[:top]), "".join(lines[top:])
        for old, new in subs:
            if old not in source:
                sys.exit(f"bench-vm: {old!r} not found in tests/programs/pyperf_{name}.py")
            source = source.replace(old, new, 1)
        source = header + source
        said = "; ".join(f"{o.strip()} -> {n.strip()}" for o, n in subs) or "none"
        path = os.path.join(out, f"pyperf_{name}.py")
        with open(path, "w") as f:
            f.write(f"# Bench-sized by scripts/bench-vm.py from the corpus: {said}.\n" + source)
        paths[f"pyperf_{name}"] = (path, [str(BENCH_LOOPS[name])] if name in BENCH_LOOPS else [])
    return paths


def explain_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "explain")


def build():
    print("building: cargo build --release --bin explain", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--bin", "explain"], cwd=ROOT, check=True)


def maxrss_tool():
    """scripts/maxrss.c, compiled with gcc into target/bench-vm/: it runs a command and writes
    the command's peak memory. (Measured from here, every child would report at least this
    Python's own size: Linux keeps the peak across fork and exec.)"""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    tool = os.path.join(target, "bench-vm", "maxrss")
    source = os.path.join(ROOT, "scripts", "maxrss.c")
    if not os.path.exists(tool) or os.path.getmtime(tool) < os.path.getmtime(source):
        os.makedirs(os.path.dirname(tool), exist_ok=True)
        subprocess.run(["gcc", "-O2", "-o", tool, source], check=True)
    return tool


def time_once(cmd, env, cwd):
    """Wall time, peak memory (max RSS, KiB) and result of one run; stdout is kept to compare
    outputs. The time includes the few microseconds of the maxrss wrapper's fork."""
    tool = maxrss_tool()
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        start = time.perf_counter()
        run = subprocess.run([tool, rss.name, *cmd], cwd=cwd, env=env,
                             capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - start
        peak = int(open(rss.name).read().strip() or 0)
    return seconds, peak, run.returncode, run.stdout, run.stderr


def best_of(cmd, env, runs, cwd):
    """(best seconds, max RSS of that run, stdout, error text or None) over `runs` runs."""
    best, rss = math.inf, None
    out = None
    for _ in range(runs):
        seconds, maxrss, code, stdout, stderr = time_once(cmd, env, cwd)
        if code != 0:
            last = (stderr.strip().splitlines() or ["(no stderr)"])[-1]
            return None, None, stdout, f"exit {code}: {last}"
        if seconds < best:
            best, rss = seconds, maxrss
        out = stdout
    return best, rss, out, None


def cpython_executable():
    """python3.13's own binary: run through pyenv's shim, each start would cost CPython a
    shell script and a second exec (a tenth of a second or more), which is not CPython's."""
    env = dict(os.environ, PYENV_VERSION="3.13.0")
    return subprocess.run(["python3.13", "-c", "import sys; print(sys.executable)"], env=env,
                          capture_output=True, text=True, check=True).stdout.strip()


def measure(name, program, runs, python):
    path, argv = program
    cwd = os.path.dirname(path)
    rel = os.path.basename(path)
    env = dict(os.environ, PYENV_VERSION="3.13.0", PYTHONHASHSEED="0")
    exe = explain_binary()
    cpython = best_of([python, rel, *argv], env, runs, cwd)
    spec = best_of([exe, "run", rel, *argv], env, runs, cwd)
    generic = best_of([exe, "run", "--no-specialize", rel, *argv], env, runs, cwd)
    tier2 = best_of([exe, "run", "--tier", "2", rel, *argv], env, runs, cwd)
    notes = []
    for label, result in (("spec", spec), ("generic", generic), ("tier 2", tier2)):
        if result[3]:
            notes.append(f"{label} fails ({result[3]})")
        elif result[2] != cpython[2]:
            notes.append(f"{label} output differs from CPython")
    if cpython[3]:
        notes.append(f"CPython fails ({cpython[3]})")
    return {"name": name, "spec": spec[0], "generic": generic[0], "tier2": tier2[0],
            "cpython": cpython[0], "rss": spec[1], "cpython_rss": cpython[1],
            "notes": "; ".join(notes)}


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}f}"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def table(rows, runs):
    lines = [
        "| program | ours spec (s) | ours generic (s) | ours tier 2 (s) | CPython 3.13 (s) "
        "| generic/spec | tier 2/spec | ours/CPython | max RSS ours/CPython | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    speedups, tier2s, ratios, memory = [], [], [], []
    for r in rows:
        ok = not r["notes"]
        speedup = r["generic"] / r["spec"] if ok else None
        tier2 = r["tier2"] / r["spec"] if ok else None
        ratio = r["spec"] / r["cpython"] if ok else None
        rss = r["rss"] / r["cpython_rss"] if ok and r["rss"] and r["cpython_rss"] else None
        if ok:
            speedups.append(speedup)
            tier2s.append(tier2)
            ratios.append(ratio)
            memory.append(rss)
        lines.append(
            f"| {r['name']} | {fmt(r['spec'])} | {fmt(r['generic'])} | {fmt(r['tier2'])} "
            f"| {fmt(r['cpython'])} | {fmt(speedup, 2)} | {fmt(tier2, 2)} | {fmt(ratio, 2)} "
            f"| {fmt(rss, 2)} | {r['notes']} |"
        )
    lines.append(
        f"| geometric mean ({len(speedups)} of {len(rows)}) | | | | "
        f"| {fmt(geomean(speedups), 2)} | {fmt(geomean(tier2s), 2)} | {fmt(geomean(ratios), 2)} "
        f"| {fmt(geomean(memory), 2)} | |"
    )
    header = (
        f"Wall time, best of {runs} runs, measured by `scripts/bench-vm.py` on "
        f"{platform.machine()} {platform.system()} ({os.cpu_count()} CPUs), "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}. "
        "generic/spec > 1 means specialization pays off; tier 2/spec < 1 means the uop traces "
        "are faster than tier 1; ours/CPython < 1 means faster than CPython; max RSS is the "
        "peak memory of the timed run (ours spec against CPython). Programs named pyperf_* "
        "are pyperformance 1.14.0's, run once each through the `pyperf` stand-in."
    )
    return header + "\n\n" + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("--set", choices=["all", "pyperf", "own"], default="all",
                        help="pyperformance's programs, our own seven, or both (default)")
    parser.add_argument("names", nargs="*", help="benchmark names (default: the whole set)")
    args = parser.parse_args()
    if not args.no_build:
        build()
    if not os.path.exists(explain_binary()):
        sys.exit(
            f"bench-vm: {explain_binary()} does not exist; run without --no-build "
            "(or set CARGO_TARGET_DIR to where the release build is)"
        )
    programs = {}
    if args.set in ("all", "pyperf"):
        programs.update(pyperf_programs())
    if args.set in ("all", "own"):
        programs.update({f[:-3]: (os.path.join(BENCHES, f), [])
                         for f in sorted(os.listdir(BENCHES)) if f.endswith(".py")})
    names = args.names or list(programs)
    unknown = [n for n in names if n not in programs]
    if unknown:
        sys.exit(f"bench-vm: no such program: {', '.join(unknown)}")
    python = cpython_executable()
    rows = []
    for name in names:
        print(f"measuring {name} ...", file=sys.stderr)
        rows.append(measure(name, programs[name], args.runs, python))
    text = table(rows, args.runs)
    print(text)
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}", file=sys.stderr)
    if args.names or args.set != "all":
        return  # a partial run leaves the README's whole-set table alone
    with open(CRATE_README, encoding="utf-8") as f:
        readme = f.read()
    head, rest = readme.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    with open(CRATE_README, "w", encoding="utf-8") as f:
        f.write(f"{head}{README_BEGIN}\n{text.rstrip()}\n{README_END}{tail}")
    print(f"wrote {os.path.relpath(CRATE_README, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
