//! Peephole passes over basic blocks, as CPython 3.13's flowgraph optimizer applies them:
//! constant conditions, `x is None` jumps, `LOAD_CONST; RETURN_VALUE` -> `RETURN_CONST`,
//! `COMPARE_OP; TO_BOOL` -> `COMPARE_OP bool(...)`, jump threading, SWAP elimination,
//! superinstructions and LOAD_FAST_CHECK insertion.

use super::consts::{is_true, ConstPool};
use super::flowgraph::{op, set_nop, Cfg};
use super::ir::{self, Instr};
use crate::bytecode::Opcode;
use crate::code::Const;

/// Folds uses of LOAD_CONST in one block (CPython's `basicblock_optimize_load_const`).
fn optimize_load_const(cfg: &mut Cfg, b: usize, pool: &mut ConstPool) {
    let instrs = &mut cfg.blocks[b].instrs;
    let (mut opcode, mut oparg) = (0u16, 0u32);
    let mut i = 0;
    while i < instrs.len() {
        let inst = instrs[i];
        let copy_of_const =
            opcode == op(Opcode::LOAD_CONST) && inst.op == op(Opcode::COPY) && inst.arg == 1;
        if !copy_of_const {
            opcode = inst.op;
            oparg = inst.arg;
        }
        if opcode != op(Opcode::LOAD_CONST) {
            i += 1;
            continue;
        }
        let nextop = instrs.get(i + 1).map_or(0, |n| n.op);
        let value = pool.get(oparg).clone();
        if nextop == op(Opcode::POP_JUMP_IF_FALSE) || nextop == op(Opcode::POP_JUMP_IF_TRUE) {
            set_nop(&mut instrs[i]);
            let jump_if_true = nextop == op(Opcode::POP_JUMP_IF_TRUE);
            if is_true(&value) == jump_if_true {
                instrs[i + 1].op = ir::JUMP;
            } else {
                set_nop(&mut instrs[i + 1]);
            }
        } else if nextop == op(Opcode::IS_OP) && matches!(value, Const::None) {
            fold_is_none(instrs, i);
        } else if nextop == op(Opcode::RETURN_VALUE) {
            set_nop(&mut instrs[i]);
            instrs[i + 1].op = op(Opcode::RETURN_CONST);
            instrs[i + 1].arg = oparg;
            i += 1;
        } else if nextop == op(Opcode::TO_BOOL) {
            let index = pool.add(Const::Bool(is_true(&value)));
            set_nop(&mut instrs[i]);
            instrs[i + 1].op = op(Opcode::LOAD_CONST);
            instrs[i + 1].arg = index;
        }
        i += 1;
    }
}

/// `LOAD_CONST None; IS_OP; [TO_BOOL]; POP_JUMP_IF_*` -> `POP_JUMP_IF_[NOT_]NONE`.
fn fold_is_none(instrs: &mut [Instr], i: usize) {
    if instrs.len() <= i + 2 {
        return;
    }
    let mut j = i + 2;
    if instrs[j].op == op(Opcode::TO_BOOL) {
        set_nop(&mut instrs[j]);
        if instrs.len() <= i + 3 {
            return;
        }
        j = i + 3;
    }
    let mut invert = instrs[i + 1].arg != 0;
    if instrs[j].op == op(Opcode::POP_JUMP_IF_FALSE) {
        invert = !invert;
    } else if instrs[j].op != op(Opcode::POP_JUMP_IF_TRUE) {
        return;
    }
    set_nop(&mut instrs[i]);
    set_nop(&mut instrs[i + 1]);
    instrs[j].op = if invert {
        op(Opcode::POP_JUMP_IF_NOT_NONE)
    } else {
        op(Opcode::POP_JUMP_IF_NONE)
    };
}

/// Jump to a jump: retarget to the final destination, leaving a NOP for the line number.
fn jump_thread(cfg: &mut Cfg, b: usize, i: usize, target: Instr, opcode: u16) -> bool {
    let inst = cfg.blocks[b].instrs[i];
    if inst.target == target.target {
        return false;
    }
    set_nop(&mut cfg.blocks[b].instrs[i]);
    cfg.blocks[b].instrs.push(Instr {
        op: opcode,
        arg: 0,
        target: target.target,
        loc: target.loc,
        // Like CPython's basicblock_add_jump, the new jump records no handler.
        except: None,
    });
    true
}

/// `LOAD_CONST a; LOAD_CONST b; BUILD_TUPLE 2` -> `LOAD_CONST (a, b)`.
fn fold_tuple_on_constants(instrs: &mut [Instr], i: usize, n: usize, pool: &mut ConstPool) {
    let start = i - n;
    if instrs[start..i]
        .iter()
        .any(|x| x.op != op(Opcode::LOAD_CONST))
    {
        return;
    }
    let items: Vec<Const> = instrs[start..i]
        .iter()
        .map(|x| pool.get(x.arg).clone())
        .collect();
    let index = pool.add(Const::Tuple(items.into()));
    for x in &mut instrs[start..i] {
        set_nop(x);
    }
    instrs[i].op = op(Opcode::LOAD_CONST);
    instrs[i].arg = index;
}

fn optimize_basic_block(cfg: &mut Cfg, b: usize, pool: &mut ConstPool) {
    let mut i = 0;
    while i < cfg.blocks[b].instrs.len() {
        let inst = cfg.blocks[b].instrs[i];
        let (opcode, oparg) = (inst.op, inst.arg);
        let next = cfg.blocks[b].instrs.get(i + 1).copied();
        let nextop = next.map_or(0, |n| n.op);
        let target = inst
            .target
            .filter(|_| ir::has_target(opcode))
            .and_then(|t| cfg.blocks[t].instrs.first().copied());
        let instrs = &mut cfg.blocks[b].instrs;
        match opcode {
            o if o == op(Opcode::BUILD_TUPLE)
                && nextop == op(Opcode::UNPACK_SEQUENCE)
                && next.map(|n| n.arg) == Some(oparg) =>
            {
                if oparg == 1 {
                    set_nop(&mut instrs[i]);
                    set_nop(&mut instrs[i + 1]);
                } else if oparg == 2 || oparg == 3 {
                    set_nop(&mut instrs[i]);
                    instrs[i + 1].op = op(Opcode::SWAP);
                }
            }
            o if o == op(Opcode::BUILD_TUPLE) && i >= oparg as usize => {
                fold_tuple_on_constants(instrs, i, oparg as usize, pool);
            }
            o if o == op(Opcode::POP_JUMP_IF_FALSE)
                || o == op(Opcode::POP_JUMP_IF_TRUE)
                || o == op(Opcode::POP_JUMP_IF_NONE)
                || o == op(Opcode::POP_JUMP_IF_NOT_NONE) =>
            {
                if let Some(t) = target.filter(|t| t.op == ir::JUMP) {
                    if jump_thread(cfg, b, i, t, opcode) {
                        continue;
                    }
                }
            }
            ir::JUMP | ir::JUMP_NO_INTERRUPT => {
                if let Some(t) = target {
                    let threaded = if t.op == ir::JUMP {
                        jump_thread(cfg, b, i, t, ir::JUMP)
                    } else if t.op == ir::JUMP_NO_INTERRUPT {
                        jump_thread(cfg, b, i, t, opcode)
                    } else {
                        false
                    };
                    if threaded {
                        continue;
                    }
                }
            }
            o if o == op(Opcode::STORE_FAST) => {
                if let Some(n) = next {
                    if n.op == opcode && n.arg == oparg && n.loc.line == inst.loc.line {
                        instrs[i].op = op(Opcode::POP_TOP);
                        instrs[i].arg = 0;
                    }
                }
            }
            o if o == op(Opcode::SWAP) && oparg == 1 => set_nop(&mut instrs[i]),
            o if o == op(Opcode::LOAD_GLOBAL)
                && nextop == op(Opcode::PUSH_NULL)
                && oparg & 1 == 0 =>
            {
                instrs[i].arg |= 1;
                set_nop(&mut instrs[i + 1]);
            }
            o if o == op(Opcode::COMPARE_OP) && nextop == op(Opcode::TO_BOOL) => {
                set_nop(&mut instrs[i]);
                instrs[i + 1].op = opcode;
                instrs[i + 1].arg = oparg | 16;
            }
            o if (o == op(Opcode::CONTAINS_OP) || o == op(Opcode::IS_OP))
                && (nextop == op(Opcode::TO_BOOL) || nextop == op(Opcode::UNARY_NOT)) =>
            {
                let invert = u32::from(nextop == op(Opcode::UNARY_NOT));
                set_nop(&mut instrs[i]);
                instrs[i + 1].op = opcode;
                instrs[i + 1].arg = oparg ^ invert;
            }
            o if o == op(Opcode::TO_BOOL) && nextop == op(Opcode::TO_BOOL) => {
                set_nop(&mut instrs[i]);
            }
            o if o == op(Opcode::UNARY_NOT) && nextop == op(Opcode::TO_BOOL) => {
                set_nop(&mut instrs[i]);
                instrs[i + 1].op = op(Opcode::UNARY_NOT);
            }
            o if o == op(Opcode::UNARY_NOT) && nextop == op(Opcode::UNARY_NOT) => {
                set_nop(&mut instrs[i]);
                set_nop(&mut instrs[i + 1]);
            }
            _ => {}
        }
        i += 1;
    }
    let mut i = 0;
    while i < cfg.blocks[b].instrs.len() {
        if cfg.blocks[b].instrs[i].op == op(Opcode::SWAP) {
            swaptimize(&mut cfg.blocks[b].instrs, &mut i);
            apply_static_swaps(&mut cfg.blocks[b].instrs, i as isize);
        }
        i += 1;
    }
}

/// Replaces a run of SWAPs (and NOPs) by the shortest run with the same permutation.
fn swaptimize(instrs: &mut [Instr], ix: &mut usize) {
    let start = *ix;
    let mut depth = instrs[start].arg as usize;
    let mut len = 0;
    let mut more = false;
    let limit = instrs.len() - start;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let o = instrs[start + len].op;
        if o == op(Opcode::SWAP) {
            depth = depth.max(instrs[start + len].arg as usize);
            more = true;
        } else if o != op(Opcode::NOP) {
            break;
        }
    }
    if !more {
        return;
    }
    let mut stack: Vec<isize> = (0..depth as isize).collect();
    for k in 0..len {
        let ins = instrs[start + k];
        if ins.op == op(Opcode::SWAP) {
            let a = ins.arg as usize - 1;
            stack.swap(0, a);
        }
    }
    const VISITED: isize = -1;
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as isize {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let slot = &mut instrs[start + current as usize];
                slot.op = op(Opcode::SWAP);
                slot.arg = j as u32 + 1;
                slot.target = None;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        set_nop(&mut instrs[start + current as usize]);
        current -= 1;
    }
    *ix += len - 1;
}

fn swappable(o: u16) -> bool {
    o == op(Opcode::STORE_FAST) || o == ir::STORE_FAST_MAYBE_NULL || o == op(Opcode::POP_TOP)
}

fn stores_to(i: &Instr) -> Option<u32> {
    (i.op == op(Opcode::STORE_FAST) || i.op == ir::STORE_FAST_MAYBE_NULL).then_some(i.arg)
}

fn next_swappable(instrs: &[Instr], mut i: usize, line: Option<i32>) -> Option<usize> {
    loop {
        i += 1;
        if i >= instrs.len() {
            return None;
        }
        let ins = &instrs[i];
        if let Some(l) = line {
            if ins.loc.line != l {
                return None;
            }
        }
        if ins.op == op(Opcode::NOP) {
            continue;
        }
        return swappable(ins.op).then_some(i);
    }
}

/// `SWAP 2; STORE_FAST a; STORE_FAST b` -> `STORE_FAST b; STORE_FAST a` when safe.
fn apply_static_swaps(instrs: &mut [Instr], mut i: isize) {
    while i >= 0 {
        let swap = instrs[i as usize];
        if swap.op != op(Opcode::SWAP) {
            if swap.op == op(Opcode::NOP) || swappable(swap.op) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable(instrs, i as usize, None) else {
            return;
        };
        let mut k = j;
        let line = instrs[j].loc.line;
        for _ in 1..swap.arg {
            match next_swappable(instrs, k, Some(line).filter(|l| *l >= 0)) {
                Some(n) => k = n,
                None => return,
            }
        }
        let (sj, sk) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
        if sj.is_some() || sk.is_some() {
            if sj == sk {
                return;
            }
            let clash = instrs[j + 1..k]
                .iter()
                .map(stores_to)
                .any(|s| s.is_some() && (s == sj || s == sk));
            if clash {
                return;
            }
        }
        set_nop(&mut instrs[i as usize]);
        instrs.swap(j, k);
        i -= 1;
    }
}

/// CPython's `optimize_cfg`.
pub fn optimize_cfg(cfg: &mut Cfg, pool: &mut ConstPool) {
    cfg.eliminate_empty_blocks();
    cfg.inline_small_or_no_lineno_blocks();
    cfg.remove_unreachable();
    cfg.resolve_line_numbers();
    for b in cfg.order() {
        optimize_load_const(cfg, b, pool);
    }
    for b in cfg.order() {
        optimize_basic_block(cfg, b, pool);
    }
    cfg.remove_redundant_nops_and_pairs();
    cfg.remove_unreachable();
    cfg.remove_redundant_nops_and_jumps();
    cfg.eliminate_empty_blocks();
}

/// Drops unused constants and renumbers LOAD_CONST/RETURN_CONST.
pub fn remove_unused_consts(cfg: &mut Cfg, pool: &mut ConstPool) {
    let mut used = vec![false; pool.consts.len()];
    for b in &cfg.blocks {
        for i in &b.instrs {
            if ir::has_const(i.op) {
                used[i.arg as usize] = true;
            }
        }
    }
    let map = pool.compact(&used);
    for b in &mut cfg.blocks {
        for i in &mut b.instrs {
            if ir::has_const(i.op) {
                i.arg = map[i.arg as usize];
            }
        }
    }
}

fn make_super(instrs: &mut [Instr], i: usize, super_op: Opcode) {
    let (a, b) = (instrs[i], instrs[i + 1]);
    if a.loc.line != b.loc.line || a.arg >= 16 || b.arg >= 16 {
        return;
    }
    instrs[i].op = op(super_op);
    instrs[i].arg = (a.arg << 4) | b.arg;
    set_nop(&mut instrs[i + 1]);
}

/// LOAD_FAST_LOAD_FAST, STORE_FAST_LOAD_FAST and STORE_FAST_STORE_FAST on one line.
pub fn insert_superinstructions(cfg: &mut Cfg) {
    for b in cfg.order() {
        let instrs = &mut cfg.blocks[b].instrs;
        for i in 0..instrs.len() {
            let nextop = instrs.get(i + 1).map_or(0, |n| n.op);
            let o = instrs[i].op;
            if o == op(Opcode::LOAD_FAST) && nextop == op(Opcode::LOAD_FAST) {
                make_super(instrs, i, Opcode::LOAD_FAST_LOAD_FAST);
            } else if o == op(Opcode::STORE_FAST) && nextop == op(Opcode::LOAD_FAST) {
                make_super(instrs, i, Opcode::STORE_FAST_LOAD_FAST);
            } else if o == op(Opcode::STORE_FAST) && nextop == op(Opcode::STORE_FAST) {
                make_super(instrs, i, Opcode::STORE_FAST_STORE_FAST);
            }
        }
    }
    cfg.remove_redundant_nops();
    cfg.eliminate_empty_blocks();
}

fn maybe_push(cfg: &mut Cfg, b: usize, mask: u64, stack: &mut Vec<usize>) {
    let both = cfg.blocks[b].unsafe_locals | mask;
    if cfg.blocks[b].unsafe_locals != both {
        cfg.blocks[b].unsafe_locals = both;
        if !cfg.blocks[b].visited {
            stack.push(b);
            cfg.blocks[b].visited = true;
        }
    }
}

fn scan_block_for_locals(cfg: &mut Cfg, b: usize, stack: &mut Vec<usize>) {
    let mut mask = cfg.blocks[b].unsafe_locals;
    for k in 0..cfg.blocks[b].instrs.len() {
        let ins = cfg.blocks[b].instrs[k];
        if let Some(h) = ins.except {
            maybe_push(cfg, h, mask, stack);
        }
        if ins.arg >= 64 {
            continue;
        }
        let bit = 1u64 << ins.arg;
        let o = ins.op;
        if o == op(Opcode::DELETE_FAST)
            || o == op(Opcode::LOAD_FAST_AND_CLEAR)
            || o == ir::STORE_FAST_MAYBE_NULL
        {
            mask |= bit;
        } else if o == op(Opcode::STORE_FAST) || o == op(Opcode::LOAD_FAST_CHECK) {
            mask &= !bit;
        } else if o == op(Opcode::LOAD_FAST) {
            if mask & bit != 0 {
                cfg.blocks[b].instrs[k].op = op(Opcode::LOAD_FAST_CHECK);
            }
            mask &= !bit;
        }
    }
    if cfg.blocks[b].has_fallthrough() {
        if let Some(next) = cfg.blocks[b].next {
            maybe_push(cfg, next, mask, stack);
        }
    }
    if let Some(last) = cfg.blocks[b].last().copied() {
        if ir::is_jump(last.op) {
            maybe_push(cfg, last.target.unwrap(), mask, stack);
        }
    }
}

/// Locals from the 65th on: a `LOAD_FAST` is known safe only after a load or store of the same
/// local earlier in its own block; every other one becomes `LOAD_FAST_CHECK`.
fn fast_scan_many_locals(cfg: &mut Cfg, nlocals: usize) {
    // `states[i - 64] == blocknum`: local `i` is bound at this point of block `blocknum`.
    let mut states = vec![0usize; nlocals - 64];
    let mut blocknum = 0;
    for b in cfg.order() {
        blocknum += 1;
        for ins in &mut cfg.blocks[b].instrs {
            let Some(slot) = (ins.arg as usize).checked_sub(64) else {
                continue;
            };
            let o = ins.op;
            if o == op(Opcode::DELETE_FAST)
                || o == op(Opcode::LOAD_FAST_AND_CLEAR)
                || o == ir::STORE_FAST_MAYBE_NULL
            {
                states[slot] = blocknum - 1;
            } else if o == op(Opcode::STORE_FAST) {
                states[slot] = blocknum;
            } else if o == op(Opcode::LOAD_FAST) {
                if states[slot] != blocknum {
                    ins.op = op(Opcode::LOAD_FAST_CHECK);
                }
                states[slot] = blocknum;
            }
        }
    }
}

/// Turns LOAD_FAST into LOAD_FAST_CHECK wherever the local may be unbound on some path.
pub fn add_checks_for_loads_of_uninitialized_variables(
    cfg: &mut Cfg,
    nlocals: usize,
    nparams: usize,
) {
    if nlocals == 0 {
        return;
    }
    if nlocals > 64 {
        // Locals past the 64th are checked one block at a time (CPython's
        // `fast_scan_many_locals`), to keep compilation linear.
        fast_scan_many_locals(cfg, nlocals);
    }
    let nlocals = nlocals.min(64);
    for b in &mut cfg.blocks {
        b.visited = false;
        b.unsafe_locals = 0;
    }
    let mut stack = Vec::new();
    let mut start_mask = 0u64;
    for i in nparams..nlocals {
        start_mask |= 1u64 << i;
    }
    let entry = cfg.entry;
    maybe_push(cfg, entry, start_mask, &mut stack);
    for b in cfg.order() {
        scan_block_for_locals(cfg, b, &mut stack);
    }
    while let Some(b) = stack.pop() {
        cfg.blocks[b].visited = false;
        scan_block_for_locals(cfg, b, &mut stack);
    }
}
