//! Copy and patch: lay one stencil per uop end to end and write the runtime values into
//! their holes.
//!
//! ```text
//!   uop 0 _START_EXECUTOR  check_validity  [movabs rax, &valid][cmp][jne +0][jmp stub 7]
//!   uop 1 _LOAD_FAST_1     helper          [movabs rax, helper][movabs rsi, 1][call rax] ...
//!   ...
//!   uop 6 _JUMP_TO_TOP     jump_to_top     [inc iterations][jmp uop 1]
//!   uop 7 _EXIT_TRACE      leave           [movabs rax, 7][ret]
//! ```
//!
//! Every value is known before the code has an address: value holes get absolute values
//! (helper addresses, the operand), and every jump goes to another stencil of the same trace,
//! so its displacement is a difference of offsets. The layout is therefore computed first
//! ([`Layout`]), then [`patch_into`] writes the finished code straight into the mapping.

use tracer::executor::Executor;
use tracer::uops::UopInst;

use crate::stencil::{self, Hole, HoleKind, Stencil, Symbol};

/// Why an executor was not compiled (it then runs in the uop interpreter).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CompileError {
    #[error("this build has no stencils (the JIT supports x86_64 Linux only)")]
    NoStencils,
    #[error("uop {index} ({name}) has no stencil")]
    NoStencil { index: usize, name: &'static str },
    #[error("uop {index} ({name}) continues past the end of the trace")]
    FallsOffEnd { index: usize, name: &'static str },
    #[error("the trace's code does not fit in 32-bit jumps")]
    TooLarge,
    #[error("the system refused to map or protect memory for the code")]
    NoMemory,
    #[error("where iterators, lists and instances keep their state could not be measured")]
    NoLayout,
}

/// Where each uop's code goes: the trace (hot), then the slow paths (cold).
///
/// ```text
///   +0      uop 0 .. uop n-1        each stencil falls through into the next
///   +hot    slow path of uop i      helper stencil for uop i, then `jmp` uop i+1
///           slow path of uop j ...  (only uops whose stencil has a `_JIT_SLOW` hole)
/// ```
pub struct Layout {
    /// The stencil of each uop, by index into `STENCILS` (and [`prepared`]).
    pub stencils: Vec<usize>,
    /// Byte offset of each uop's code; one more entry: the end of the trace (hot code).
    pub offsets: Vec<usize>,
    /// How many uops each uop's helper call (or slow path) runs (`_JIT_COUNT`): 1, more
    /// for the first of a run of uops that call the VM or that a fused stencil covers, 0
    /// for the rest of the run (stencil `fused`).
    pub counts: Vec<u32>,
    /// The fused runs ([`stencil::FUSIONS`]): (first uop, number of uops), in order.
    pub runs: Vec<(usize, usize)>,
    /// The slow paths: (uop index, byte offset), in order after the trace.
    pub slow: Vec<(usize, usize)>,
    /// Byte offset of each uop's slow path (0: none).
    slow_at: Vec<usize>,
    size: usize,
}

/// Turns each run of `helper` uops into one call: the first keeps `helper` with the run's
/// length as its count, the others become `fused` (no code). A run never crosses uop 1,
/// where `_JUMP_TO_TOP` jumps in; nothing else jumps into a trace but to the next uop or
/// to a stub (which is `leave`, never `helper`).
fn fuse(stencils: &mut [usize], table: &stencil::Table) -> Vec<u32> {
    let mut counts = vec![1; stencils.len()];
    let (Some(helper), Some(fused)) = (table.helper, table.fused) else {
        return counts;
    };
    let mut i = 0;
    while i < stencils.len() {
        let mut end = i + 1;
        if stencils[i] == helper {
            while end < stencils.len() && stencils[end] == helper && end != 1 {
                stencils[end] = fused;
                counts[end] = 0;
                end += 1;
            }
            counts[i] = (end - i) as u32;
        }
        i = end;
    }
    counts
}

/// Gives each run of uops that matches a fusion ([`stencil::FUSIONS`]) its fused stencil:
/// the run's first uop gets it, the others the empty `fused` stencil. Answers the runs as
/// (first uop, length). A run starts after uop 1 (where `_JUMP_TO_TOP` jumps in) and no
/// uop of the executor may jump into its middle (stubs are after the trace, so none does;
/// checked all the same). A uop is matched only against the fusions that start with its
/// stencil and the next uop's (`Table::fusions_from`, usually none): about one load per uop.
fn fuse_runs(
    stencils: &mut [usize],
    exec: &Executor,
    table: &stencil::Table,
) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let Some(fused) = table.fused else {
        return runs;
    };
    // The lowest uop any jump lands on (computed at the first match): a run that ends at or
    // before it cannot be jumped into.
    let mut lowest_target = None;
    let mut i = 1;
    while i + 1 < stencils.len() {
        let candidates = table.fusions_from(stencils[i], stencils[i + 1]);
        let found = candidates
            .iter()
            .map(|&n| &table.fusions[n as usize])
            .find(|f| {
                let k = f.parts.len();
                i + k <= stencils.len()
                    && f.parts.iter().enumerate().all(|(n, &(uop, st))| {
                        stencils[i + n] == st && exec.uops[i + n].uop.base() == uop
                    })
                    && f.when.is_none_or(|when| when(&exec.uops[i..i + k]))
            });
        let Some(f) = found else {
            i += 1;
            continue;
        };
        let k = f.parts.len();
        let inner = i + 1..i + k;
        let lowest = *lowest_target.get_or_insert_with(|| {
            // 0 is "no stub": `wrapping_sub(1)` makes it the largest value.
            let lowest = exec.uops.iter().fold(u16::MAX, |m, u| {
                m.min(u.jump_target.wrapping_sub(1))
                    .min(u.error_target.wrapping_sub(1))
            });
            usize::from(lowest) + 1
        });
        let jumped_into = i + k > lowest
            && exec.uops.iter().any(|u| {
                inner.contains(&usize::from(u.jump_target))
                    || inner.contains(&usize::from(u.error_target))
            });
        if jumped_into {
            i += 1;
            continue;
        }
        stencils[i] = f.stencil;
        for st in &mut stencils[inner] {
            *st = fused;
        }
        runs.push((i, k));
        i += k;
    }
    runs
}

/// Bytes of the `jmp rel32` (opcode [`JMP_REL32`], then the displacement) that ends a slow
/// path.
pub const JMP_LEN: usize = 5;

/// The opcode of `jmp rel32`.
pub const JMP_REL32: u8 = 0xE9;

impl Layout {
    /// Chooses each uop's stencil, makes each run of uops that call the VM one call, and
    /// computes the offsets.
    pub fn new(exec: &Executor) -> Result<Layout, CompileError> {
        if !stencil::available() {
            return Err(CompileError::NoStencils);
        }
        let n = exec.uops.len();
        let mut stencils = Vec::with_capacity(n);
        for (index, inst) in exec.uops.iter().enumerate() {
            let i = stencil::index_for_inst(inst).ok_or(CompileError::NoStencil {
                index,
                name: inst.uop.name(),
            })?;
            stencils.push(i);
        }
        let table = stencil::warm_up();
        let runs = fuse_runs(&mut stencils, exec, table);
        let mut counts = fuse(&mut stencils, table);
        // A fused stencil's slow path runs its whole run in the VM.
        for &(first, len) in &runs {
            counts[first] = len as u32;
            counts[first + 1..first + len].fill(0);
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut at = 0usize;
        for (index, &i) in stencils.iter().enumerate() {
            let st = &stencil::STENCILS[i];
            if index + 1 == n && !matches!(st.name, "leave" | "jump_to_top") {
                return Err(CompileError::FallsOffEnd {
                    index,
                    name: exec.uops[index].uop.name(),
                });
            }
            offsets.push(at);
            at += st.code.len();
        }
        offsets.push(at);
        let helper_len = table.helper.map_or(0, |h| stencil::STENCILS[h].code.len());
        let mut slow = Vec::new();
        let mut slow_at = vec![0; n];
        for (index, &i) in stencils.iter().enumerate() {
            if table.has_slow[i] {
                slow.push((index, at));
                slow_at[index] = at;
                at += helper_len + JMP_LEN;
            }
        }
        if at > i32::MAX as usize {
            return Err(CompileError::TooLarge);
        }
        Ok(Layout {
            stencils,
            offsets,
            counts,
            runs,
            slow,
            slow_at,
            size: at,
        })
    }

    /// Total bytes of code.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Byte offset of uop `index`'s slow path, if its stencil has one (what its `_JIT_SLOW`
    /// hole jumps to).
    pub fn slow_at(&self, index: usize) -> Option<usize> {
        self.slow
            .iter()
            .find(|&&(uop, _)| uop == index)
            .map(|&(_, at)| at)
    }
}

/// One hole as patched (for `explain jit`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Patch {
    /// The uop whose stencil has the hole.
    pub uop: usize,
    /// Offset of the hole inside that stencil.
    pub offset: u32,
    pub kind: HoleKind,
    pub symbol: Symbol,
    /// The value written (for `Rel32`, the displacement).
    pub value: i64,
    /// Why this value: `oparg`, `next uop (3)`, ...
    pub why: String,
    /// True for a hole of the uop's slow path (its copy of the helper stencil after the
    /// trace); `offset` is then inside that copy.
    pub slow: bool,
}

/// The runtime values a trace needs besides its layout.
pub struct Values {
    /// The address of the function stencils call to run a uop in the VM.
    pub helper: u64,
    /// The addresses of the reference-count helpers (`_JIT_INCREF`, `_JIT_DECREF`).
    pub incref: u64,
    pub decref: u64,
}

/// A stencil with the holes that are the same in every trace (the helpers' addresses)
/// already patched, and the holes left to patch per trace.
struct Prepared {
    code: Box<[u8]>,
    holes: Box<[Hole]>,
}

/// Whether a hole's value is the same for every trace of this process.
fn process_constant(symbol: Symbol) -> bool {
    matches!(symbol, Symbol::Helper | Symbol::Incref | Symbol::Decref)
}

/// Builds the prepared stencils now (the JIT does it when it is made, so the first
/// compilation does not pay for it).
pub fn prepare(values: &Values) {
    prepared(values);
}

/// Every stencil prepared (by index into `STENCILS`), built once: the helpers' addresses
/// never change while the process runs.
fn prepared(values: &Values) -> &'static [Prepared] {
    static PREPARED: std::sync::OnceLock<Vec<Prepared>> = std::sync::OnceLock::new();
    let table = PREPARED.get_or_init(|| {
        stencil::STENCILS
            .iter()
            .map(|st| {
                let mut code = st.code.to_vec();
                for h in st.holes.iter().filter(|h| process_constant(h.symbol)) {
                    let v = constant_value(h.symbol, values).wrapping_add(h.addend);
                    let at = h.offset as usize;
                    code[at..at + 8].copy_from_slice(&v.to_le_bytes());
                }
                let holes = st.holes.iter().filter(|h| !process_constant(h.symbol));
                Prepared {
                    code: code.into(),
                    holes: holes.copied().collect(),
                }
            })
            .collect()
    });
    table
}

/// The value of a process-constant hole.
fn constant_value(symbol: Symbol, values: &Values) -> i64 {
    match symbol {
        Symbol::Helper => values.helper as i64,
        Symbol::Incref => values.incref as i64,
        _ => values.decref as i64,
    }
}

/// Copies every stencil into `code` (exactly `layout.size()` bytes) and patches its holes;
/// records each patch in `log` when given one (only then are the reasons written out).
pub fn patch_into(
    code: &mut [u8],
    exec: &Executor,
    layout: &Layout,
    values: &Values,
    mut log: Option<&mut Vec<Patch>>,
) {
    debug_assert_eq!(code.len(), layout.size());
    let prepared = prepared(values);
    for (index, &which) in layout.stencils.iter().enumerate() {
        let base = layout.offsets[index];
        let st = &prepared[which];
        code[base..base + st.code.len()].copy_from_slice(&st.code);
        let inst = &exec.uops[index];
        for hole in st.holes.iter() {
            let at = base + hole.offset as usize;
            let target = hole_value(hole.symbol, index, inst, exec, layout);
            write(code, at, hole, target);
        }
        if let Some(log) = log.as_deref_mut() {
            record(
                log,
                &stencil::STENCILS[which],
                index,
                inst,
                exec,
                layout,
                values,
            );
        }
    }
    let Some(helper) = stencil::warm_up().helper else {
        return;
    };
    for &(index, base) in &layout.slow {
        // The helper stencil for uop `index` (its holes are that uop's), then the jump back
        // that stripping removed from it: to the uop after `index`.
        let st = &prepared[helper];
        let end = base + st.code.len();
        code[base..end].copy_from_slice(&st.code);
        let inst = &exec.uops[index];
        for hole in st.holes.iter() {
            let at = base + hole.offset as usize;
            let target = hole_value(hole.symbol, index, inst, exec, layout);
            write(code, at, hole, target);
        }
        // The uop after the run the slow path ran (`offsets[index + 1]` as well: the rest
        // of a fused run has no code).
        let after = index + layout.counts[index].max(1) as usize;
        let back = layout.offsets[after] as i64 - (end + JMP_LEN) as i64;
        code[end] = JMP_REL32;
        code[end + 1..end + JMP_LEN].copy_from_slice(&(back as i32).to_le_bytes());
        if let Some(log) = log.as_deref_mut() {
            let from = log.len();
            record(
                log,
                &stencil::STENCILS[helper],
                index,
                inst,
                exec,
                layout,
                values,
            );
            for p in &mut log[from..] {
                p.slow = true;
                p.value = match p.kind {
                    HoleKind::Abs64 => p.value,
                    // `record` measured from the uop's own code; this copy sits at `base`.
                    HoleKind::Rel32 => p.value + (layout.offsets[index] as i64 - base as i64),
                };
            }
            log.push(Patch {
                uop: index,
                offset: st.code.len() as u32,
                kind: HoleKind::Rel32,
                symbol: Symbol::Continue,
                value: back,
                why: format!("back to the trace (uop {after})"),
                slow: true,
            });
        }
    }
}

/// Writes a hole's value (`target` plus the addend; relative to the hole for jumps).
#[inline]
fn write(code: &mut [u8], at: usize, hole: &Hole, target: i64) {
    match hole.kind {
        HoleKind::Abs64 => {
            let v = target.wrapping_add(hole.addend);
            code[at..at + 8].copy_from_slice(&v.to_le_bytes());
        }
        HoleKind::Rel32 => {
            // target + addend - place, all relative to the start of the trace.
            let v = target + hole.addend - at as i64;
            let v32 = i32::try_from(v).unwrap_or(i32::MAX);
            debug_assert_eq!(i64::from(v32), v, "layout checked the size");
            code[at..at + 4].copy_from_slice(&v32.to_le_bytes());
        }
    }
}

/// Writes down every hole of uop `index` as patched, with why (for `explain jit`).
fn record(
    log: &mut Vec<Patch>,
    st: &Stencil,
    index: usize,
    inst: &UopInst,
    exec: &Executor,
    layout: &Layout,
    values: &Values,
) {
    let base = layout.offsets[index];
    for hole in st.holes {
        let target = if process_constant(hole.symbol) {
            constant_value(hole.symbol, values)
        } else {
            hole_value(hole.symbol, index, inst, exec, layout)
        };
        let value = match hole.kind {
            HoleKind::Abs64 => target.wrapping_add(hole.addend),
            HoleKind::Rel32 => target + hole.addend - (base + hole.offset as usize) as i64,
        };
        log.push(Patch {
            uop: index,
            offset: hole.offset,
            kind: hole.kind,
            symbol: hole.symbol,
            value,
            why: why(hole.symbol, index, exec, layout),
            slow: false,
        });
    }
}

/// The value a hole of uop `index` stands for (for jumps: the target's offset in the trace).
/// Always inlined: it runs once per hole, and a call would cost more than most arms.
#[inline(always)]
fn hole_value(
    symbol: Symbol,
    index: usize,
    inst: &UopInst,
    exec: &Executor,
    layout: &Layout,
) -> i64 {
    let offset = |to: usize| layout.offsets.get(to).copied().unwrap_or(0) as i64;
    match symbol {
        Symbol::Index => index as i64,
        Symbol::Operand => inst.operand.int() as i64,
        Symbol::Helper | Symbol::Incref | Symbol::Decref => 0,
        Symbol::Valid => exec.valid.as_ptr() as i64,
        Symbol::Oparg => i64::from(inst.oparg),
        Symbol::Count => i64::from(layout.counts[index]),
        Symbol::ConstTag => const_words(inst).0 as i64,
        Symbol::ConstPayload => const_words(inst).1 as i64,
        Symbol::OperandPlus1 => later_operand(exec, index + 1),
        Symbol::OperandPlus2 => later_operand(exec, index + 2),
        Symbol::OperandPlus3 => later_operand(exec, index + 3),
        Symbol::Continue => offset(index + 1),
        Symbol::JumpTarget => offset(usize::from(inst.jump_target)),
        Symbol::ErrorTarget => offset(usize::from(inst.error_target)),
        Symbol::Top => offset(1),
        Symbol::Slow => layout.slow_at[index] as i64,
    }
}

/// The operand of uop `at`, read by the fused stencil of an earlier uop.
fn later_operand(exec: &Executor, at: usize) -> i64 {
    exec.uops.get(at).map_or(0, |u| u.operand.int() as i64)
}

/// Why a hole got its value (for `explain jit`).
fn why(symbol: Symbol, index: usize, exec: &Executor, layout: &Layout) -> String {
    let inst = &exec.uops[index];
    let later = |at: usize| {
        let name = exec.uops.get(at).map_or("?", |u| u.uop.name());
        format!("operand of uop {at} ({name})")
    };
    let jump = |to: usize, what: &str| {
        if to == 0 {
            format!("no {what}: never taken (uop 0)")
        } else {
            format!("{what} (uop {to})")
        }
    };
    match symbol {
        Symbol::Index => format!("uop index {index}"),
        Symbol::Operand => "operand".into(),
        Symbol::Helper => "helper: run the uop in the VM".into(),
        Symbol::Valid => "&executor.valid".into(),
        Symbol::Oparg => "oparg".into(),
        Symbol::Count => match layout.counts[index] {
            1 => "uops the VM runs: this one".into(),
            n if layout.runs.iter().any(|&(first, _)| first == index) => {
                format!(
                    "uops the VM runs: {index} .. {} in one call (the fused run)",
                    index + n as usize - 1
                )
            }
            n => format!(
                "uops the VM runs: {index} .. {} in one call",
                index + n as usize - 1
            ),
        },
        Symbol::Incref => "incref: add a reference".into(),
        Symbol::Decref => "decref: drop a heap value".into(),
        Symbol::ConstTag => "the constant's tag".into(),
        Symbol::ConstPayload => "the constant's payload".into(),
        Symbol::OperandPlus1 => later(index + 1),
        Symbol::OperandPlus2 => later(index + 2),
        Symbol::OperandPlus3 => later(index + 3),
        Symbol::Continue => jump(index + 1, "next uop"),
        Symbol::JumpTarget => jump(usize::from(inst.jump_target), "stub"),
        Symbol::ErrorTarget => jump(usize::from(inst.error_target), "error stub"),
        Symbol::Top => jump(1, "top of the loop"),
        Symbol::Slow => match layout.runs.iter().find(|&&(first, _)| first == index) {
            Some(&(first, len)) => format!(
                "slow path: the VM runs uops {first} .. {} (at +{:#06x})",
                first + len - 1,
                layout.slow_at[index]
            ),
            None => format!(
                "slow path: the VM runs it (at +{:#06x})",
                layout.slow_at[index]
            ),
        },
    }
}

/// The two words of the uop's constant (the layout chose a constant stencil only for an
/// object operand). A heap constant's words are its tag and its `Rc`'s pointer: the
/// executor's operand keeps that object alive as long as the code exists.
pub fn const_words(inst: &UopInst) -> (u64, u64) {
    match inst.operand.object() {
        Some(v) => v.immediate_words().unwrap_or_else(|| value_words(v)),
        None => (0, 0),
    }
}

/// A value's two words, read from memory (on targets with stencils).
fn value_words(v: &tracer::value::Value) -> (u64, u64) {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    return crate::memory::value_words(v);
    #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
    {
        let _ = v;
        (0, 0)
    }
}
