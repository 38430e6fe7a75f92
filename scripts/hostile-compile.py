"""Time the front end on hostile input, against CPython 3.13 (issue 13, item 4).

    python3 scripts/hostile-compile.py [--explain target/release/explain] [--python python3.13]

Each input is written to a temporary file and run with `explain run` and with CPython (every
input runs in no time, so this is the cost of compiling it); the table gives the wall time,
the peak memory (from /usr/bin/time) and the last line each printed on stderr, so the shape of
the cost is visible: it should grow linearly up to CPython's limits, and stay flat past them,
where both refuse with the same error.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

INPUTS = [
    ("tilde", lambda n: "x = " + "~" * n + "1\n", [1_000, 2_000, 4_000, 5_000, 5_966, 20_000, 100_000, 1_000_000]),
    ("nested (lambda:", lambda n: "x = " + "(lambda:" * n + "1" + ")" * n + "\n", [150, 20_000]),
    ("lambda: lambda:", lambda n: "x = " + "lambda: " * n + "1\n", [2_900, 20_000]),
    ("parentheses", lambda n: "x = " + "(" * n + "1" + ")" * n + "\n", [200, 10_000, 1_000_000]),
    ("a + a + ...", lambda n: "a = 1\nx = " + " + ".join(["a"] * n) + "\n", [5_000, 9_999, 14_000, 100_000]),
    ("not not ...", lambda n: "x = " + "not " * n + "1\n", [5_000, 100_000]),
    ("nested if", lambda n: "".join(" " * i + "if 1:\n" for i in range(n)) + " " * n + "pass\n", [99, 3_000]),
    ("nested if (tabs)", lambda n: "".join("\t" * i + "if 1:\n" for i in range(n)) + "\t" * n + "pass\n", [99, 3_000]),
    ("many statements", lambda n: "x = 0\n" + "x = x + 1\n" * n, [10_000, 100_000, 1_000_000]),
    ("long list", lambda n: "x = [" + "1, " * n + "]\n", [10_000, 100_000]),
]


def measure(cmd):
    timer = shutil.which("time") and os.path.exists("/usr/bin/time")
    full = ["/usr/bin/time", "-f", "%M"] + cmd if timer else cmd
    start = time.perf_counter()
    out = subprocess.run(full, capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - start
    lines = [l for l in out.stderr.splitlines() if l.strip()]
    peak = ""
    if timer and lines and lines[-1].strip().isdigit():
        peak = f"{int(lines.pop()) / 1024:.0f} MB"
    last = lines[-1] if lines else ""
    if len(last) > 60:
        last = last[:57] + "..."
    return took, peak, last


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", default=os.path.join(ROOT, "target", "release", "explain"))
    parser.add_argument("--python", default="python3.13")
    args = parser.parse_args()
    os.environ["PYENV_VERSION"] = "3.13.0"
    python = shutil.which(args.python)
    if python:
        # The interpreter itself, not a pyenv shim (which adds ~0.5 s to every start).
        probe = [python, "-c", "import sys; print(sys.executable)"]
        python = subprocess.run(probe, capture_output=True, text=True).stdout.strip() or python
    print("| input | n | explain run | peak | python3.13 | peak | explain says | CPython says |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, sizes in INPUTS:
            for n in sizes:
                path = os.path.join(tmp, "hostile.py")
                with open(path, "w") as f:
                    f.write(make(n))
                ours = measure([args.explain, "run", path])
                theirs = measure([python, path]) if python else ("-", "-", "-")
                cpy = f"{theirs[0]:.2f}s" if python else "-"
                print(
                    f"| {name} | {n:,} | {ours[0]:.2f}s | {ours[1]} | {cpy} | {theirs[1]} "
                    f"| {ours[2] or 'ok'} | {theirs[2] or 'ok'} |",
                    flush=True,
                )


if __name__ == "__main__":
    sys.exit(main())
