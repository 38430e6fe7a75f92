//! Executors: optimized traces installed in the code they came from (CPython's
//! `_PyExecutorObject`), with their side exits, their dependencies, and invalidation.
//!
//! ```text
//!   code units  ... [ENTER_EXECUTOR 0][cache] ...     code.executors[0] = Executor
//!                    replaced JUMP_BACKWARD                 uops   _START_EXECUTOR ...
//!                                                                  _GUARD_BOTH_INT  -> stub 18
//!                                                                  _JUMP_TO_TOP
//!                                                           stubs  _DEOPT, _EXIT_TRACE ...
//!                                                           exits  [ {target 27, temp 1030,
//!                                                                     executor: cold | side} ]
//! ```
//!
//! An executor is entered where it is installed (`ENTER_EXECUTOR` runs it instead of the
//! instruction it replaced) or through a side exit of another executor that got hot enough
//! to have its own trace (a *side trace*, installed at the exit's target and linked from the
//! exit). Invalidation (a watched globals dict changed, builtins changed) marks an executor
//! invalid, unlinks its exits and puts the replaced instruction back, so tier 1 runs the code
//! again and may project a new trace later.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use crate::bytecode::Opcode;
use crate::code::{code_unit, unit_oparg, unit_opcode};
use crate::object::{Function, RtCode};
use crate::specialize::counter;
use crate::uops::UopInst;

/// At most this many executors per code object (`MAX_EXECUTORS_SIZE`).
pub const MAX_EXECUTORS: usize = 256;

/// `COLD_EXIT_INITIAL_VALUE` / `_BACKOFF`: a side exit projects its own trace on its 64th
/// use. It must exceed the specializer's cooldown (52), so tier 1 re-specializes first.
pub const EXIT_TEMPERATURE: u16 = counter::make(64, 6);
/// `initial_unreachable_backoff_counter`: the temperature of an invalidated executor's exits,
/// which never warm up again.
pub const UNREACHABLE: u16 = 0xFFFF;

thread_local! {
    /// Executors invalidated on this thread (pystats' `executors_invalidated`). A dict change
    /// invalidates its dependents without reaching the VM, so the count lives here.
    static INVALIDATED: Cell<u64> = const { Cell::new(0) };
}

/// Executors invalidated on this thread so far.
pub fn invalidated_count() -> u64 {
    INVALIDATED.with(|n| n.get())
}

/// One side exit (CPython's `_PyExitData`).
pub struct ExitData {
    /// Where tier 1 continues (code-unit index in the frame that is current at the exit).
    pub target: u32,
    /// Counts down each time the exit is taken cold; at zero a side trace is projected.
    pub temperature: Cell<u16>,
    /// The side trace this exit jumps to, once there is one.
    pub executor: RefCell<Option<Rc<Executor>>>,
}

/// What one executor did (for `explain trace` and `--stats`).
#[derive(Default, Debug, Clone)]
pub struct ExecutorStats {
    /// Times entered (from tier 1, or from another executor's exit).
    pub entered: u64,
    /// Times `_JUMP_TO_TOP` ran: loop iterations done entirely in the trace.
    pub iterations: u64,
    /// Times each exit was taken, by exit index.
    pub exits_taken: Vec<u64>,
    /// `_DEOPT` stubs taken.
    pub deopts: u64,
    /// Errors raised inside the trace.
    pub errors: u64,
}

/// One uop ready to run: its function and arguments decoded once, when the executor is made,
/// so the uop interpreter's loop does no table lookup or operand decoding per uop.
pub struct ReadyUop {
    /// The uop's function; `None` for the uops the interpreter loop handles itself
    /// (`_START_EXECUTOR`, `_JUMP_TO_TOP`, the stubs, ...).
    pub run: Option<crate::uops::table::ExecFn>,
    pub oparg: u32,
    pub operand: u64,
    pub object: Option<crate::value::Value>,
    /// Where a failed guard goes (index of its stub).
    pub jump_target: u16,
    /// Where an error goes (index of its `_ERROR_POP_N`).
    pub error_target: u16,
}

impl ReadyUop {
    /// Decodes `inst`; `special` uops keep `run: None`.
    pub fn new(inst: &UopInst, special: bool) -> ReadyUop {
        ReadyUop {
            run: (!special).then(|| inst.uop.exec()),
            oparg: inst.oparg,
            operand: inst.operand.int(),
            object: inst.operand.object().cloned(),
            jump_target: inst.jump_target,
            error_target: inst.error_target,
        }
    }
}

/// An optimized trace, installed at `index` of `code`.
pub struct Executor {
    /// A serial number for views (`explain trace` names executors `#0`, `#1`, ...).
    pub id: usize,
    /// The trace and its stubs.
    pub uops: Vec<UopInst>,
    /// The same, decoded for the uop interpreter (same indexes).
    pub ready: Vec<ReadyUop>,
    pub exits: Vec<ExitData>,
    /// CPython's `vm_data.valid`: false once invalidated (`_CHECK_VALIDITY` then deopts).
    pub valid: Cell<bool>,
    /// The code object it is installed in (weak: the code owns its executors).
    pub code: RefCell<Weak<RtCode>>,
    /// Code-unit index of its `ENTER_EXECUTOR` (`vm_data.index`).
    pub index: usize,
    /// The instruction `ENTER_EXECUTOR` replaced (`vm_data.opcode` / `oparg`).
    pub opcode: Opcode,
    pub oparg: u8,
    pub stats: RefCell<ExecutorStats>,
    /// What the VM's backend compiled this executor into (`backend.rs`), if anything; freed
    /// with the executor (an invalidated executor is dropped once nothing runs it).
    pub machine: std::cell::OnceCell<Box<dyn crate::backend::MachineCode>>,
}

impl Executor {
    /// The code unit this executor replaced, for projection through it and for `dis`.
    pub fn replaced_unit(&self) -> u16 {
        code_unit(self.opcode, self.oparg)
    }

    /// `executor_clear`: invalid from now on, exits unlinked and cold forever, and the
    /// replaced instruction is back in the code.
    pub fn invalidate(&self) {
        if !self.valid.get() {
            return;
        }
        self.valid.set(false);
        INVALIDATED.with(|n| n.set(n.get() + 1));
        for exit in &self.exits {
            exit.temperature.set(UNREACHABLE);
            exit.executor.borrow_mut().take();
        }
        self.detach();
    }

    /// `_Py_ExecutorDetach`: put the replaced instruction back and forget the slot.
    pub fn detach(&self) {
        let Some(code) = self.code.borrow().upgrade() else {
            return;
        };
        let unit = code.units[self.index].get();
        if unit_opcode(unit) != Opcode::ENTER_EXECUTOR {
            return;
        }
        let slot = usize::from(unit_oparg(unit));
        let mut executors = code.executors.borrow_mut();
        let mine = executors
            .get(slot)
            .and_then(|e| e.as_ref())
            .is_some_and(|e| std::ptr::eq(Rc::as_ptr(e), self));
        if mine {
            code.units[self.index].set(self.replaced_unit());
            executors[slot] = None;
        }
        *self.code.borrow_mut() = Weak::new();
    }
}

impl RtCode {
    /// The executor `ENTER_EXECUTOR oparg` runs.
    pub fn executor(&self, oparg: u32) -> Option<Rc<Executor>> {
        self.executors
            .borrow()
            .get(oparg as usize)
            .and_then(|e| e.clone())
    }

    /// The executor installed at code-unit `index`, if that unit is an `ENTER_EXECUTOR`.
    pub fn executor_at(&self, index: usize) -> Option<Rc<Executor>> {
        let unit = self.units.get(index)?.get();
        (unit_opcode(unit) == Opcode::ENTER_EXECUTOR)
            .then(|| self.executor(u32::from(unit_oparg(unit))))
            .flatten()
    }

    /// The unit at `index` as tier 1 would see it without executors (`ENTER_EXECUTOR`
    /// mapped back to the instruction it replaced).
    pub fn base_unit(&self, index: usize) -> u16 {
        match self.executor_at(index) {
            Some(e) => e.replaced_unit(),
            None => self.units[index].get(),
        }
    }

    /// `has_space_for_executor`.
    pub fn has_space_for_executor(&self, index: usize) -> bool {
        unit_opcode(self.units[index].get()) == Opcode::ENTER_EXECUTOR
            || self.executors.borrow().len() < MAX_EXECUTORS
    }

    /// `get_index_for_executor` + `insert_executor`: `ENTER_EXECUTOR` replaces the unit at
    /// `index` (an existing executor there is detached first).
    pub fn install(self: &Rc<Self>, index: usize, exec: &Rc<Executor>) {
        let unit = self.units[index].get();
        let slot = if unit_opcode(unit) == Opcode::ENTER_EXECUTOR {
            let slot = usize::from(unit_oparg(unit));
            if let Some(old) = self.executor(slot as u32) {
                old.detach();
            }
            slot
        } else {
            let mut executors = self.executors.borrow_mut();
            executors.push(None);
            executors.len() - 1
        };
        self.executors.borrow_mut()[slot] = Some(exec.clone());
        *exec.code.borrow_mut() = Rc::downgrade(self);
        self.units[index].set(code_unit(Opcode::ENTER_EXECUTOR, slot as u8));
    }
}

/// CPython's function-version cache (`_PyFunction_LookupByVersion`): the function (if still
/// alive and unchanged) and the code object last given each version, so projection can follow
/// a call from the version in `CALL`'s inline cache.
pub struct FuncVersionCache {
    slots: Vec<FuncSlot>,
}

#[derive(Clone, Default)]
struct FuncSlot {
    version: u32,
    func: Weak<Function>,
    code: Option<Weak<RtCode>>,
}

/// `FUNC_VERSION_CACHE_SIZE`.
const FUNC_VERSION_CACHE_SIZE: usize = 1 << 12;

impl Default for FuncVersionCache {
    fn default() -> Self {
        FuncVersionCache {
            slots: vec![FuncSlot::default(); FUNC_VERSION_CACHE_SIZE],
        }
    }
}

impl FuncVersionCache {
    /// `_PyFunction_SetVersion`: `func` now owns its version's slot.
    pub fn set(&mut self, func: &Rc<Function>) {
        let version = func.version.get();
        if version == 0 {
            return;
        }
        self.slots[version as usize % FUNC_VERSION_CACHE_SIZE] = FuncSlot {
            version,
            func: Rc::downgrade(func),
            code: Some(Rc::downgrade(&func.code)),
        };
    }

    /// `_PyFunction_LookupByVersion`: `(function, code)`. The function is `None` when it died
    /// or its version was cleared since; the code may still be known.
    pub fn lookup(&self, version: u32) -> (Option<Rc<Function>>, Option<Rc<RtCode>>) {
        let slot = &self.slots[version as usize % FUNC_VERSION_CACHE_SIZE];
        if slot.version != version || version == 0 {
            return (None, None);
        }
        let func = slot.func.upgrade().filter(|f| f.version.get() == version);
        let code = slot.code.as_ref().and_then(|c| c.upgrade());
        (func, code)
    }
}

/// The executors installed in one code object, for views and for comparison with CPython
/// (`_opcode.get_executor(code, offset)` at each `ENTER_EXECUTOR`).
#[derive(Clone)]
pub struct CodeExecutors {
    pub qualname: String,
    pub firstlineno: u32,
    /// By offset, as iterating the code finds them.
    pub executors: Vec<Rc<Executor>>,
}

impl Executor {
    /// Byte offset of the instruction this executor replaced (what `get_executor` takes).
    pub fn offset(&self) -> usize {
        self.index * 2
    }
}

impl RtCode {
    /// The adaptive code units as CPython 3.13's `dis` reads them (`_get_code_array`): each
    /// `ENTER_EXECUTOR` replaced by the instruction its executor took the place of.
    pub fn dis_units(&self) -> Vec<u16> {
        let mut units: Vec<u16> = self.units.iter().map(|u| u.get()).collect();
        let mut i = 0;
        while i < units.len() {
            let base = self.base_unit(i);
            units[i] = base;
            i += 1 + unit_opcode(base).deopt().cache_entries();
        }
        units
    }
}

impl crate::vm::Vm {
    /// Every code object that has executors, in dis order (module first, nested code depth
    /// first), with its executors by offset.
    pub fn installed_executors(&self) -> Vec<CodeExecutors> {
        self.codes
            .iter()
            .filter_map(|code| {
                let mut executors = Vec::new();
                let mut i = 0;
                while i < code.units.len() {
                    if let Some(e) = code.executor_at(i) {
                        executors.push(e);
                    }
                    // Step over the instruction's inline cache (as the instruction it
                    // replaced has, for an `ENTER_EXECUTOR`).
                    let op = unit_opcode(code.base_unit(i));
                    i += 1 + op.deopt().cache_entries();
                }
                (!executors.is_empty()).then(|| CodeExecutors {
                    qualname: code.code.qualname.to_string(),
                    firstlineno: code.code.firstlineno,
                    executors,
                })
            })
            .collect()
    }
}
