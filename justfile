# Tasks for pyinternals. `just` with no arguments lists them. Every recipe is a plain cargo
# command or a script under scripts/, so nothing here requires just: run the line yourself.
# Install just with `cargo install --locked just`.

set default-list := true

# The guided tour in the terminal (HAMT, specialization, micro-op traces, JIT, isolates)
tour *args:
    cargo run --release -- tour {{args}}

# Every test of every crate
test:
    cargo test --workspace

# Build the book into book/build (installs mdBook 0.5.4 if missing)
book:
    scripts/install-tools.sh mdbook
    mdbook build book

# Serve the book on http://localhost:3000 and rebuild on change
serve-book:
    scripts/install-tools.sh mdbook
    mdbook serve book --open

# Run every notebook headless (sets up .venv and the evcxr kernel on first use)
notebooks *files:
    scripts/run-notebooks.sh {{files}}

# Open the notebooks in JupyterLab (installs JupyterLab into .venv on first use)
lab *args:
    scripts/lab.sh {{args}}

# List the exercises, or run exercise N's tests; add --hint for a hint
exercise *args:
    cargo run --quiet -- workshop {{args}}

# Maintainer check: every exercise fails as shipped and passes with its solution
check-exercises:
    scripts/check-exercises.sh

# All benchmarks: the HAMT against imbl/rpds/std, the VM against CPython 3.13, the JIT, then isolates
bench: bench-hamt bench-vm bench-jit bench-jit-compile bench-isolates

# The HAMT benchmarks (6-10 minutes); writes book/src/generated/hamt-bench.md (--stdout: print)
bench-hamt *args:
    scripts/bench-hamt.sh {{args}}

# Isolates: hand-off by handle vs pickle, read scaling with isolates and threads (4-6 minutes); writes book/src/generated/isolates-bench.md (--stdout: print)
bench-isolates *args:
    scripts/bench-isolates.sh {{args}}

# Our VM (specializing, generic, tier 2) against python3.13 on benches/vm/*.py; writes book/src/generated/vm-bench.md
bench-vm *args:
    python3 scripts/bench-vm.py {{args}}

# The copy-and-patch JIT: warm compile ns/uop (criterion, nbody's traces), then JIT vs uop interpreter vs tier 1 vs CPython 3.13 on benches/vm (fastest of 5 interleaved runs each); writes book/src/generated/jit-bench.md (--no-build: use the existing release build)
bench-jit *args:
    cargo bench -p stencil-jit --bench compile
    python3 scripts/bench-jit.py --runs 5 {{args}}

# Compile speed: copy-and-patch against Cranelift on the same executors (builds the optional
# `cranelift` feature: a few minutes the first time); writes book/src/generated/jit-compile-bench.md (--stdout: print)
bench-jit-compile *args:
    cargo bench -p stencil-jit --features cranelift --bench cranelift -- {{args}}

# Mutation fuzzing against python3.13 (release build): SECONDS of mutants from SEED; findings
# land in target/fuzz-findings/ (the short run inside `cargo test` uses 4 seconds)
fuzz seconds="900" seed="1":
    PYINTERNALS_FUZZ_SECONDS={{seconds}} PYINTERNALS_FUZZ_SEED={{seed}} cargo test --release --test fuzz -- --nocapture

# Everything CI runs: fmt, clippy, tests, book, notebooks, exercises
ci:
    .ci/run

# Our compiler on every .py of python3.13's stdlib against `python3.13 -m dis` (release build;
# 2 workers under nice); prints the figures and the causes, writes target/stdlib-dis/report.md
stdlib-dis *args:
    python3 scripts/stdlib-dis.py {{args}}
