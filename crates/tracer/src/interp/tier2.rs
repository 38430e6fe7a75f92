//! Tier 2 at run time: when a loop gets hot, and the uop interpreter that runs executors.
//!
//! ```text
//!   tier 1                                   tier 2
//!   JUMP_BACKWARD  counter 16,15,...,0 --->  project + optimize + install ENTER_EXECUTOR
//!   ENTER_EXECUTOR ------------------------> run_executor: _START_EXECUTOR ... _JUMP_TO_TOP
//!        ^                                        | guard fails
//!        |                <-- _DEOPT --------------+  back to tier 1 at the instruction
//!        |                <-- _EXIT_TRACE (cold) --+  temperature counts down (64, ...);
//!        |                                        |  at 0: a side trace at the exit target
//!        |                                        +--> linked side trace (stays in tier 2)
//!        |                <-- _ERROR_POP_N --------+  raise at the instruction (tier 1 unwinds)
//! ```
//!
//! The uop interpreter runs the same uop functions as tier 1 (`interp/uop/`), so a trace
//! computes exactly what the instructions it came from compute; it only skips the work the
//! optimizer proved unnecessary and never touches tier 1's counters.

use std::rc::Rc;

use crate::code::{unit_oparg, unit_opcode};
use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::executor::Executor;
use crate::executor::{ExecutorStats, ExitData, ReadyUop, EXIT_TEMPERATURE};
use crate::frame::Frame;
use crate::interp::Flow;
use crate::optimize::{self, stubs};
use crate::specialize::counter;
use crate::trace::Log;
use crate::uops::{Args, Step, Uop};
use crate::vm::Vm;

/// The uops `run_executor` handles in its own loop (they steer the loop or leave it), rather
/// than through a uop function.
fn handled_by_loop(uop: Uop) -> bool {
    matches!(
        uop,
        Uop::_START_EXECUTOR
            | Uop::_CHECK_VALIDITY
            | Uop::_CHECK_VALIDITY_AND_SET_IP
            | Uop::_SET_IP
            | Uop::_TIER2_RESUME_CHECK
            | Uop::_JUMP_TO_TOP
            | Uop::_CHECK_FUNCTION
            | Uop::_CHECK_STACK_SPACE_OPERAND
            | Uop::_DEOPT
            | Uop::_DYNAMIC_EXIT
            | Uop::_ERROR_POP_N
            | Uop::_EXIT_TRACE
    )
}

/// Where a side trace grows from: (executor id, exit index).
type FromExit = Option<(usize, usize)>;

impl Vm {
    /// `JUMP_BACKWARD` with tier 2 on (the jump is done): the hotness counter. At zero, try to
    /// build an executor for the loop (starting at `start`, the instruction or its first
    /// `EXTENDED_ARG`) and run it; without one, back off (32, 64, ... back-edges).
    pub(super) fn jump_backward_tier2(
        &mut self,
        f: &mut Box<Frame>,
        instr: usize,
        start: usize,
    ) -> PyResult<Flow> {
        let c = f.code.units[instr + 1].get();
        if !counter::triggers(c) {
            f.code.units[instr + 1].set(counter::advance(c));
            self.tier2.stats.tier1_back_edges += 1;
            return Ok(Flow::Next);
        }
        match self.optimize_at(f, start, None) {
            Some(exec) => self.run_executor(f, exec),
            None => {
                f.code.units[instr + 1].set(counter::backoff(c));
                self.tier2.stats.tier1_back_edges += 1;
                Ok(Flow::Next)
            }
        }
    }

    /// `ENTER_EXECUTOR`: run the executor installed here.
    pub(super) fn enter_executor<const INSTR: bool>(
        &mut self,
        f: &mut Box<Frame>,
        _instr: usize,
        oparg: u32,
        _start: usize,
    ) -> PyResult<Flow> {
        match f.code.executor(oparg) {
            Some(exec) => self.run_executor(f, exec),
            None => Err(exc::new(
                "SystemError",
                "ENTER_EXECUTOR without an executor",
            )),
        }
    }

    /// `_PyOptimizer_Optimize`: project, optimize and install an executor at `start` of the
    /// running frame's code. `None` when no worthwhile trace results.
    pub(crate) fn optimize_at(
        &mut self,
        f: &Frame,
        start: usize,
        from_exit: FromExit,
    ) -> Option<Rc<Executor>> {
        let code = f.code.clone();
        if !code.has_space_for_executor(start) {
            return None;
        }
        self.tier2.stats.attempts += 1;
        let mut log = self.tier2.recorder.is_some().then(|| Log {
            rt_code: Some(code.clone()),
            ..Log::default()
        });
        let (proj, stop) = self.project(&code, f.func.as_ref(), start, log.as_mut());
        *self.tier2.stats.stops.entry(stop.name()).or_default() += 1;
        if let Some(l) = log.as_mut() {
            l.stop = Some(stop);
        }
        if let crate::trace::Stop::Unsupported(op) = stop {
            *self.tier2.stats.unsupported.entry(op.name()).or_default() += 1;
        }
        let Some(proj) = proj else {
            self.tier2.stats.too_short += 1;
            self.keep_log(log, |l| l.failure = Some("no trace (too short)".into()));
            return None;
        };
        self.tier2.stats.traces_created += 1;
        if let Some(l) = log.as_mut() {
            l.proto = proj.uops.clone();
            l.from_exit = from_exit;
        }
        let optimized = optimize::analyze_and_optimize(
            self,
            &code,
            f.func.as_ref(),
            &f.globals,
            proj.uops,
            f.depth(),
            log.is_some(),
        );
        let optimized = match optimized {
            Ok(o) => o,
            Err(why) => {
                *self.tier2.stats.failures.entry(why.describe()).or_default() += 1;
                self.keep_log(log, |l| l.failure = Some(why.describe().into()));
                return None;
            }
        };
        let mut uops = optimized.uops;
        stubs::replicate(&mut uops);
        let mut buf = stubs::prepare_for_execution(uops);
        let targets = stubs::number_exits(&mut buf);
        let temperature = self.initial_exit_temperature();
        let id = self.tier2.next_id;
        self.tier2.next_id += 1;
        let replaced = code.units[start].get();
        let ready = buf
            .iter()
            .map(|u| ReadyUop::new(u, handled_by_loop(u.uop)))
            .collect();
        let exec = Rc::new(Executor {
            id,
            ready,
            uops: buf,
            exits: targets
                .iter()
                .map(|&target| ExitData {
                    target,
                    temperature: std::cell::Cell::new(temperature),
                    executor: Default::default(),
                })
                .collect(),
            valid: std::cell::Cell::new(true),
            code: Default::default(),
            index: start,
            opcode: unit_opcode(replaced),
            oparg: unit_oparg(replaced),
            stats: std::cell::RefCell::new(ExecutorStats {
                exits_taken: vec![0; targets.len()],
                ..Default::default()
            }),
            machine: std::cell::OnceCell::new(),
        });
        code.install(start, &exec);
        // The backend sees the executor installed, at its final address (inside the `Rc`).
        if let Some(code) = self.tier2.backend.clone().compile(&exec) {
            let _ = exec.machine.set(code);
        }
        for dict in &optimized.deps.dicts {
            dict.borrow_mut().add_dependent(&exec);
        }
        // Any change to the builtins invalidates every executor.
        self.builtins.borrow_mut().add_dependent(&exec);
        self.tier2.executors.push(Rc::downgrade(&exec));
        self.tier2.stats.executors_created += 1;
        if from_exit.is_some() {
            self.tier2.stats.side_traces += 1;
        }
        if let Some(l) = log.as_mut() {
            l.passes = optimized.passes;
            l.executor = Some(exec.uops.clone());
            l.executor_id = Some(id);
            l.made = Some(exec.clone());
        }
        self.keep_log(log, |_| {});
        Some(exec)
    }

    fn keep_log(&mut self, log: Option<Log>, finish: impl FnOnce(&mut Log)) {
        if let (Some(mut l), Some(rec)) = (log, self.tier2.recorder.as_mut()) {
            finish(&mut l);
            rec.push(l);
        }
    }

    /// The uop interpreter: runs `exec` (and the side traces it links to) until the trace
    /// leaves for tier 1, with `f.pc` set where tier 1 continues.
    pub(crate) fn run_executor(
        &mut self,
        f: &mut Box<Frame>,
        exec: Rc<Executor>,
    ) -> PyResult<Flow> {
        let mut exec = exec;
        exec.stats.borrow_mut().entered += 1;
        self.tier2.stats.executions += 1;
        let mut pending: Option<PyErr> = None;
        let mut pc = self.enter_trace(f, &exec, &mut pending);
        let count = self.options.stats;
        loop {
            let ready = &exec.ready[pc];
            pc += 1;
            if count {
                self.tier2.stats.uops_executed += 1;
            }
            // The common case: a uop with a function of its own.
            if let Some(run) = ready.run {
                let args = Args {
                    oparg: ready.oparg,
                    operand: ready.operand,
                    object: ready.object.as_ref(),
                };
                match run(self, f, args) {
                    Ok(Step::Continue | Step::Jumped) => {}
                    Ok(Step::Deopt) => {
                        let uop = exec.uops[pc - 1].uop;
                        self.note_guard(uop, uop.meta().flags & crate::uops::flags::EXIT != 0);
                        pc = usize::from(ready.jump_target);
                    }
                    Err(e) => {
                        pending = Some(e);
                        pc = usize::from(ready.error_target);
                    }
                }
                continue;
            }
            let inst = &exec.uops[pc - 1];
            match inst.uop {
                Uop::_START_EXECUTOR | Uop::_CHECK_VALIDITY => {
                    if !exec.valid.get() {
                        pc = usize::from(inst.jump_target);
                    }
                }
                Uop::_CHECK_VALIDITY_AND_SET_IP => {
                    if !exec.valid.get() {
                        pc = usize::from(inst.jump_target);
                    } else {
                        f.instr = inst.operand.int() as usize;
                    }
                }
                Uop::_SET_IP => f.instr = inst.operand.int() as usize,
                Uop::_TIER2_RESUME_CHECK => {}
                Uop::_JUMP_TO_TOP => {
                    exec.stats.borrow_mut().iterations += 1;
                    pc = 1;
                }
                Uop::_CHECK_FUNCTION => {
                    if !self.function_version_matches(f, inst.operand.int()) {
                        self.note_guard(inst.uop, false);
                        pc = usize::from(inst.jump_target);
                    }
                }
                Uop::_CHECK_STACK_SPACE_OPERAND => {
                    if !self.has_stack_space() {
                        self.note_guard(inst.uop, false);
                        pc = usize::from(inst.jump_target);
                    }
                }
                Uop::_DEOPT => {
                    exec.stats.borrow_mut().deopts += 1;
                    f.pc = inst.target as usize;
                    return Ok(Flow::Next);
                }
                Uop::_DYNAMIC_EXIT => match self.dynamic_exit(f, &exec, inst.oparg as usize) {
                    Some(next) => {
                        exec = next;
                        exec.stats.borrow_mut().entered += 1;
                        pc = self.enter_trace(f, &exec, &mut pending);
                    }
                    None => return Ok(Flow::Next),
                },
                Uop::_ERROR_POP_N => {
                    exec.stats.borrow_mut().errors += 1;
                    f.instr = inst.operand.int() as usize;
                    return Err(pending.take().unwrap_or_else(|| {
                        exc::new("SystemError", "a trace raised without an exception")
                    }));
                }
                Uop::_EXIT_TRACE => {
                    let index = usize::from(inst.exit_index);
                    match self.side_exit(f, &exec, index) {
                        Some(next) => {
                            exec = next;
                            exec.stats.borrow_mut().entered += 1;
                            pc = self.enter_trace(f, &exec, &mut pending);
                        }
                        None => return Ok(Flow::Next),
                    }
                }
                other => {
                    return Err(exc::new(
                        "SystemError",
                        format!("the uop interpreter has no case for {}", other.name()),
                    ))
                }
            }
        }
    }

    /// A new exit's temperature: `COLD_EXIT_INITIAL_VALUE` (64), or 0 in the stress mode.
    fn initial_exit_temperature(&self) -> u16 {
        if self.options.trace_every_loop {
            counter::make(0, 0)
        } else {
            EXIT_TEMPERATURE
        }
    }

    /// `_DYNAMIC_EXIT` (exit `index` of `exec`): the trace pushed a frame whose next
    /// instruction is known only now (a generator resumed by `FOR_ITER_GEN`). Continue in
    /// the executor installed there, if any; else count the exit's temperature down and,
    /// once hot, build one there. Unlike `_EXIT_TRACE`, nothing is linked: the target can
    /// differ every time.
    fn dynamic_exit(
        &mut self,
        f: &mut Box<Frame>,
        exec: &Rc<Executor>,
        index: usize,
    ) -> Option<Rc<Executor>> {
        exec.stats.borrow_mut().exits_taken[index] += 1;
        self.tier2.stats.side_exits += 1;
        let target = f.pc;
        if let Some(next) = f.code.executor_at(target) {
            return Some(next);
        }
        let exit = &exec.exits[index];
        let temperature = exit.temperature.get();
        if temperature == crate::executor::UNREACHABLE {
            return None;
        }
        if !counter::triggers(temperature) {
            exit.temperature.set(counter::advance(temperature));
            return None;
        }
        match self.optimize_at(f, target, Some((exec.id, index))) {
            Some(next) => {
                exit.temperature.set(self.initial_exit_temperature());
                Some(next)
            }
            None => {
                exit.temperature.set(counter::backoff(temperature));
                None
            }
        }
    }

    /// `_CHECK_FUNCTION`'s test: the running function still has the version the trace saw.
    #[inline]
    pub(crate) fn function_version_matches(&self, f: &Frame, version: u64) -> bool {
        u64::from(f.func.as_ref().map_or(0, |func| func.version.get())) == version
    }

    /// `_CHECK_STACK_SPACE_OPERAND`'s test: room for one more frame.
    #[inline]
    pub(crate) fn has_stack_space(&self) -> bool {
        self.recursion_limit.saturating_sub(self.depth) > 1
    }

    /// Where the uop interpreter starts in `exec`: uop 0, or (when a backend compiled it)
    /// the stub its machine code stopped at, with the frame as the interpreter would have
    /// left it there.
    #[inline]
    fn enter_trace(
        &mut self,
        f: &mut Box<Frame>,
        exec: &Executor,
        pending: &mut Option<PyErr>,
    ) -> usize {
        match exec.machine.get() {
            Some(code) => code.run(self, f, exec, pending),
            None => 0,
        }
    }

    /// Counts a failed guard for `--stats` (side exits and deopts by uop). Only when stats
    /// are on: the map update costs ~190 instructions, and a loop's last iteration fails a
    /// guard every time the loop ends.
    pub(crate) fn note_guard(&mut self, uop: Uop, exit: bool) {
        if !self.options.stats {
            return;
        }
        let table = if exit {
            &mut self.tier2.stats.exits_by_uop
        } else {
            &mut self.tier2.stats.deopts_by_uop
        };
        *table.entry(uop.base().name()).or_default() += 1;
    }

    /// Takes side exit `index` of `exec`: the linked side trace, or (a cold exit) back to
    /// tier 1 at the exit's target while the exit warms up; once hot, a side trace is built
    /// there, linked, and run.
    fn side_exit(
        &mut self,
        f: &mut Box<Frame>,
        exec: &Rc<Executor>,
        index: usize,
    ) -> Option<Rc<Executor>> {
        let exit: &ExitData = &exec.exits[index];
        exec.stats.borrow_mut().exits_taken[index] += 1;
        self.tier2.stats.side_exits += 1;
        if let Some(next) = exit.executor.borrow().clone() {
            return Some(next);
        }
        let target = exit.target as usize;
        let temperature = exit.temperature.get();
        if temperature == crate::executor::UNREACHABLE {
            f.pc = target;
            return None;
        }
        if !counter::triggers(temperature) {
            exit.temperature.set(counter::advance(temperature));
            f.pc = target;
            return None;
        }
        let side = match f.code.executor_at(target) {
            Some(e) => Some(e),
            None => self.optimize_at(f, target, Some((exec.id, index))),
        };
        match side {
            Some(side) => {
                *exit.executor.borrow_mut() = Some(side.clone());
                Some(side)
            }
            None => {
                exit.temperature.set(counter::backoff(temperature));
                f.pc = target;
                None
            }
        }
    }
}
