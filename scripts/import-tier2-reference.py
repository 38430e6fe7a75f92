"""Import what a real tier-2 CPython 3.13.0 did with the program corpus, as test expectations.

    python3.13 scripts/import-tier2-reference.py [REFERENCE_DIR]

REFERENCE_DIR (default: ../shared/reference/cpython-3.13 beside the repository) holds
`tier2/NAME.executors.json` and `tier2/NAME.lltrace.txt`, made by a CPython 3.13.0 built with
`--with-pydebug --enable-experimental-jit=interpreter` (see its README). No machine of this
project has such a build, so unlike scripts/regen-programs.py this script cannot recompute the
data: it only copies and trims it. For every tests/programs/NAME.py with a reference it writes

- tests/programs/expected/NAME.executors.json  the executors CPython had installed when the
  program ended, as `_opcode.get_executor` shows them (copied as is);
- tests/programs/expected/NAME.tier2-log.txt   every optimization attempt in the program's own
  code as `PYTHON_LLTRACE=2` printed it: the projection (`ADD_TO_TRACE` lines), why it
  stopped, and the optimized trace. Lines about other files (the stdlib that `site` imports),
  the program's output and the run-time `SIDE EXIT`/`DEOPT` lines are left out; a run of
  repeated lines the reference folded is unfolded.

One adjustment, so the log compares with a run like the executors file's: the reference log
came from running the file directly, whose module dict starts with 9 names (`__name__` ...
`__cached__`), while the executors file (and `explain`) run it with 2 (`__name__`,
`__builtins__`). `_LOAD_GLOBAL_MODULE`'s operand is an index into that dict, so it is lowered
by 7 here.

It also copies the two reference programs that live one folder up (fib.py, three_adds.py) into
tests/programs/ verbatim (their line numbers must stay CPython's); run scripts/regen-programs.py
afterwards for their other expected files.
"""

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
EXPECTED = PROGRAMS / "expected"

# Lines of an optimization attempt (everything else is program output or run-time events).
ATTEMPT_LINE = re.compile(
    r"^(Optimizing |\s*\d+ ADD_TO_TRACE: |\d+: [A-Z_0-9]+\(\d+\)|Created a proto-trace|"
    r"No trace for|Optimized trace|\s*\d+ OPTIMIZED: |Unsupported opcode|Trace stack|"
    r"JUMP_BACKWARD not to top|Jump likely|Confidence too low|  \* ENTER_EXECUTOR|"
    r"Function: |Bail|Returning to|Continuing in|Trace too|Recursive call)"
)
REPEAT = re.compile(r"^\[the line above repeats (\d+) more times\]$")
MODULE_GLOBAL = re.compile(r"(_LOAD_GLOBAL_MODULE \([^)]*operand=)(0x[0-9a-f]+)")
MODULE_DICT_EXTRA = 7


def unfold(lines):
    out = []
    for line in lines:
        m = REPEAT.match(line)
        if m:
            out.extend([out[-1]] * int(m.group(1)))
        else:
            out.append(line)
    return out


def attempts_of(lines, filename):
    """The attempt lines whose `Optimizing NAME (FILE:LINE)` names `filename`."""
    out = []
    keep = False
    for line in unfold(lines):
        if line.startswith("Optimizing "):
            keep = f"({filename}:" in line
        if keep and ATTEMPT_LINE.match(line):
            line = MODULE_GLOBAL.sub(
                lambda m: m.group(1) + hex(int(m.group(2), 16) - MODULE_DICT_EXTRA), line
            )
            out.append(line.rstrip())
    return out


def main():
    ref = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/reference/cpython-3.13"
    tier2 = ref / "tier2"
    if not tier2.is_dir():
        sys.exit(f"no {tier2}: give the reference directory as the argument")
    for name in ("fib.py", "three_adds.py"):
        if (ref / name).exists() and not (PROGRAMS / name).exists():
            shutil.copyfile(ref / name, PROGRAMS / name)
            print(f"copied {name} into tests/programs/")
    count = 0
    for exe in sorted(tier2.glob("*.executors.json")):
        name = exe.name[: -len(".executors.json")]
        if not (PROGRAMS / f"{name}.py").exists():
            continue
        data = json.loads(exe.read_text())
        (EXPECTED / f"{name}.executors.json").write_text(json.dumps(data, indent=1) + "\n")
        log = tier2 / f"{name}.lltrace.txt"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        text = "\n".join(attempts_of(lines, f"{name}.py"))
        (EXPECTED / f"{name}.tier2-log.txt").write_text(text + "\n" if text else "")
        count += 1
    print(f"imported the tier-2 reference of {count} programs into {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
