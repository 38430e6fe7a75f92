"""Measure CPython 3.13's compile limits on the chains of tests/programs/limits/shapes.txt.

    PYENV_VERSION=3.13.0 python3.13 scripts/compile-limits.py [--check]

For each shape it finds the largest N whose source python3.13 compiles (running it as a script,
so the compiler starts at the recursion depth a main module has) and the error it prints for
N + 1, and writes them to tests/programs/limits/expected.txt as `NAME<TAB>N<TAB>LAST LINE`.
tests/compile_limits.rs checks `explain` against that file (and, when python3.13 is installed,
that the file still holds for it). With --check nothing is written: the script exits 1 when the
file is stale.
"""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMITS = os.path.join(ROOT, "tests", "programs", "limits")
ERRORS = ("SyntaxError", "IndentationError", "MemoryError", "RecursionError")
CEILING = 1 << 17


def shapes():
    with open(os.path.join(LIMITS, "shapes.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, *parts = line.rstrip("\n").split("\t")
            yield name, [p.replace("\\n", "\n").replace("\\t", "\t") for p in parts]


def source(parts, n):
    prefix, unit, core, closer, suffix = parts
    sp = lambda text, i: text.replace("{i}", " " * i)
    return (
        prefix
        + "".join(sp(unit, i) for i in range(n))
        + sp(core, n)
        + "".join(sp(closer, i) for i in reversed(range(n)))
        + suffix
    )


def compile_error(text):
    """The last stderr line when python3.13 refuses to compile `text`, else None."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as f:
        f.write(text)
    try:
        out = subprocess.run(
            [sys.executable, f.name], capture_output=True, text=True, timeout=60
        )
    finally:
        os.unlink(f.name)
    lines = [l for l in out.stderr.splitlines() if l.strip()]
    if "Traceback (most recent call last):" in out.stderr or not lines:
        return None
    return lines[-1] if lines[-1].startswith(ERRORS) else None


def threshold(parts):
    """(largest N that compiles, the error for N + 1), or None when no limit is reached."""
    if compile_error(source(parts, 1)):
        raise SystemExit(f"does not compile with N = 1: {parts}")
    lo, hi = 1, 2
    while not compile_error(source(parts, hi)):
        lo, hi = hi, hi * 2
        if hi > CEILING:
            return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if compile_error(source(parts, mid)):
            hi = mid
        else:
            lo = mid
    return lo, compile_error(source(parts, hi))


def main():
    check = "--check" in sys.argv[1:]
    lines = []
    for name, parts in shapes():
        found = threshold(parts)
        if found is None:
            raise SystemExit(f"{name}: no limit below {CEILING}")
        lines.append(f"{name}\t{found[0]}\t{found[1]}\n")
        print(lines[-1], end="", flush=True)
    path = os.path.join(LIMITS, "expected.txt")
    text = "".join(lines)
    if check:
        with open(path, encoding="utf-8") as f:
            sys.exit(0 if f.read() == text else 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
