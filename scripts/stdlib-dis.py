"""Compile every .py of python3.13's standard library with `explain dis` and with
`python3.13 -m dis`, and compare the listings (issue 10).

    python3 scripts/stdlib-dis.py [--jobs N] [--explain PATH] [--no-build] [--details]
                                  [--only SUBSTRING] [--examples N] [--out FILE]

Runs with any python3 and needs nothing beyond the standard library. It builds the release
binary once (`cargo build --release --bin explain`, honouring CARGO_TARGET_DIR), finds the
stdlib of `python3.13` (PYENV_VERSION=3.13.0; site-packages is left out) and, for each file:

- CPython's listing is what `python3.13 -m dis FILE` prints: the file read as bytes,
  `compile(source, FILE, "exec")`, `dis.dis(code)`. It is computed by long-lived python3.13
  workers (PYTHONHASHSEED=0, so frozensets of strings have one order) and cached, gzipped, under
  target/stdlib-dis/cpython/ by the hash of the path and source, so later runs only run our side.
- Ours is `explain dis FILE` (a listing never runs, so it accepts what the VM cannot run yet).

Code object addresses (` at 0x...`) are the only thing normalized. Each file lands in one
class: identical listing; different listing (its first differing line); not supported yet
(our compiler refused a construct); false syntax error (we refused what CPython compiles);
panic; timeout; or, for the few files CPython itself refuses, left out of the count. The
report gives the totals, then the causes grouped and sorted by the number of files they
affect, so the biggest blockers come first. target/stdlib-dis/report.md (or `--out`) gets the
same report plus every file's first difference; `--details` prints that part too.

The machine is shared: at most `--jobs` (default 2) processes run at a time, under `nice`.
"""

import argparse
import collections
import concurrent.futures
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
WORK = os.path.join(TARGET, "stdlib-dis")
TIMEOUT = 120

# Runs inside python3.13: reads file paths on stdin, writes each listing to the cache and
# answers one JSON line per file ({"path", "ok", "error"}).
CPYTHON_WORKER = r"""
import dis, gzip, hashlib, io, json, os, sys, warnings
warnings.simplefilter("ignore")
cache = sys.argv[1]
for line in sys.stdin:
    path = line.rstrip("\n")
    source = open(path, "rb").read()
    key = hashlib.sha1(path.encode() + b"\0" + source).hexdigest()
    out = {"path": path, "ok": True, "error": None}
    try:
        code = compile(source, path, "exec")
        buf = io.StringIO()
        dis.dis(code, file=buf)
        text = buf.getvalue()
    except Exception as e:
        out["ok"] = False
        out["error"] = f"{type(e).__name__}: {e}"
        text = None
    entry = os.path.join(cache, key + ".json.gz")
    with gzip.open(entry + ".tmp", "wt", compresslevel=1) as f:
        json.dump({"ok": out["ok"], "error": out["error"], "listing": text}, f)
    os.replace(entry + ".tmp", entry)
    print(json.dumps(out), flush=True)
"""

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
OPNAME = re.compile(r"\b([A-Z][A-Z_][A-Z0-9_]*)\b")
SUPPORT = re.compile(r"not supported yet: (.*?)(?: at \S+:\d+:\d+)?$", re.M)


def python313_env():
    env = dict(os.environ, PYENV_VERSION="3.13.0", PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    return env


def stdlib_files(only):
    out = subprocess.run(
        ["python3.13", "-c", 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'],
        env=python313_env(), capture_output=True, text=True, check=True,
    )
    stdlib = out.stdout.strip()
    files = []
    for root, dirs, names in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for n in sorted(names):
            if n.endswith(".py"):
                path = os.path.join(root, n)
                if only is None or only in path:
                    files.append(path)
    return stdlib, files


def cache_key(path):
    """The listing names the file, so the key is the path and the source."""
    with open(path, "rb") as f:
        return hashlib.sha1(path.encode() + b"\0" + f.read()).hexdigest()


def cpython_listings(files, jobs):
    """Fills the cache for files that lack an entry; returns {path: cache file}."""
    cache = os.path.join(WORK, "cpython")
    os.makedirs(cache, exist_ok=True)
    entries = {p: os.path.join(cache, cache_key(p) + ".json.gz") for p in files}
    missing = [p for p in files if not os.path.exists(entries[p])]
    if missing:
        print(f"CPython listings: computing {len(missing)} (cached in {cache})", file=sys.stderr)
        chunks = [missing[i::jobs] for i in range(jobs)]
        procs = []
        for chunk in chunks:
            if not chunk:
                continue
            p = subprocess.Popen(
                ["nice", "-n", "10", "python3.13", "-c", CPYTHON_WORKER, cache],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=python313_env(), text=True,
            )
            p.stdin.write("".join(c + "\n" for c in chunk))
            p.stdin.close()
            procs.append(p)
        for p in procs:
            p.wait()
    return entries


def first_difference(ours, theirs):
    a, b = ours.splitlines(), theirs.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i, x, y
    n = min(len(a), len(b))
    return n, (a[n] if n < len(a) else "<end>"), (b[n] if n < len(b) else "<end>")


def opname(line):
    m = OPNAME.search(line)
    return m.group(1) if m else "(no instruction)"


def difference_cause(ours_line, their_line):
    """A short key grouping first differences that likely share a cause."""
    if ours_line == "<end>" or their_line == "<end>":
        return "listing ends early" if ours_line == "<end>" else "listing runs on"
    if ours_line.startswith("Disassembly") or their_line.startswith("Disassembly"):
        return "different code objects (Disassembly of ...)"
    a, b = opname(ours_line), opname(their_line)
    if a != b:
        return f"{a} where CPython has {b}"
    lineno = re.compile(r"^\s*(\d+)?\s")
    ma, mb = lineno.match(ours_line), lineno.match(their_line)
    rest = lambda s: s[24:] if len(s) > 24 else s  # noqa: E731 (the columns after the line)
    if ma and mb and ma.group(1) != mb.group(1) and rest(ours_line) == rest(their_line):
        return f"line number of {a}"
    return f"argument of {a}"


def ours(explain, path):
    start = time.perf_counter()
    try:
        out = subprocess.run(
            ["nice", "-n", "10", explain, "dis", path],
            capture_output=True, text=True, errors="replace", timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "stdout": "", "stderr": "", "seconds": TIMEOUT}
    took = time.perf_counter() - start
    return {"status": out.returncode, "stdout": out.stdout, "stderr": out.stderr, "seconds": took}


def classify(path, entry, explain):
    with gzip.open(entry, "rt") as f:
        ref = json.load(f)
    if not ref["ok"]:
        return path, "cpython refuses", ref["error"], None
    got = ours(explain, path)
    err = got["stderr"]
    if got["status"] == "timeout":
        return path, "timeout", f"no answer in {TIMEOUT}s", None
    if "panicked" in err or got["status"] == 101 or got["status"] < 0:
        where = next((l for l in err.splitlines() if "panicked" in l), err.strip()[-200:])
        return path, "panic", where, None
    if got["status"] != 0:
        m = SUPPORT.search(err)
        if m:
            construct = re.sub(r"\s*\(only .*\)$", "", m.group(1).strip())
            return path, "unsupported", construct, err.strip().splitlines()[-1]
        last = err.strip().splitlines()[-1] if err.strip() else f"exit {got['status']}"
        return path, "false syntax error", last, None
    a = ADDRESS.sub(" at 0x?", got["stdout"])
    b = ADDRESS.sub(" at 0x?", ref["listing"])
    if a == b:
        return path, "identical", None, None
    i, x, y = first_difference(a, b)
    return path, "different", difference_cause(x, y), f"line {i + 1}:\n    ours:    {x}\n    CPython: {y}"


def build(no_build):
    explain = os.path.join(TARGET, "release", "explain")
    if not no_build:
        subprocess.run(
            ["nice", "-n", "10", "cargo", "build", "--release", "--quiet", "--bin", "explain"],
            cwd=ROOT, check=True,
        )
    return explain


def report(stdlib, results, examples, details, took):
    by_class = collections.defaultdict(list)
    for r in results:
        by_class[r[1]].append(r)
    considered = [r for r in results if r[1] != "cpython refuses"]
    n = len(considered)
    compiled = len(by_class["identical"]) + len(by_class["different"])
    pct = lambda k: f"{100 * k / n:.1f}%" if n else "-"  # noqa: E731
    lines = [
        "# stdlib-dis: our compiler on python3.13's standard library",
        "",
        f"{stdlib}: {len(results)} files, {len(by_class['cpython refuses'])} of them refused by"
        f" CPython itself (left out), so N = {n}. Took {took:.0f}s.",
        "",
        "| | files | of N |",
        "|---|---:|---:|",
        f"| compiled | {compiled} | {pct(compiled)} |",
        f"| identical listing | {len(by_class['identical'])} | {pct(len(by_class['identical']))} |",
        f"| different listing | {len(by_class['different'])} | {pct(len(by_class['different']))} |",
        f"| not supported yet | {len(by_class['unsupported'])} | {pct(len(by_class['unsupported']))} |",
        f"| false syntax errors | {len(by_class['false syntax error'])} | {pct(len(by_class['false syntax error']))} |",
        f"| panics | {len(by_class['panic'])} | {pct(len(by_class['panic']))} |",
        f"| timeouts | {len(by_class['timeout'])} | {pct(len(by_class['timeout']))} |",
        "",
    ]
    rel = lambda p: os.path.relpath(p, stdlib)  # noqa: E731
    for cls, title in [
        ("panic", "Panics"),
        ("false syntax error", "False syntax errors"),
        ("timeout", "Timeouts"),
        ("unsupported", "Not supported yet, by construct"),
        ("different", "Different listings, by the first difference"),
    ]:
        rows = by_class[cls]
        if not rows:
            continue
        causes = collections.Counter(r[2] for r in rows)
        lines += [f"## {title} ({len(rows)} files)", ""]
        for cause, count in causes.most_common():
            files = [rel(r[0]) for r in rows if r[2] == cause]
            shown = ", ".join(files[:examples]) + (", ..." if len(files) > examples else "")
            lines.append(f"- {count:4d}  {cause}  ({shown})")
        lines.append("")
    if details:
        lines += ["## Every file's first difference", ""]
        for path, cls, cause, more in sorted(results):
            if cls in ("identical", "cpython refuses"):
                continue
            lines.append(f"- {rel(path)}: {cls}: {cause}")
            if more and cls == "different":
                lines.append("  " + more)
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--explain", help="the explain binary (default: build target/release/explain)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--details", action="store_true", help="every file's first difference")
    parser.add_argument("--only", help="only the files whose path contains this")
    parser.add_argument("--examples", type=int, default=3, help="files named per cause")
    parser.add_argument("--out", default=os.path.join(WORK, "report.md"))
    args = parser.parse_args()
    start = time.perf_counter()
    explain = args.explain or build(args.no_build)
    stdlib, files = stdlib_files(args.only)
    entries = cpython_listings(files, max(1, args.jobs))
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(classify, p, entries[p], explain) for p in files]
        for i, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            results.append(fut.result())
            if i % 100 == 0:
                print(f"  {i}/{len(files)}", file=sys.stderr)
    took = time.perf_counter() - start
    # The file always has every file's first difference; the terminal only with --details.
    full = report(stdlib, results, args.examples, True, took)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(full + "\n")
    print(full if args.details else report(stdlib, results, args.examples, False, took))
    print(f"(written to {args.out})", file=sys.stderr)


if __name__ == "__main__":
    main()
