//! Compile speed: copy-and-patch against Cranelift on the very same executors.
//!
//! ```text
//! cargo bench -p stencil-jit --features cranelift --bench cranelift [-- --stdout] [-- --reps N]
//! ```
//!
//! (`just bench-jit-compile`.) Runs the built-in Fibonacci of `explain jit` and every program
//! of `benches/vm/` with tier 2 on and a backend that, for each executor tier 2 creates,
//! compiles it `--reps` times (default 15) each way, one way after the other: with
//! `stencil_jit::compile` (lay out, map, copy, patch, seal), with copy-and-patch into a plain
//! buffer (the same without `mmap`/`mprotect`, to show where the time goes), and with
//! Cranelift at `opt_level=none` and `speed` (build the IR, compile, map, copy, seal;
//! `src/cranelift.rs` gives each uop the behaviour of its stencil). The median of each is kept
//! per executor; a program's ns/uop is the sum of its executors' medians over their uops.
//! Writes the table to `book/src/generated/jit-compile-bench.md` (`--stdout`: print only).
//! Needs the `cranelift` feature, which no default build enables (Cranelift takes a few
//! minutes to build the first time).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use stencil_jit::cranelift::{copy_and_patch_unmapped, Compiler, OptLevel};
use tracer::backend::{ExecutorBackend, MachineCode};
use tracer::executor::Executor;
use tracer::vm::{Vm, VmOptions};

/// One executor's medians, in nanoseconds.
#[derive(Clone, Copy, Default)]
struct Sample {
    uops: usize,
    patch_ns: u64,
    unmapped_ns: u64,
    none_ns: u64,
    speed_ns: u64,
    patch_bytes: usize,
    cranelift_bytes: usize,
    modelled: usize,
}

/// The measuring backend: times the three compilers, then runs the copy-and-patch code.
struct Measuring {
    reps: usize,
    none: RefCell<Compiler>,
    speed: RefCell<Compiler>,
    samples: RefCell<Vec<Sample>>,
    failures: RefCell<Vec<String>>,
    /// The uops with an inline stencil that Cranelift's side built as helper calls.
    helper_calls: RefCell<std::collections::BTreeSet<&'static str>>,
}

fn median(mut xs: Vec<u64>) -> u64 {
    xs.sort_unstable();
    xs.get(xs.len() / 2).copied().unwrap_or(0)
}

impl Measuring {
    fn measure(&self, exec: &Executor) -> Result<Sample, String> {
        let (mut none, mut speed) = (self.none.borrow_mut(), self.speed.borrow_mut());
        none.verify(exec).map_err(|e| e.to_string())?;
        let mut sample = Sample {
            uops: exec.uops.len(),
            ..Sample::default()
        };
        sample.patch_ns = self.time(|| {
            let (trace, _) = stencil_jit::compile(exec, false).map_err(|e| e.to_string())?;
            Ok((trace.size(), trace))
        })?;
        sample.patch_bytes = stencil_jit::compile(exec, false)
            .map_err(|e| e.to_string())?
            .0
            .size();
        sample.unmapped_ns = self.time(|| {
            let bytes = copy_and_patch_unmapped(exec).map_err(|e| e.to_string())?;
            Ok((bytes, ()))
        })?;
        sample.none_ns = self.time(|| {
            let c = none.compile(exec).map_err(|e| e.to_string())?;
            Ok((c.code_bytes, c))
        })?;
        let lowered = none.compile(exec).map_err(|e| e.to_string())?;
        sample.cranelift_bytes = lowered.code_bytes;
        sample.modelled = lowered.modelled;
        self.helper_calls
            .borrow_mut()
            .extend(lowered.helper_calls.iter().map(|u| u.name()));
        sample.speed_ns = self.time(|| {
            let c = speed.compile(exec).map_err(|e| e.to_string())?;
            Ok((c.code_bytes, c))
        })?;
        Ok(sample)
    }

    /// The median time of `reps` runs of `compile` (after one untimed run); what it returns
    /// is dropped after the clock stops (unmapping is not compiling).
    fn time<T>(
        &self,
        mut compile: impl FnMut() -> Result<(usize, T), String>,
    ) -> Result<u64, String> {
        drop(compile()?);
        let mut times = Vec::with_capacity(self.reps);
        for _ in 0..self.reps {
            let started = Instant::now();
            let result = compile()?;
            times.push(started.elapsed().as_nanos() as u64);
            drop(result);
        }
        Ok(median(times))
    }
}

impl ExecutorBackend for Measuring {
    fn name(&self) -> &'static str {
        "copy-and-patch JIT, measured against Cranelift"
    }

    fn compile(&self, exec: &Executor) -> Option<Box<dyn MachineCode>> {
        match self.measure(exec) {
            Ok(sample) => self.samples.borrow_mut().push(sample),
            Err(why) => self
                .failures
                .borrow_mut()
                .push(format!("executor #{}: {why}", exec.id)),
        }
        let (trace, _) = stencil_jit::compile(exec, false).ok()?;
        Some(Box::new(trace))
    }
}

/// One program's totals.
struct Row {
    name: String,
    executors: usize,
    sample: Sample,
    notes: String,
}

fn run_program(name: &str, source: String, reps: usize) -> Row {
    let filename = format!("{}.py", name.split(' ').next().unwrap_or(name));
    let (samples, failures, notes) = tracer::vm::with_big_stack(move || {
        let measuring = Rc::new(Measuring {
            reps,
            none: RefCell::new(Compiler::new(OptLevel::None).expect("Cranelift for x86_64")),
            speed: RefCell::new(Compiler::new(OptLevel::Speed).expect("Cranelift for x86_64")),
            samples: RefCell::default(),
            failures: RefCell::default(),
            helper_calls: RefCell::default(),
        });
        let mut vm = Vm::new(VmOptions {
            specialize: true,
            stats: false,
            capture_output: true,
            tier2: true,
            trace_every_loop: false,
        });
        vm.tier2.backend = measuring.clone();
        let notes = match tracer::compile::compile(&source, &filename) {
            Err(e) => format!("does not compile: {e:?}"),
            Ok(code) => match vm.run_module(&code) {
                Ok(_) => String::new(),
                Err(e) => format!("raised: {}", vm.format_traceback(e).trim_end()),
            },
        };
        drop(vm);
        let samples = measuring.samples.borrow().clone();
        let mut failures = measuring.failures.borrow().clone();
        let helper_calls = measuring.helper_calls.borrow();
        if !helper_calls.is_empty() {
            let names: Vec<&str> = helper_calls.iter().copied().collect();
            failures.push(format!(
                "inline for copy-and-patch, helper calls for Cranelift: {}",
                names.join(", ")
            ));
        }
        (samples, failures, notes)
    });
    let mut total = Sample::default();
    for s in &samples {
        total.uops += s.uops;
        total.patch_ns += s.patch_ns;
        total.unmapped_ns += s.unmapped_ns;
        total.none_ns += s.none_ns;
        total.speed_ns += s.speed_ns;
        total.patch_bytes += s.patch_bytes;
        total.cranelift_bytes += s.cranelift_bytes;
        total.modelled += s.modelled;
    }
    let mut notes = vec![notes];
    notes.extend(failures);
    if total.modelled > 0 {
        notes.insert(
            0,
            format!(
                "{} of {} uops compared as helper calls",
                total.modelled, total.uops
            ),
        );
    }
    notes.retain(|n| !n.is_empty());
    Row {
        name: name.to_string(),
        executors: samples.len(),
        sample: total,
        notes: notes.join("; "),
    }
}

fn per_uop(ns: u64, uops: usize) -> f64 {
    ns as f64 / uops.max(1) as f64
}

fn table(rows: &[Row], reps: usize) -> String {
    let mut s = format!(
        "Compile time per uop on the executors tier 2 builds for each program, median of {reps} \
         compilations each, measured in one run by `crates/stencil-jit/benches/cranelift.rs` \
         (`just bench-jit-compile`) on {} {} ({} CPUs), {}. *copy-and-patch*: lay out, map, copy, \
         patch, seal (what `explain run --jit` does); *unmapped*: the same into an ordinary \
         buffer, without the system calls. *Cranelift* 0.135: build the IR (each uop with the \
         behaviour of its stencil; the uops the notes name, inline machine code with a slow path \
         for copy-and-patch, are built as the slow path's helper call alone), compile, map, copy, \
         seal, at `opt_level` `none` and `speed`. \
         The ratios are Cranelift's time over copy-and-patch's: above 1, copy-and-patch compiles \
         faster.\n\n",
        std::env::consts::ARCH,
        std::env::consts::OS,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        today()
    );
    s.push_str(
        "| program | executors | uops | copy-and-patch (ns/uop) | unmapped (ns/uop) \
         | Cranelift `none` (ns/uop) | Cranelift `speed` (ns/uop) | `none` / copy-and-patch \
         | `speed` / copy-and-patch | `none` / unmapped | code bytes (copy-and-patch / Cranelift) \
         | notes |\n",
    );
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    let mut all = Sample::default();
    let mut executors = 0;
    let ratio = |a: u64, b: u64| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{:.0}x", a as f64 / b as f64)
        }
    };
    let line = |name: &str, executors: usize, t: &Sample, notes: &str| {
        format!(
            "| {name} | {executors} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {} | {} | {} | {} / {} | {notes} |\n",
            t.uops,
            per_uop(t.patch_ns, t.uops),
            per_uop(t.unmapped_ns, t.uops),
            per_uop(t.none_ns, t.uops),
            per_uop(t.speed_ns, t.uops),
            ratio(t.none_ns, t.patch_ns),
            ratio(t.speed_ns, t.patch_ns),
            ratio(t.none_ns, t.unmapped_ns),
            t.patch_bytes,
            t.cranelift_bytes,
        )
    };
    for r in rows {
        let t = &r.sample;
        let notes = if r.executors == 0 && r.notes.is_empty() {
            "no executor (no loop got hot)"
        } else {
            r.notes.as_str()
        };
        s.push_str(&line(&r.name, r.executors, t, notes));
        executors += r.executors;
        all.uops += t.uops;
        all.patch_ns += t.patch_ns;
        all.unmapped_ns += t.unmapped_ns;
        all.none_ns += t.none_ns;
        all.speed_ns += t.speed_ns;
        all.patch_bytes += t.patch_bytes;
        all.cranelift_bytes += t.cranelift_bytes;
    }
    s.push_str(&line("**all**", executors, &all, ""));
    s
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock (no date crate needed).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut stdout, mut reps, mut names) = (false, 15usize, Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {} // what `cargo bench` passes
            "--stdout" => stdout = true,
            "--reps" => {
                reps = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| {
                        eprintln!("error: --reps takes a positive number");
                        std::process::exit(2)
                    })
            }
            name if !name.starts_with('-') => names.push(name.to_string()),
            other => {
                eprintln!(
                    "error: unknown option {other} (expected --stdout, --reps N, or program names)"
                );
                std::process::exit(2)
            }
        }
    }
    if !stencil_jit::supported() {
        eprintln!("{}", stencil_jit::NOTICE);
        std::process::exit(1);
    }
    let benches = root().join("benches/vm");
    let mut programs = vec![(
        "fib (explain jit)".to_string(),
        tracer::specialize::FIB_EXAMPLE.to_string(),
    )];
    let mut files: Vec<PathBuf> = std::fs::read_dir(&benches)
        .unwrap_or_else(|e| panic!("read {}: {e}", benches.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        programs.push((name, source));
    }
    if !names.is_empty() {
        programs.retain(|(n, _)| names.iter().any(|want| n.starts_with(want.as_str())));
    }
    let mut rows = Vec::new();
    for (name, source) in programs {
        eprintln!("measuring {name} ...");
        rows.push(run_program(&name, source, reps));
    }
    let text = table(&rows, reps);
    print!("{text}");
    if !stdout {
        let out = root().join("book/src/generated/jit-compile-bench.md");
        std::fs::write(&out, &text).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
        eprintln!("wrote book/src/generated/jit-compile-bench.md");
    }
}
