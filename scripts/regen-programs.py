"""Regenerate tests/programs/expected/* from CPython 3.13, the oracle of the program corpus.

Run from anywhere with CPython 3.13:

    PYENV_VERSION=3.13.0 python3.13 scripts/regen-programs.py [NAME ...]

For every tests/programs/NAME.py (or only the NAMEs given) it writes, under
tests/programs/expected/:

- NAME.stdout        the program's standard output, byte for byte;
- NAME.stderr        only the last line of standard error (`Type: message`), or empty;
- NAME.exit          the exit code;
- NAME.dis.json      the cold bytecode of every code object (what `dis` shows before any run);
- NAME.adaptive.json the same after one run of the program in the same process, with
                     `dis.get_instructions(code, adaptive=True)`, i.e. the specialized forms.

With --listings [NAME ...] only the listing files tests/programs/listings/NAME.py are
regenerated: `python3.13 -m dis` of each, code addresses as `0x?` and the path as the file
name, into tests/programs/listings/expected/NAME.dis (checked by tests/listings.rs).

With --errors [NAME ...] only the error cases are regenerated (all of them, or the NAMEs given).

It also runs the error cases tests/programs/errors/{syntax,runtime}_*.py (checked by
tests/errors.rs) and writes their whole stderr and exit code to tests/programs/errors/expected/
NAME.stderr and NAME.exit, with the absolute path CPython prints made relative to the repository
root. (The unsupported_*.py cases are valid Python that CPython runs happily: nothing to record.)

The JSON shape is the one `explain dis --format json` prints:
`{"code": [{"qualname", "firstlineno", "instructions": [{"offset", "opname", "arg", "argrepr",
"line"}]}]}`, code objects in dis's order (the module, then nested code objects in co_consts
order, depth first), CACHE entries left out, `arg` null where CPython's is None, `line` null where
an instruction has no line number.

Every program runs in a fresh interpreter with PYTHONHASHSEED=0 so that nothing depends on str
hash randomization. Code-object argreprs carry a memory address (`<code object f at 0x7f...>`);
it is replaced by `0x0` so the files are stable (the Rust harness scrubs its side the same way).
The file name inside those argreprs is `tests/programs/NAME.py`, the path the harness passes to
`explain`, relative to the repository root.
"""

import io
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "tests", "programs")
EXPECTED = os.path.join(PROGRAMS, "expected")
ERRORS = os.path.join(PROGRAMS, "errors")
ADDRESS = re.compile(r"(<code object \S+ at )0x[0-9a-fA-F]+")


def code_objects(code):
    """The code object, then its nested code objects in co_consts order, depth first (dis's order)."""
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from code_objects(const)


def listing(code, adaptive):
    """The JSON view of every code object reachable from `code`."""
    import dis

    out = []
    for co in code_objects(code):
        instructions = []
        for ins in dis.get_instructions(co, adaptive=adaptive):
            instructions.append(
                {
                    "offset": ins.offset,
                    "opname": ins.opname,
                    "arg": ins.arg,
                    "argrepr": ADDRESS.sub(r"\g<1>0x0", ins.argrepr),
                    "line": ins.line_number,
                }
            )
        out.append(
            {
                "qualname": co.co_qualname,
                "firstlineno": co.co_firstlineno,
                "instructions": instructions,
            }
        )
    return {"code": out}


def emit_json(relpath):
    """Child mode: print {"dis": ..., "adaptive": ...} for one program (run in a fresh process)."""
    with open(os.path.join(ROOT, relpath), encoding="utf-8") as f:
        source = f.read()
    code = compile(source, relpath, "exec")
    cold = listing(code, adaptive=False)
    # Run the very code object we compiled, so its nested code objects are the ones that get
    # specialized; output is swallowed, and an uncaught exception is the program's normal end.
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    # As when the program runs as a script: sys.path[0] is its directory (its neighbours import).
    path = os.path.join(ROOT, relpath)
    sys.path[0] = os.path.dirname(path)
    try:
        exec(code, {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__})
    except BaseException:
        pass
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
    warm = listing(code, adaptive=True)
    json.dump({"dis": cold, "adaptive": warm}, sys.stdout)


def dump(listing_json):
    """JSON text with one instruction per line: compact, and diffs read line by line."""
    blocks = []
    for co in listing_json["code"]:
        head = json.dumps({k: co[k] for k in ("qualname", "firstlineno")})[1:-1]
        rows = ",\n".join("   " + json.dumps(ins) for ins in co["instructions"])
        blocks.append(f'  {{{head}, "instructions": [\n{rows}\n  ]}}')
    return '{"code": [\n' + ",\n".join(blocks) + "\n]}\n"


def write(name, suffix, text, directory=EXPECTED):
    with open(os.path.join(directory, name + suffix), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def regen_error(name, env):
    """Whole stderr + exit code of one error case, paths relative to the repository root."""
    rel = os.path.join("tests", "programs", "errors", name + ".py")
    run = subprocess.run(
        [sys.executable, rel], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    out_dir = os.path.join(ERRORS, "expected")
    os.makedirs(out_dir, exist_ok=True)
    # Paths relative to the repository root: the `File` lines and an ImportError's module file.
    write(name, ".stderr", run.stderr.replace(f"{ROOT}{os.sep}", ""), out_dir)
    write(name, ".exit", f"{run.returncode}\n", out_dir)
    return run.returncode


def regen(name, env):
    rel = os.path.join("tests", "programs", name + ".py")
    run = subprocess.run(
        [sys.executable, rel], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = run.stderr.strip("\n").split("\n")
    last = lines[-1] + "\n" if run.stderr.strip() else ""
    write(name, ".stdout", run.stdout)
    write(name, ".stderr", last)
    write(name, ".exit", f"{run.returncode}\n")
    child = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--emit-json", rel],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    both = json.loads(child.stdout)
    write(name, ".dis.json", dump(both["dis"]))
    write(name, ".adaptive.json", dump(both["adaptive"]))
    return run.returncode


LISTINGS = os.path.join(PROGRAMS, "listings")


def regen_listing(name, env):
    """`python3.13 -m dis` of a listing file, normalized as tests/listings.rs normalizes."""
    path = os.path.join(LISTINGS, name + ".py")
    run = subprocess.run(
        [sys.executable, "-m", "dis", path], env=env, capture_output=True, text=True, check=True
    )
    text = run.stdout.replace(path, name + ".py")
    text = re.sub(r" at 0x[0-9a-fA-F]*", " at 0x?", text)
    os.makedirs(os.path.join(LISTINGS, "expected"), exist_ok=True)
    with open(os.path.join(LISTINGS, "expected", name + ".dis"), "w") as f:
        f.write(text)


def main(argv):
    if sys.version_info[:2] != (3, 13):
        sys.exit("run this with CPython 3.13: PYENV_VERSION=3.13.0 python3.13 " + __file__)
    if len(argv) == 2 and argv[0] == "--emit-json":
        emit_json(argv[1])
        return
    env = dict(os.environ, PYTHONHASHSEED="0", PYENV_VERSION="3.13.0")
    if argv[:1] == ["--listings"]:
        names = argv[1:] or sorted(f[:-3] for f in os.listdir(LISTINGS) if f.endswith(".py"))
        for name in names:
            regen_listing(name, env)
            print(f"{name:<24} listing")
        return
    if argv[:1] == ["--errors"]:
        names = argv[1:] or sorted(
            f[:-3]
            for f in os.listdir(ERRORS)
            if f.endswith(".py") and f.startswith(("syntax_", "runtime_"))
        )
        for name in names:
            print(f"{name:<24} exit {regen_error(name, env)}")
        return
    os.makedirs(EXPECTED, exist_ok=True)
    names = argv or sorted(f[:-3] for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    for name in names:
        code = regen(name, env)
        print(f"{name:<24} exit {code}")
    print(f"regenerated {len(names)} programs into {os.path.relpath(EXPECTED, ROOT)}")
    if argv:
        return
    errors = sorted(
        f[:-3]
        for f in os.listdir(ERRORS)
        if f.endswith(".py") and f.startswith(("syntax_", "runtime_"))
    )
    for name in errors:
        code = regen_error(name, env)
        print(f"{name:<24} exit {code}")
    print(f"regenerated {len(errors)} error cases into tests/programs/errors/expected")


if __name__ == "__main__":
    main(sys.argv[1:])
