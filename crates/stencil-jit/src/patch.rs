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
    size: usize,
}

/// The fusion ([`stencil::FUSIONS`]) that starts at uop `i`, if any: the first whose uops
/// come here in order, each with the stencil it would get alone, whose opargs fit, and
/// that no uop of the executor jumps into the middle of. A run starts after uop 1 (where
/// `_JUMP_TO_TOP` jumps in); stubs are after the trace, so none jumps into a run (checked
/// all the same). A uop is matched only against the fusions that start with its stencil
/// and the next uop's (`Table::fusions_from`, usually none): about one load per uop.
/// `lowest_target` caches the lowest uop any jump lands on (computed at the first match):
/// a run that ends at or before it cannot be jumped into.
///
/// Always inlined, up to the pair lookup (the rest is [`first_fusion`]): it runs at almost
/// every uop, and as a call it cost 17 more machine instructions each time (callgrind).
#[inline(always)]
fn fusion_at<'t>(
    i: usize,
    stencils: &[usize],
    exec: &Executor,
    table: &'t stencil::Table,
    lowest_target: &mut Option<usize>,
) -> Option<&'t stencil::FusionIndex> {
    if i == 0 || i + 1 >= stencils.len() {
        return None;
    }
    let candidates = table.fusions_from(stencils[i], stencils[i + 1]);
    if candidates.is_empty() {
        return None;
    }
    first_fusion(i, candidates, stencils, exec, table, lowest_target)
}

/// [`fusion_at`] once the stencils of uops `i` and `i + 1` start some fusions
/// (`candidates`).
#[inline(never)]
fn first_fusion<'t>(
    i: usize,
    candidates: &[stencil::Candidate],
    stencils: &[usize],
    exec: &Executor,
    table: &'t stencil::Table,
    lowest_target: &mut Option<usize>,
) -> Option<&'t stencil::FusionIndex> {
    let third = stencils
        .get(i + 2)
        .map_or(stencil::Candidate::NO_THIRD, |&st| st as u16);
    let c = candidates.iter().find(|c| {
        let k = c.uops();
        (c.third == third || c.third == stencil::Candidate::NO_THIRD)
            && match (stencils.get(i..i + k), exec.uops.get(i..i + k)) {
                (Some(sts), Some(uops)) => c.matches(sts, uops, table),
                _ => false,
            }
    })?;
    let f = &table.fusions[usize::from(c.fusion)];
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
    (!jumped_into).then_some(f)
}

/// Bytes of the `jmp rel32` (opcode [`JMP_REL32`], then the displacement) that ends a slow
/// path.
pub const JMP_LEN: usize = 5;

/// The opcode of `jmp rel32`.
pub const JMP_REL32: u8 = 0xE9;

impl Layout {
    /// Chooses each uop's stencil, makes each run of uops that call the VM one call, gives
    /// each run of uops that matches a fusion its fused stencil, and computes the offsets.
    ///
    /// After choosing the stencils, one pass from the first uop to the last does the rest
    /// (what it does at uop `i` reads only uops `i..`, which nothing before changed):
    /// - A run of uops that matches a fusion ([`fusion_at`]) gets the fusion's stencil at
    ///   its first uop and the empty `fused` one at the others; its slow path runs the
    ///   whole run in the VM (the first uop's count is the run's length).
    /// - Otherwise a run of `helper` uops becomes one call: the first keeps `helper` with
    ///   the run's length as its count, the others become `fused` (no code). A run never
    ///   crosses uop 1, where `_JUMP_TO_TOP` jumps in; nothing else jumps into a trace but
    ///   to the next uop or to a stub (which is `leave`, never `helper`). It stops where a
    ///   fusion starts (fusions of `helper` uops, like `math.sqrt`, come first).
    ///
    /// This used to be four passes (fusions, helper runs, offsets, slow paths), and `runs`
    /// and `slow` grew by pushes; now every `Vec` is allocated once at its final capacity.
    /// The reallocations alone were about 20 machine instructions per uop (callgrind on
    /// `benches/compile.rs`: seven per nbody trace).
    pub fn new(exec: &Executor) -> Result<Layout, CompileError> {
        if !stencil::available() {
            return Err(CompileError::NoStencils);
        }
        let table = stencil::warm_up();
        let n = exec.uops.len();
        // Collected from a map of the uops (exact length known: no capacity test per uop),
        // the first uop without a stencil noted on the way.
        let mut missing = None;
        let mut stencils: Vec<usize> = (0..n)
            .zip(&exec.uops)
            .map(|(index, inst)| {
                table.for_inst(inst).unwrap_or_else(|| {
                    missing.get_or_insert(index);
                    0
                })
            })
            .collect();
        if let Some(index) = missing {
            return Err(CompileError::NoStencil {
                index,
                name: exec.uops[index].uop.name(),
            });
        }
        let mut counts = Vec::with_capacity(n);
        let mut offsets = Vec::with_capacity(n + 1);
        let mut runs = Vec::with_capacity(n / 2);
        let mut slow = Vec::with_capacity(n);
        let mut lowest_target = None;
        let mut at = 0usize;
        let mut i = 0;
        while i < n {
            // How many uops, from `i`, one piece of code runs.
            let mut len = 1;
            if let Some(fused) = table.fused {
                if let Some(f) = fusion_at(i, &stencils, exec, table, &mut lowest_target) {
                    stencils[i] = f.stencil;
                    len = f.parts.len();
                    runs.push((i, len));
                } else if Some(stencils[i]) == table.helper {
                    while i + len < n
                        && i + len != 1
                        && Some(stencils[i + len]) == table.helper
                        && fusion_at(i + len, &stencils, exec, table, &mut lowest_target).is_none()
                    {
                        len += 1;
                    }
                }
                if len > 1 {
                    stencils[i + 1..i + len].fill(fused);
                }
            }
            counts.push(len as u32);
            for (index, &st) in (i..).zip(&stencils[i..i + len]) {
                let shape = &table.shapes[st];
                if index + 1 == n && !shape.ends {
                    return Err(CompileError::FallsOffEnd {
                        index,
                        name: exec.uops[index].uop.name(),
                    });
                }
                if index > i {
                    counts.push(0);
                }
                offsets.push(at);
                at += shape.len;
                if shape.slow {
                    slow.push((index, 0));
                }
            }
            i += len;
        }
        offsets.push(at);
        let helper_len = table.helper.map_or(0, |h| table.shapes[h].len);
        for (_, slow_at) in &mut slow {
            *slow_at = at;
            at += helper_len + JMP_LEN;
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
        let k = self
            .slow
            .binary_search_by_key(&index, |&(uop, _)| uop)
            .ok()?;
        Some(self.slow[k].1)
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
/// already patched, and the holes left to patch per trace: the jumps to other code of the
/// trace apart from the rest.
struct Prepared {
    /// The code, then zeros up to a multiple of [`CHUNK`] bytes (see [`copy`]).
    padded: Box<[u8]>,
    /// Bytes of code.
    len: usize,
    /// The `Rel32` holes that jump to a uop's code or a slow path.
    jumps: Box<[Jump]>,
    /// Every other hole left to patch.
    holes: Box<[Fill]>,
    /// Whether the stencil has a slow path (a `_JIT_SLOW` hole).
    slow: bool,
}

/// Where a jump hole goes (an index into the targets [`copy_and_patch`] computes per uop).
#[derive(Clone, Copy)]
#[repr(u8)]
enum To {
    /// `_JIT_CONTINUE`.
    Continue,
    /// `_JIT_JUMP_TARGET`.
    JumpTarget,
    /// `_JIT_ERROR_TARGET`.
    ErrorTarget,
    /// `_JIT_TOP`.
    Top,
    /// `_JIT_SLOW`.
    Slow,
}

impl To {
    /// The jump target a symbol stands for, if it is one.
    fn of(symbol: Symbol) -> Option<To> {
        Some(match symbol {
            Symbol::Continue => To::Continue,
            Symbol::JumpTarget => To::JumpTarget,
            Symbol::ErrorTarget => To::ErrorTarget,
            Symbol::Top => To::Top,
            Symbol::Slow => To::Slow,
            _ => return None,
        })
    }
}

/// A `Rel32` hole that jumps inside the trace: it gets `target - base + add`, where `add`
/// is its addend minus its offset and `base` the stencil's offset in the trace.
#[derive(Clone, Copy)]
struct Jump {
    /// Offset of the hole in the stencil's code.
    offset: u32,
    to: To,
    add: i64,
}

/// Any other hole left to patch per trace: the value written is `target + add` for
/// `Abs64` (`add`: the addend), and `target - base + add` for `Rel32` (as for [`Jump`]).
#[derive(Clone, Copy)]
struct Fill {
    /// Offset of the hole in the stencil's code.
    offset: u32,
    kind: HoleKind,
    symbol: Symbol,
    add: i64,
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
                let jump = |h: &Hole| match h.kind {
                    HoleKind::Rel32 => To::of(h.symbol),
                    HoleKind::Abs64 => None,
                };
                let holes = st.holes.iter().filter(|h| !process_constant(h.symbol));
                Prepared {
                    len: code.len(),
                    padded: {
                        code.resize(code.len().div_ceil(CHUNK) * CHUNK, 0);
                        code.into()
                    },
                    jumps: holes
                        .clone()
                        .filter_map(|h| {
                            Some(Jump {
                                offset: h.offset,
                                to: jump(h)?,
                                add: h.addend - i64::from(h.offset),
                            })
                        })
                        .collect(),
                    holes: holes
                        .filter(|h| jump(h).is_none())
                        .map(|h| Fill {
                            offset: h.offset,
                            kind: h.kind,
                            symbol: h.symbol,
                            add: match h.kind {
                                HoleKind::Abs64 => h.addend,
                                HoleKind::Rel32 => h.addend - i64::from(h.offset),
                            },
                        })
                        .collect(),
                    slow: st.holes.iter().any(|h| h.symbol == Symbol::Slow),
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
    // The slow paths are in uop order: the next one is the next uop's with a slow path
    // (no search per uop).
    let mut slow_paths = layout.slow.iter();
    let uops = layout
        .stencils
        .iter()
        .zip(layout.offsets.windows(2))
        .zip(&exec.uops);
    for (index, ((&which, at), inst)) in uops.enumerate() {
        let base = at[0];
        // A uop without code (`nop`, `fused`: 40% of nbody's uops) has no holes either
        // (they are in the code): nothing to look up, copy or patch.
        if at[1] != base {
            let st = &prepared[which];
            let slow_at = match st.slow {
                true => slow_paths.next().map_or(0, |&(_, at)| at),
                false => 0,
            };
            copy_and_patch(code, base, st, index, inst, exec, layout, slow_at);
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
        let end = base + st.len;
        let inst = &exec.uops[index];
        copy_and_patch(code, base, st, index, inst, exec, layout, base);
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
                offset: st.len as u32,
                kind: HoleKind::Rel32,
                symbol: Symbol::Continue,
                value: back,
                why: format!("back to the trace (uop {after})"),
                slow: true,
            });
        }
    }
}

/// Copies prepared stencil `st` to `base` in `code` and patches its holes for uop `index`
/// (`slow_at`: where its slow path is, if it has one). The holes are patched in the
/// stencil's own bytes (one bounds check for the stencil, small ones per hole).
///
/// The jumps (most holes: `_JIT_SLOW`, `_JIT_CONTINUE`) take their target from the five
/// the uop may jump to, computed first without a branch: as an arm of `hole_value`'s
/// `match` each hole was an indirect jump that the processor often mispredicted (perf on
/// `benches/compile.rs` put about a fifth of `patch_into`'s samples on those jumps).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn copy_and_patch(
    code: &mut [u8],
    base: usize,
    st: &Prepared,
    index: usize,
    inst: &UopInst,
    exec: &Executor,
    layout: &Layout,
    slow_at: usize,
) {
    copy(code, base, st);
    let dst = &mut code[base..base + st.len];
    if !st.jumps.is_empty() {
        let offset = |to: usize| layout.offsets.get(to).copied().unwrap_or(0);
        // By `To`.
        let targets = [
            offset(index + 1),
            offset(usize::from(inst.jump_target)),
            offset(usize::from(inst.error_target)),
            offset(1),
            slow_at,
        ];
        for jump in st.jumps.iter() {
            // target + addend - place, all relative to the start of the trace: within
            // 32 bits, as the layout checked the size.
            let v = targets[jump.to as usize] as i64 - base as i64 + jump.add;
            debug_assert_eq!(i64::from(v as i32), v, "layout checked the size");
            let at = jump.offset as usize;
            dst[at..at + 4].copy_from_slice(&(v as i32).to_le_bytes());
        }
    }
    for hole in st.holes.iter() {
        let target = hole_value(hole.symbol, index, inst, exec, layout, slow_at);
        let at = hole.offset as usize;
        match hole.kind {
            HoleKind::Abs64 => {
                let v = target.wrapping_add(hole.add);
                dst[at..at + 8].copy_from_slice(&v.to_le_bytes());
            }
            HoleKind::Rel32 => {
                // target + addend - place, all relative to the start of the trace.
                let v = target - base as i64 + hole.add;
                let v32 = i32::try_from(v).unwrap_or(i32::MAX);
                debug_assert_eq!(i64::from(v32), v, "layout checked the size");
                dst[at..at + 4].copy_from_slice(&v32.to_le_bytes());
            }
        }
    }
}

/// The unit [`copy`] copies stencils in.
const CHUNK: usize = 32;

/// Copies prepared stencil `st` to `base` in `code`, [`CHUNK`] bytes at a time. The bytes
/// of its padding (fewer than [`CHUNK`]) land where the code after it goes, which is
/// written later and overwrites them: stencils and slow paths are copied in the order of
/// their offsets, holes are patched right after their stencil's copy, the next code
/// starts where this stencil ends (empty stencils write nothing), and every copy writes
/// at least [`CHUNK`] bytes or everything to the end of the trace (as does a slow path's
/// `jmp` back, then the next slow path). Copies of a size known when compiling are a few
/// moves, where a `memcpy` call per stencil branched on its length (perf: `memcpy` was
/// about 15% of the time of copying and patching; the fastest rounds of the compile bench
/// went from 16.2 to 15.0 ns per uop).
#[inline(always)]
fn copy(code: &mut [u8], base: usize, st: &Prepared) {
    let from = &st.padded[..];
    match code.get_mut(base..base + from.len()) {
        // By size, so that each arm's copy has a length known when compiling (a loop of
        // chunks became a `memcpy` call again). Most stencils (nbody's traces) are empty
        // (`nop`, `fused`: 40%) or take one or two chunks (50%).
        Some(out) => match from.len() / CHUNK {
            0 => {}
            1 => out[..CHUNK].copy_from_slice(&from[..CHUNK]),
            2 => out[..2 * CHUNK].copy_from_slice(&from[..2 * CHUNK]),
            3 => out[..3 * CHUNK].copy_from_slice(&from[..3 * CHUNK]),
            _ => out.copy_from_slice(from),
        },
        // The last piece of code: no room for the padding.
        None => code[base..base + st.len].copy_from_slice(&from[..st.len]),
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
            let slow_at = layout.slow_at(index).unwrap_or(0);
            hole_value(hole.symbol, index, inst, exec, layout, slow_at)
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

/// The value a hole of uop `index` stands for (for jumps: the target's offset in the trace;
/// `slow_at`: the uop's slow path). Always inlined: it runs once per hole, and a call would
/// cost more than most arms.
#[inline(always)]
fn hole_value(
    symbol: Symbol,
    index: usize,
    inst: &UopInst,
    exec: &Executor,
    layout: &Layout,
    slow_at: usize,
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
        Symbol::Slow => slow_at as i64,
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
    let slow_at = layout.slow_at(index).unwrap_or(0);
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
                slow_at
            ),
            None => format!("slow path: the VM runs it (at +{slow_at:#06x})"),
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
