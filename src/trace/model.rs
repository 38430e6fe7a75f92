//! What one `explain trace` run recorded, and its JSON form.
//!
//! The JSON's `code` list has the shape of the CPython reference files
//! (`NAME.executors.json`: per code object with executors, in dis order, each executor's
//! `offset`, `valid`, `uops` and `uops_detail`), so tests compare the two directly.

use serde_json::{json, Value as Json};
use tracer::executor::{CodeExecutors, Executor};
use tracer::trace::Log;
use tracer::uops::UopInst;

/// One program run with tier 2 on and the projection recorder attached.
pub struct TraceRun {
    pub filename: String,
    /// The program's stdout.
    pub output: String,
    /// How the program ended (an uncaught exception's traceback, a `SystemExit` status).
    pub ending: crate::program::Ending,
    /// The executors installed when the program ended (code objects in dis order).
    pub installed: Vec<CodeExecutors>,
    /// One log per optimization attempt, in order.
    pub attempts: Vec<Log>,
    pub stats: tracer::observe::Tier2Stats,
    pub invalidated: u64,
    /// Set by `--function`: what the views are limited to.
    pub function: Option<String>,
}

impl TraceRun {
    /// Compiles and runs `source` with tier 2 on, recording every optimization attempt.
    /// A compile error comes back as its text (`program::compile`).
    pub fn record(source: &str, filename: &str, every_loop: bool) -> Result<TraceRun, String> {
        let code = crate::program::compile(source, filename)?;
        let options = tracer::vm::VmOptions {
            specialize: true,
            stats: true,
            capture_output: true,
            tier2: true,
            trace_every_loop: every_loop,
        };
        let mut vm = tracer::vm::Vm::new(options);
        vm.tier2.recorder = Some(Vec::new());
        let before = tracer::executor::invalidated_count();
        let result = vm.run_module(&code);
        let output = vm.take_output();
        let ending = crate::program::ending(&mut vm, result);
        Ok(TraceRun {
            filename: filename.to_string(),
            output,
            ending,
            installed: vm.installed_executors(),
            attempts: vm.tier2.recorder.take().unwrap_or_default(),
            stats: vm.tier2.stats.clone(),
            invalidated: tracer::executor::invalidated_count() - before,
            function: None,
        })
    }

    /// Keeps only what starts in the function named `name` (name or qualified name).
    pub fn only_function(mut self, name: &str, filename: &str) -> anyhow::Result<TraceRun> {
        let matches =
            |qualname: &str| qualname == name || qualname.rsplit('.').next() == Some(name);
        let known: Vec<String> = {
            let mut seen: Vec<String> = Vec::new();
            for l in &self.attempts {
                if !seen.contains(&l.qualname) {
                    seen.push(l.qualname.clone());
                }
            }
            seen
        };
        if !known.iter().any(|q| matches(q)) {
            anyhow::bail!(
                "no loop in a function named '{name}' got hot in {filename}; traces started in: {}",
                if known.is_empty() {
                    "(none: no loop ran often enough)".to_string()
                } else {
                    known.join(", ")
                }
            );
        }
        self.attempts.retain(|l| matches(&l.qualname));
        self.installed.retain(|c| matches(&c.qualname));
        self.function = Some(name.to_string());
        Ok(self)
    }

    /// The JSON form: `code` as in CPython's reference files, then our own detail.
    pub fn to_json(&self) -> Json {
        let code: Vec<Json> = self
            .installed
            .iter()
            .map(|c| {
                json!({
                    "qualname": c.qualname,
                    "firstlineno": c.firstlineno,
                    "executors": c.executors.iter().map(|e| executor_json(e)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let attempts: Vec<Json> = self.attempts.iter().map(attempt_json).collect();
        let s = &self.stats;
        json!({
            "file": self.filename,
            "output": self.output,
            "error": self.ending.uncaught,
            "exit": self.ending.status,
            "code": code,
            "attempts": attempts,
            "stats": {
                "optimization_attempts": s.attempts,
                "traces_created": s.traces_created,
                "traces_too_short": s.too_short,
                "executors_created": s.executors_created,
                "side_traces": s.side_traces,
                "executors_invalidated": self.invalidated,
                "executor_entries": s.executions,
                "uops_executed": s.uops_executed,
                "side_exits_taken": s.side_exits,
                "tier1_back_edges": s.tier1_back_edges,
                "projection_stops": s.stops,
                "unsupported_opcodes": s.unsupported,
                "optimizer_failures": s.failures,
                "exit_guards_failed": s.exits_by_uop,
                "deopt_guards_failed": s.deopts_by_uop,
            },
        })
    }
}

/// One executor as the reference files show it.
pub fn executor_json(e: &Executor) -> Json {
    json!({
        "offset": e.offset(),
        "valid": e.valid.get(),
        "uops": e.uops.iter().map(|u| u.uop.name()).collect::<Vec<_>>(),
        "uops_detail": e.uops.iter().map(uop_json).collect::<Vec<_>>(),
    })
}

/// `{name, oparg, target, operand}`: `target` raw (jump and error targets packed), an
/// address operand as `"0xADDR"`.
pub fn uop_json(u: &UopInst) -> Json {
    let operand = if u.operand.is_address() {
        json!("0xADDR")
    } else {
        json!(u.operand.int())
    };
    json!({
        "name": u.uop.name(),
        "oparg": u.oparg,
        "target": u.raw_target(),
        "operand": operand,
    })
}

fn uops_text(uops: &[UopInst]) -> Vec<String> {
    uops.iter().map(|u| u.to_string()).collect()
}

fn attempt_json(l: &Log) -> Json {
    let runtime = l.made.as_ref().map(|e| {
        let st = e.stats.borrow();
        json!({
            "entered": st.entered,
            "iterations": st.iterations,
            "deopts": st.deopts,
            "errors": st.errors,
            "exits": e.exits.iter().enumerate().map(|(i, x)| json!({
                "index": i,
                "target_offset": 2 * x.target,
                "taken": st.exits_taken.get(i).copied().unwrap_or(0),
                "side_trace": x.executor.borrow().as_ref().map(|s| s.id),
            })).collect::<Vec<_>>(),
            "valid": e.valid.get(),
        })
    });
    json!({
        "code": l.code,
        "qualname": l.qualname,
        "offset": 2 * l.start,
        "side_trace_of": l.from_exit.map(|(e, x)| json!({"executor": e, "exit": x})),
        "stop": l.stop.map(|s| s.name()),
        "projection": l.lltrace().lines().map(str::to_string).collect::<Vec<_>>(),
        "proto_trace": uops_text(&l.proto),
        "passes": l.passes.iter().map(|(name, uops)| json!({"pass": name, "uops": uops_text(uops)})).collect::<Vec<_>>(),
        "executor": l.executor_id,
        "executor_uops": l.executor.as_deref().map(uops_text),
        "failure": l.failure,
        "runtime": runtime,
    })
}
