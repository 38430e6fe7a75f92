"""Brings pyperformance's dependency-free benchmarks into the program corpus.

    PYENV_VERSION=3.13.0 python3.13 scripts/import-pyperformance.py [UNPACKED_WHEEL_DIR]

Without a directory it downloads pyperformance 1.14.0 with pip (`pip download --no-deps`) and
unpacks it in a temporary directory. Each benchmark in BENCHMARKS becomes
tests/programs/pyperf_NAME.py: the upstream source unchanged except for a header naming where it
comes from and the substitutions listed here, which shrink the default workload so that the
corpus (every program runs under several tiers, in debug builds) stays quick. The programs
import `pyperf`, which in the corpus is tests/programs/pyperf.py: a stand-in that runs each
benchmark once with its default options. pyperformance's licence (MIT) is copied to
tests/programs/pyperformance-COPYING.txt.

Then regenerate the expectations: `PYENV_VERSION=3.13.0 python3.13 scripts/regen-programs.py`.
"""

import glob
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "tests", "programs")
VERSION = "1.14.0"

# name -> [(upstream text, replacement)]: each upstream text must occur in the source.
BENCHMARKS = {
    "barnes_hut": [("DEFAULT_ITERATIONS = 100", "DEFAULT_ITERATIONS = 2"),
                   ("DEFAULT_PARTICLES = 200", "DEFAULT_PARTICLES = 40")],
    "chaos": [("DEFAULT_ITERATIONS = 5000", "DEFAULT_ITERATIONS = 100"),
              ("DEFAULT_WIDTH = 256", "DEFAULT_WIDTH = 32"),
              ("DEFAULT_HEIGHT = 256", "DEFAULT_HEIGHT = 32")],
    "comprehensions": [],
    "coroutines": [("fibonacci(25)", "fibonacci(10)")],
    "deepcopy": [],
    "deltablue": [("    n = 100\n", "    n = 20\n")],
    "fannkuch": [("DEFAULT_ARG = 9", "DEFAULT_ARG = 6")],
    "float": [("POINTS = 100000", "POINTS = 2000")],
    "gc_collect": [("CYCLES = 100", "CYCLES = 20")],
    "gc_traversal": [("N_LEVELS = 1000", "N_LEVELS = 100")],
    "generators": [("tree(range(100000))", "tree(range(300))")],
    "go": [("GAMES = 200", "GAMES = 2")],
    "hexiom": [("DEFAULT_LEVEL = 25", "DEFAULT_LEVEL = 10")],
    "json_dumps": [("EMPTY = ({}, 2000)", "EMPTY = ({}, 20)"),
                   ("SIMPLE = (SIMPLE_DATA, 1000)", "SIMPLE = (SIMPLE_DATA, 10)"),
                   ("NESTED = (NESTED_DATA, 1000)", "NESTED = (NESTED_DATA, 10)"),
                   ("HUGE = ([NESTED[0]] * 1000, 1)", "HUGE = ([NESTED[0]] * 10, 1)")],
    "json_loads": [],
    "meteor_contest": [("SOLVE_ARG = 60", "SOLVE_ARG = 2"),
                       ("if solutions != SOLUTIONS:", "if any(s not in SOLUTIONS for s in solutions):")],
    "nbody": [("DEFAULT_ITERATIONS = 20000", "DEFAULT_ITERATIONS = 300")],
    "nqueens": [("    queen_count = 8\n", "    queen_count = 5\n")],
    "pidigits": [("DEFAULT_DIGITS = 2000", "DEFAULT_DIGITS = 100")],
    "raytrace": [("DEFAULT_WIDTH = 100", "DEFAULT_WIDTH = 12"),
                 ("DEFAULT_HEIGHT = 100", "DEFAULT_HEIGHT = 12")],
    "richards": [("self.count = 10000", "self.count = 300")],
    "richards_super": [("self.count = 10000", "self.count = 300")],
    "scimark": [("'sor': (bench_SOR, 100, 10, Array2D)", "'sor': (bench_SOR, 8, 2, Array2D)"),
                ("(bench_SparseMatMult, 1000, 50 * 1000)", "(bench_SparseMatMult, 100, 500)"),
                ("(bench_MonteCarlo, 100 * 1000,)", "(bench_MonteCarlo, 500,)"),
                ("'lu': (bench_LU, 100,)", "'lu': (bench_LU, 8,)"),
                ("'fft': (bench_FFT, 1024, 50)", "'fft': (bench_FFT, 64, 2)")],
    "spectral_norm": [("DEFAULT_N = 130", "DEFAULT_N = 12")],
    "typing_runtime_protocols": [],
    "unpack_sequence": [],
}


def fetch():
    tmp = tempfile.mkdtemp(prefix="pyperformance-")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
         f"pyperformance=={VERSION}"],
        check=True,
    )
    wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp)
    return tmp


def convert(name, source, subs):
    changes = []
    for old, new in subs:
        if old not in source:
            sys.exit(f"{name}: {old!r} not found upstream")
        source = source.replace(old, new, 1)
        changes.append(f"{old.strip()} -> {new.strip()}")
    said = "; ".join(changes) if changes else "none"
    header = (
        f"# pyperformance {VERSION} (MIT licence, tests/programs/pyperformance-COPYING.txt):\n"
        f"# benchmarks/bm_{name}/run_benchmark.py. Workload changes: {said}.\n"
        "# `pyperf` here is tests/programs/pyperf.py (runs each benchmark once).\n"
    )
    return header + source


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else fetch()
    benchmarks = os.path.join(root, "pyperformance", "data-files", "benchmarks")
    for name, subs in BENCHMARKS.items():
        with open(os.path.join(benchmarks, f"bm_{name}", "run_benchmark.py")) as f:
            source = f.read()
        with open(os.path.join(PROGRAMS, f"pyperf_{name}.py"), "w") as f:
            f.write(convert(name, source, subs))
    licence = glob.glob(os.path.join(root, f"pyperformance-{VERSION}.dist-info", "licenses", "COPYING"))
    with open(licence[0]) as src, open(os.path.join(PROGRAMS, "pyperformance-COPYING.txt"), "w") as dst:
        dst.write(src.read())
    print(f"wrote {len(BENCHMARKS)} programs to tests/programs/pyperf_*.py")


if __name__ == "__main__":
    main()
