//! From an optimized CFG to the final `co_code`: stack depth, the frame prologue (MAKE_CELL,
//! COPY_FREE_VARS, RETURN_GENERATOR), pseudo-instruction lowering, jump direction, jump
//! offsets with EXTENDED_ARG, one position per code unit, and the exception table.

use super::flowgraph::{op, set_nop, Cfg};
use super::ir::{self, Instr, Loc};
use super::stack::stack_effect;
use crate::bytecode::Opcode;
use crate::code::{code_unit, ExceptionTableEntry, Position};

/// The largest stack any path needs (CPython's `calculate_stackdepth`); also records each
/// block's entry depth, which the exception table needs.
pub fn stackdepth(cfg: &mut Cfg) -> u32 {
    for b in &mut cfg.blocks {
        b.startdepth = None;
    }
    let mut stack = Vec::new();
    let mut maxdepth = 0;
    let push = |cfg: &mut Cfg, stack: &mut Vec<usize>, b: usize, depth: i32| {
        if cfg.blocks[b].startdepth.is_none_or(|d| d < depth) && depth < 100_000 {
            cfg.blocks[b].startdepth = Some(depth);
            stack.push(b);
        }
    };
    let entry = cfg.entry;
    push(cfg, &mut stack, entry, 0);
    while let Some(b) = stack.pop() {
        let mut depth = cfg.blocks[b].startdepth.unwrap_or(0);
        let mut next = cfg.blocks[b].next;
        for k in 0..cfg.blocks[b].instrs.len() {
            let ins = cfg.blocks[b].instrs[k];
            let new_depth = depth + stack_effect(ins.op, ins.arg, false);
            maxdepth = maxdepth.max(new_depth);
            if ins.op == op(Opcode::RETURN_CONST) {
                // CPython sizes the stack while this is still LOAD_CONST; RETURN_VALUE.
                maxdepth = maxdepth.max(depth + 1);
            }
            if ir::has_target(ins.op) {
                let target_depth = depth + stack_effect(ins.op, ins.arg, true);
                maxdepth = maxdepth.max(target_depth);
                push(cfg, &mut stack, ins.target.unwrap(), target_depth);
            }
            depth = new_depth;
            if ir::is_unconditional_jump(ins.op) || ir::is_scope_exit(ins.op) {
                next = None;
                break;
            }
        }
        if let Some(n) = next {
            push(cfg, &mut stack, n, depth);
        }
    }
    maxdepth.max(0) as u32
}

/// Where cells and free variables end up in `localsplus`.
pub struct LocalsLayout {
    /// Final `localsplus` index of each cell (by cell index) then each free variable.
    pub fixed: Vec<u32>,
}

/// Inserts the frame prologue at the start of the entry block: COPY_FREE_VARS, one MAKE_CELL
/// per cell in localsplus order, then RETURN_GENERATOR; POP_TOP for generators.
pub fn insert_prefix(
    cfg: &mut Cfg,
    layout: &LocalsLayout,
    ncells: usize,
    nfree: usize,
    generator_line: Option<i32>,
) {
    let mut prefix = Vec::new();
    if nfree > 0 {
        prefix.push(simple(op(Opcode::COPY_FREE_VARS), nfree as u32, Loc::NONE));
    }
    let mut cells: Vec<usize> = (0..ncells).collect();
    cells.sort_by_key(|&i| layout.fixed[i]);
    for i in cells {
        prefix.push(simple(op(Opcode::MAKE_CELL), i as u32, Loc::NONE));
    }
    if let Some(line) = generator_line {
        let loc = Loc {
            line,
            end_line: line,
            col: -1,
            end_col: -1,
        };
        prefix.push(simple(op(Opcode::RETURN_GENERATOR), 0, loc));
        prefix.push(simple(op(Opcode::POP_TOP), 0, loc));
    }
    let entry = cfg.entry;
    let rest = std::mem::take(&mut cfg.blocks[entry].instrs);
    prefix.extend(rest);
    cfg.blocks[entry].instrs = prefix;
}

fn simple(op: u16, arg: u32, loc: Loc) -> Instr {
    Instr {
        op,
        arg,
        target: None,
        loc,
        except: None,
    }
}

/// Rewrites cell/free opargs from "cell index" to their final `localsplus` index.
pub fn fix_cell_offsets(cfg: &mut Cfg, layout: &LocalsLayout) {
    let deref_ops = [
        op(Opcode::MAKE_CELL),
        ir::LOAD_CLOSURE,
        op(Opcode::LOAD_DEREF),
        op(Opcode::STORE_DEREF),
        op(Opcode::DELETE_DEREF),
        op(Opcode::LOAD_FROM_DICT_OR_DEREF),
    ];
    for b in &mut cfg.blocks {
        for i in &mut b.instrs {
            if deref_ops.contains(&i.op) {
                i.arg = layout.fixed[i.arg as usize];
            }
        }
    }
}

/// SETUP_* and POP_BLOCK vanish (the exception table replaces them); STORE_FAST_MAYBE_NULL and
/// LOAD_CLOSURE become their real forms.
pub fn convert_pseudo_ops(cfg: &mut Cfg) {
    for b in &mut cfg.blocks {
        for i in &mut b.instrs {
            if ir::is_block_push(i.op) || i.op == ir::POP_BLOCK {
                set_nop(i);
            } else if i.op == ir::STORE_FAST_MAYBE_NULL {
                i.op = op(Opcode::STORE_FAST);
            } else if i.op == ir::LOAD_CLOSURE {
                i.op = op(Opcode::LOAD_FAST);
            }
        }
    }
    cfg.remove_redundant_nops();
}

/// Picks JUMP_FORWARD or JUMP_BACKWARD for each JUMP; a backward conditional jump becomes the
/// inverted conditional over a JUMP_BACKWARD (conditional jumps only go forward in 3.13).
pub fn normalize_jumps(cfg: &mut Cfg) {
    for b in &mut cfg.blocks {
        b.visited = false;
    }
    for b in cfg.order() {
        cfg.blocks[b].visited = true;
        let Some(last) = cfg.blocks[b].last().copied() else {
            continue;
        };
        if !ir::is_jump(last.op) {
            continue;
        }
        let forward = !cfg.blocks[last.target.unwrap()].visited;
        let n = cfg.blocks[b].instrs.len() - 1;
        let new_op = match last.op {
            ir::JUMP if forward => op(Opcode::JUMP_FORWARD),
            ir::JUMP => op(Opcode::JUMP_BACKWARD),
            ir::JUMP_NO_INTERRUPT if forward => op(Opcode::JUMP_FORWARD),
            ir::JUMP_NO_INTERRUPT => op(Opcode::JUMP_BACKWARD_NO_INTERRUPT),
            _ => last.op,
        };
        cfg.blocks[b].instrs[n].op = new_op;
        let reversed = [
            (Opcode::POP_JUMP_IF_NOT_NONE, Opcode::POP_JUMP_IF_NONE),
            (Opcode::POP_JUMP_IF_NONE, Opcode::POP_JUMP_IF_NOT_NONE),
            (Opcode::POP_JUMP_IF_FALSE, Opcode::POP_JUMP_IF_TRUE),
            (Opcode::POP_JUMP_IF_TRUE, Opcode::POP_JUMP_IF_FALSE),
        ];
        let Some(&(_, rev)) = reversed.iter().find(|(o, _)| op(*o) == last.op) else {
            continue;
        };
        if forward {
            continue;
        }
        let target = last.target.unwrap();
        let j = cfg.new_block();
        cfg.blocks[j].instrs.push(Instr {
            op: op(Opcode::JUMP_BACKWARD),
            arg: 0,
            target: Some(target),
            loc: last.loc,
            except: None,
        });
        cfg.blocks[j].cold = cfg.blocks[b].cold;
        cfg.blocks[j].visited = true;
        cfg.blocks[j].next = cfg.blocks[b].next;
        cfg.blocks[b].instrs[n].op = op(rev);
        cfg.blocks[b].instrs[n].target = cfg.blocks[b].next;
        cfg.blocks[b].next = Some(j);
    }
}

/// The assembled pieces of a code object.
pub struct Assembled {
    pub code: Vec<u16>,
    pub positions: Vec<Position>,
    pub exception_table: Vec<ExceptionTableEntry>,
}

fn position(loc: Loc) -> Position {
    let opt = |v: i32| (v >= 0).then_some(v as u32);
    if loc.line < 0 {
        return Position::default();
    }
    Position {
        line: opt(loc.line),
        end_line: opt(loc.end_line),
        col: opt(loc.col),
        end_col: opt(loc.end_col),
    }
}

/// Lays the blocks out, resolving jump opargs (relative, in code units after the caches)
/// until EXTENDED_ARG sizes stop changing, then emits code, positions and exception table.
pub fn emit(cfg: &mut Cfg) -> Assembled {
    let order = cfg.order();
    // CPython starts each jump's oparg as the index of its target instruction in the final
    // sequence, so the first pass sizes EXTENDED_ARGs from that; a backward jump right at the
    // 255/256 boundary can then settle with an EXTENDED_ARG it would not need from 0.
    let mut index = vec![0usize; cfg.blocks.len()];
    let mut count = 0;
    for &b in &order {
        index[b] = count;
        count += cfg.blocks[b].instrs.len();
    }
    for &b in &order {
        for k in 0..cfg.blocks[b].instrs.len() {
            let ins = cfg.blocks[b].instrs[k];
            if ir::is_jump(ins.op) {
                cfg.blocks[b].instrs[k].arg = index[ins.target.unwrap()] as u32;
            }
        }
    }
    let mut offsets = vec![0usize; cfg.blocks.len()];
    loop {
        let mut total = 0;
        for &b in &order {
            offsets[b] = total;
            total += cfg.blocks[b]
                .instrs
                .iter()
                .map(|i| ir::instr_size(i.op, i.arg))
                .sum::<usize>();
        }
        let mut changed = false;
        for &b in &order {
            let mut pos = offsets[b];
            for k in 0..cfg.blocks[b].instrs.len() {
                let ins = cfg.blocks[b].instrs[k];
                let size = ir::instr_size(ins.op, ins.arg);
                pos += size;
                if ir::is_jump(ins.op) {
                    let target = offsets[ins.target.unwrap()];
                    let arg = pos.abs_diff(target);
                    cfg.blocks[b].instrs[k].arg = arg as u32;
                    if ir::instr_size(ins.op, arg as u32) != size {
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut code = Vec::new();
    let mut positions = Vec::new();
    let mut table: Vec<ExceptionTableEntry> = Vec::new();
    for &b in &order {
        for ins in &cfg.blocks[b].instrs {
            let start = code.len() as u32;
            let opcode = ir::opcode(ins.op);
            let arg = ins.arg;
            for shift in [24u32, 16, 8] {
                if arg >> shift != 0 {
                    code.push(code_unit(Opcode::EXTENDED_ARG, (arg >> shift) as u8));
                }
            }
            code.push(code_unit(opcode, arg as u8));
            code.extend(std::iter::repeat_n(0u16, opcode.cache_entries()));
            let end = code.len() as u32;
            positions.extend(std::iter::repeat_n(
                position(ins.loc),
                (end - start) as usize,
            ));
            add_handler_range(cfg, &offsets, &mut table, ins.except, start, end);
        }
    }
    Assembled {
        code,
        positions,
        exception_table: table,
    }
}

/// Extends the last exception table entry or starts a new one for `start..end`.
fn add_handler_range(
    cfg: &Cfg,
    offsets: &[usize],
    table: &mut Vec<ExceptionTableEntry>,
    handler: Option<usize>,
    start: u32,
    end: u32,
) {
    let Some(h) = handler else { return };
    let block = &cfg.blocks[h];
    let lasti = block.preserve_lasti;
    let depth = block.startdepth.unwrap_or(1) - 1 - i32::from(lasti);
    let target = offsets[h] as u32;
    if let Some(last) = table.last_mut() {
        if last.end == start && last.target == target && last.depth == depth as u32 {
            last.end = end;
            return;
        }
    }
    table.push(ExceptionTableEntry {
        start,
        end,
        target,
        depth: depth.max(0) as u32,
        lasti,
    });
}
