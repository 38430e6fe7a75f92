//! Watching the specializer: events for `explain specialize`, and pystats-like counters.
//!
//! The eval loop is compiled twice (`eval_loop::<false>` and `eval_loop::<true>`). Only the
//! instrumented copy counts hits of specialized instructions and reports counter ticks, so a
//! plain run pays nothing. Specialization attempts, failures and deopts are rare and report
//! through `Vm::observer` (an `Option` checked only on those paths) in both copies.
//!
//! Every counter of `Stats` has exactly one event (a `Tick` is one `deferred`, a `Hit` one
//! `hit`, ...), so `Stats::record` can rebuild the table from any subset of the events: that
//! is how `explain specialize --function NAME` counts one function only.

use std::collections::BTreeMap;

use crate::bytecode::Opcode;

/// Where an event happened.
#[derive(Debug, Clone)]
pub struct Site {
    /// Which code object (`specialize::code_id`); qualnames alone can repeat.
    pub code_id: usize,
    /// Qualified name of the code object.
    pub qualname: String,
    /// Code-unit index of the instruction (`offset / 2` in `dis` terms).
    pub index: usize,
    /// Source line of the instruction.
    pub line: Option<u32>,
}

/// One thing the adaptive interpreter did.
#[derive(Debug, Clone)]
pub enum Event {
    /// A generic instruction ran and its counter ticked down (`counter` is the new value).
    Tick {
        site: Site,
        family: Opcode,
        counter: u16,
    },
    /// The counter reached zero: the specializer looks at the operands.
    Attempt {
        site: Site,
        family: Opcode,
        operands: String,
    },
    /// The instruction was rewritten to `form`; `counter` is the cooldown written.
    Success {
        site: Site,
        family: Opcode,
        form: Opcode,
        operands: String,
        counter: u16,
    },
    /// No specialized form fits; `counter` is the new backoff value.
    Failure {
        site: Site,
        family: Opcode,
        reason: String,
        counter: u16,
    },
    /// A specialized instruction's guard failed; the generic instruction ran instead.
    Deopt {
        site: Site,
        form: Opcode,
        guard: &'static str,
        operands: String,
    },
    /// A specialized instruction ran to completion (instrumented runs only).
    Hit { site: Site, form: Opcode },
}

impl Event {
    /// The instruction the event is about.
    pub fn site(&self) -> &Site {
        match self {
            Event::Tick { site, .. }
            | Event::Attempt { site, .. }
            | Event::Success { site, .. }
            | Event::Failure { site, .. }
            | Event::Deopt { site, .. }
            | Event::Hit { site, .. } => site,
        }
    }
}

/// Receives events. Implementations must not call back into the VM.
pub trait Observer {
    fn event(&mut self, event: Event);
}

/// Collects every event (what `explain specialize` uses).
#[derive(Default)]
pub struct Recorder {
    pub events: Vec<Event>,
}

impl Observer for Recorder {
    fn event(&mut self, event: Event) {
        self.events.push(event);
    }
}

/// A recorder shared with the caller (the VM owns the boxed observer).
#[derive(Default, Clone)]
pub struct SharedRecorder(pub std::rc::Rc<std::cell::RefCell<Vec<Event>>>);

impl Observer for SharedRecorder {
    fn event(&mut self, event: Event) {
        self.0.borrow_mut().push(event);
    }
}

/// Counts for one family, as in CPython's pystats `specialization` section.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FamilyStats {
    pub success: u64,
    pub failure: u64,
    /// Executions of a specialized form that passed its guards.
    pub hit: u64,
    /// Guard failures (executions that fell back to the generic instruction).
    pub deopt: u64,
    /// Generic executions that only counted down (`deferred` in pystats).
    pub deferred: u64,
    pub failure_kinds: BTreeMap<String, u64>,
}

/// Per-family statistics, keyed by family name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub families: BTreeMap<&'static str, FamilyStats>,
}

impl Stats {
    /// The entry of a family.
    pub fn family(&mut self, family: Opcode) -> &mut FamilyStats {
        self.families.entry(family.name()).or_default()
    }

    /// Counts one event as the VM counts it when `VmOptions::stats` is on (an `Attempt` is
    /// counted by the `Success` or `Failure` that follows it).
    pub fn record(&mut self, event: &Event) {
        match event {
            Event::Tick { family, .. } => self.family(*family).deferred += 1,
            Event::Attempt { .. } => {}
            Event::Success { family, .. } => self.family(*family).success += 1,
            Event::Failure { family, reason, .. } => {
                let s = self.family(*family);
                s.failure += 1;
                *s.failure_kinds.entry(reason.clone()).or_default() += 1;
            }
            Event::Deopt { form, .. } => self.family(form.deopt()).deopt += 1,
            Event::Hit { form, .. } => self.family(form.deopt()).hit += 1,
        }
    }

    /// A text table, one row per family.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<18} {:>10} {:>10} {:>12} {:>10} {:>10}\n",
            "family", "success", "failure", "hit", "deopt", "deferred"
        );
        for (name, s) in &self.families {
            out.push_str(&format!(
                "{:<18} {:>10} {:>10} {:>12} {:>10} {:>10}\n",
                name, s.success, s.failure, s.hit, s.deopt, s.deferred
            ));
            for (kind, n) in &s.failure_kinds {
                out.push_str(&format!("    failure: {kind:<40} {n:>8}\n"));
            }
        }
        out
    }
}

/// Tier 2's counters, as CPython's pystats "optimization" section reports them.
#[derive(Debug, Default, Clone)]
pub struct Tier2Stats {
    /// `JUMP_BACKWARD`s run in tier 1 with tier 2 on (loop iterations outside traces).
    pub tier1_back_edges: u64,
    /// Optimization attempts (a hot loop or a hot side exit).
    pub attempts: u64,
    /// Projections that produced a proto-trace.
    pub traces_created: u64,
    /// Projections dropped as too short (or making no progress).
    pub too_short: u64,
    /// Why projection ended, by reason.
    pub stops: BTreeMap<&'static str, u64>,
    /// Unsupported opcodes that ended a projection, by name.
    pub unsupported: BTreeMap<&'static str, u64>,
    /// Optimizer failures (no executor), by reason.
    pub failures: BTreeMap<&'static str, u64>,
    pub executors_created: u64,
    /// Executors made for a hot side exit.
    pub side_traces: u64,
    /// Executors entered from tier 1.
    pub executions: u64,
    /// Uops run (only counted with `--stats`).
    pub uops_executed: u64,
    /// Side exits taken (cold or linked).
    pub side_exits: u64,
    /// Failed exit guards, by uop.
    pub exits_by_uop: BTreeMap<&'static str, u64>,
    /// Failed deopt guards, by uop.
    pub deopts_by_uop: BTreeMap<&'static str, u64>,
}

impl Tier2Stats {
    /// A text table in pystats' words.
    pub fn table(&self, invalidated: u64) -> String {
        let mut out = String::from("tier 2 (optimization)\n");
        let row = |out: &mut String, k: &str, v: u64| out.push_str(&format!("  {k:<32} {v:>10}\n"));
        row(&mut out, "optimization attempts", self.attempts);
        row(&mut out, "traces created", self.traces_created);
        row(&mut out, "traces too short", self.too_short);
        row(&mut out, "executors created", self.executors_created);
        row(&mut out, "  of which side traces", self.side_traces);
        row(&mut out, "executors invalidated", invalidated);
        row(&mut out, "executor entries", self.executions);
        row(&mut out, "uops executed", self.uops_executed);
        row(&mut out, "side exits taken", self.side_exits);
        row(&mut out, "loop iterations in tier 1", self.tier1_back_edges);
        for (title, map) in [
            ("projection stopped because", &self.stops),
            ("unsupported opcodes", &self.unsupported),
            ("optimizer gave up", &self.failures),
            ("exit guards failed", &self.exits_by_uop),
            ("deopt guards failed", &self.deopts_by_uop),
        ] {
            if map.is_empty() {
                continue;
            }
            out.push_str(&format!("  {title}:\n"));
            for (k, v) in map {
                out.push_str(&format!("    {k:<30} {v:>10}\n"));
            }
        }
        out
    }
}
