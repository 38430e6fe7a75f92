//! The control-flow graph of one code unit and the passes that shape its layout the way CPython's
//! `flowgraph.c` does: inline small exit blocks, remove unreachable code, give every instruction
//! a line number, drop redundant NOPs and jumps, and move exception handlers ("cold" blocks) to
//! the end. Getting these exactly right is what makes our `dis` output equal CPython's.
//!
//! Blocks live in `Cfg::blocks`; their layout order is the `next` chain starting at `entry`.

use super::ir::{self, Instr, Label, Loc, Op};
use crate::bytecode::Opcode;
use crate::object::namehash::{FastMap, FastSet};

/// Largest exit block copied into its predecessor instead of jumped to (CPython's MAX_COPY_SIZE).
const MAX_COPY_SIZE: usize = 4;

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub instrs: Vec<Instr>,
    pub next: Option<usize>,
    pub label: Option<Label>,
    pub except_handler: bool,
    pub preserve_lasti: bool,
    pub cold: bool,
    pub warm: bool,
    pub visited: bool,
    pub predecessors: u32,
    pub startdepth: Option<i32>,
    /// Locals that may be unbound on entry (bit i = local i), for LOAD_FAST_CHECK.
    pub unsafe_locals: u64,
}

impl Block {
    pub fn last(&self) -> Option<&Instr> {
        self.instrs.last()
    }

    /// True unless the block ends in an unconditional jump or a scope exit.
    pub fn has_fallthrough(&self) -> bool {
        match self.last() {
            None => true,
            Some(i) => !(ir::is_unconditional_jump(i.op) || ir::is_scope_exit(i.op)),
        }
    }

    pub fn exits_scope(&self) -> bool {
        self.last().is_some_and(|i| ir::is_scope_exit(i.op))
    }

    pub fn has_no_lineno(&self) -> bool {
        self.instrs.iter().all(|i| i.loc.line < 0)
    }

    /// True if some instruction can run the eval breaker (back edges, calls, RESUME...).
    fn has_eval_break(&self) -> bool {
        self.instrs.iter().any(|i| {
            i.op == ir::JUMP
                || [Opcode::JUMP_BACKWARD, Opcode::RESUME, Opcode::CALL]
                    .iter()
                    .any(|o| ir::real(*o) == i.op)
        })
    }
}

/// One item of the instruction sequence produced by code generation.
#[derive(Clone, Copy, Debug)]
pub enum Item {
    Label(Label),
    /// An instruction; for jumps and SETUP_* `target` holds a label id.
    Instr(Instr),
}

#[derive(Clone, Debug)]
pub struct Cfg {
    pub blocks: Vec<Block>,
    pub entry: usize,
}

impl Cfg {
    /// Splits a flat instruction sequence into basic blocks: a new block starts at every label
    /// that some instruction jumps to (3.13 drops the others) and after every jump or scope
    /// exit (CPython's `_PyCfg_FromInstructionSequence`).
    pub fn from_sequence(items: &[Item]) -> Cfg {
        let targets: FastSet<usize> = items
            .iter()
            .filter_map(|it| match it {
                Item::Instr(i) if ir::has_target(i.op) => i.target,
                _ => None,
            })
            .collect();
        let mut blocks = vec![Block::default()];
        let mut cur = 0;
        let mut label_block = FastMap::default();
        let start_new = |blocks: &mut Vec<Block>, cur: &mut usize| {
            let id = blocks.len();
            blocks.push(Block::default());
            blocks[*cur].next = Some(id);
            *cur = id;
        };
        for item in items {
            match *item {
                Item::Label(l) => {
                    if !targets.contains(&(l.0 as usize)) {
                        continue;
                    }
                    if !blocks[cur].instrs.is_empty() {
                        start_new(&mut blocks, &mut cur);
                    }
                    blocks[cur].label.get_or_insert(l);
                    label_block.insert(l.0, cur);
                }
                Item::Instr(i) => {
                    let terminated = blocks[cur].last().is_some_and(|l| ir::is_terminator(l.op));
                    if terminated {
                        start_new(&mut blocks, &mut cur);
                    }
                    blocks[cur].instrs.push(i);
                }
            }
        }
        for b in &mut blocks {
            for i in &mut b.instrs {
                if ir::has_target(i.op) {
                    let label = i.target.expect("jump without target") as u32;
                    i.target = Some(label_block[&label]);
                }
            }
        }
        Cfg { blocks, entry: 0 }
    }

    /// Block ids in layout order.
    pub fn order(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut b = Some(self.entry);
        while let Some(id) = b {
            out.push(id);
            b = self.blocks[id].next;
        }
        out
    }

    pub fn new_block(&mut self) -> usize {
        self.blocks.push(Block::default());
        self.blocks.len() - 1
    }

    /// First non-empty block at or after `b` in layout order.
    pub fn next_nonempty(&self, mut b: Option<usize>) -> Option<usize> {
        while let Some(id) = b {
            if !self.blocks[id].instrs.is_empty() {
                return Some(id);
            }
            b = self.blocks[id].next;
        }
        None
    }

    pub fn mark_except_handlers(&mut self) {
        let mut handlers = Vec::new();
        for b in &self.blocks {
            for i in &b.instrs {
                if ir::is_block_push(i.op) {
                    handlers.push(i.target.unwrap());
                }
            }
        }
        for h in handlers {
            self.blocks[h].except_handler = true;
        }
    }

    /// Records on every instruction which handler covers it, by walking the CFG with a stack
    /// of active SETUP_* handlers (CPython's `label_exception_targets`). Also sets RESUME's
    /// "after a yield inside one handler" bit.
    pub fn label_exception_targets(&mut self) {
        for b in &mut self.blocks {
            b.visited = false;
        }
        let mut todo: Vec<(usize, Vec<usize>)> = vec![(self.entry, Vec::new())];
        self.blocks[self.entry].visited = true;
        let mut last_yield_depth: i32 = -1;
        while let Some((b, mut stack)) = todo.pop() {
            let n = self.blocks[b].instrs.len();
            for k in 0..n {
                let ins = self.blocks[b].instrs[k];
                let handler = stack.last().copied();
                if ir::is_block_push(ins.op) {
                    let t = ins.target.unwrap();
                    if !self.blocks[t].visited {
                        self.blocks[t].visited = true;
                        todo.push((t, stack.clone()));
                    }
                    if ins.op == ir::SETUP_CLEANUP || ins.op == ir::SETUP_WITH {
                        self.blocks[t].preserve_lasti = true;
                    }
                    stack.push(t);
                } else if ins.op == ir::POP_BLOCK {
                    stack.pop();
                    // As CPython: the exception table now knows; a NOP is left (removed by
                    // the NOP pass unless it carries a line).
                    let i = &mut self.blocks[b].instrs[k];
                    i.op = ir::real(Opcode::NOP);
                    i.arg = 0;
                } else if ir::is_jump(ins.op) {
                    self.blocks[b].instrs[k].except = handler;
                    let t = ins.target.unwrap();
                    if !self.blocks[t].visited {
                        self.blocks[t].visited = true;
                        todo.push((t, stack.clone()));
                    }
                } else if ins.op == ir::real(Opcode::RESUME) {
                    self.blocks[b].instrs[k].except = handler;
                    if ins.arg != 0 {
                        if last_yield_depth == 1 {
                            self.blocks[b].instrs[k].arg |= 4;
                        }
                        last_yield_depth = -1;
                    }
                } else {
                    if ins.op == ir::real(Opcode::YIELD_VALUE) {
                        last_yield_depth = stack.len() as i32;
                    }
                    self.blocks[b].instrs[k].except = handler;
                }
            }
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.blocks[b].next {
                    if !self.blocks[next].visited {
                        self.blocks[next].visited = true;
                        todo.push((next, stack));
                    }
                }
            }
        }
    }

    /// Counts predecessors from the entry; empties blocks nobody reaches.
    pub fn remove_unreachable(&mut self) {
        for b in &mut self.blocks {
            b.predecessors = 0;
            b.visited = false;
        }
        let mut stack = vec![self.entry];
        self.blocks[self.entry].predecessors = 1;
        self.blocks[self.entry].visited = true;
        while let Some(b) = stack.pop() {
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.blocks[b].next {
                    if !self.blocks[next].visited {
                        self.blocks[next].visited = true;
                        stack.push(next);
                    }
                    self.blocks[next].predecessors += 1;
                }
            }
            let targets: Vec<usize> = self.blocks[b]
                .instrs
                .iter()
                .filter(|i| ir::has_target(i.op))
                .map(|i| i.target.unwrap())
                .collect();
            for t in targets {
                if !self.blocks[t].visited {
                    self.blocks[t].visited = true;
                    stack.push(t);
                }
                self.blocks[t].predecessors += 1;
            }
        }
        for b in &mut self.blocks {
            if b.predecessors == 0 {
                b.instrs.clear();
                b.except_handler = false;
            }
        }
    }

    /// A jump to a small exit block, or to a block without line numbers that cannot fall
    /// through, is replaced by a copy of that block.
    fn inline_one(&mut self, b: usize) -> bool {
        let Some(last) = self.blocks[b].last().copied() else {
            return false;
        };
        if !ir::is_unconditional_jump(last.op) {
            return false;
        }
        let target = last.target.unwrap();
        let t = &self.blocks[target];
        let small_exit = t.exits_scope() && t.instrs.len() <= MAX_COPY_SIZE;
        let no_lineno_no_fallthrough = t.has_no_lineno() && !t.has_fallthrough();
        if !(small_exit || no_lineno_no_fallthrough) {
            return false;
        }
        let copied = t.instrs.clone();
        let removed_op = last.op;
        let n = self.blocks[b].instrs.len();
        self.blocks[b].instrs[n - 1].op = ir::real(Opcode::NOP);
        self.blocks[b].instrs[n - 1].arg = 0;
        self.blocks[b].instrs[n - 1].target = None;
        self.blocks[b].instrs.extend(copied);
        if no_lineno_no_fallthrough {
            let last = self.blocks[b].instrs.last_mut().unwrap();
            // Keep the eval-breaker check of the jump we removed.
            if ir::is_unconditional_jump(last.op) && removed_op == ir::JUMP {
                last.op = ir::JUMP;
            }
        }
        self.blocks[target].predecessors = self.blocks[target].predecessors.saturating_sub(1);
        true
    }

    pub fn inline_small_or_no_lineno_blocks(&mut self) {
        loop {
            let mut changed = false;
            for b in self.order() {
                if self.inline_one(b) {
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn is_exit_or_eval_check_without_lineno(&self, b: usize) -> bool {
        let block = &self.blocks[b];
        (block.exits_scope() || block.has_eval_break()) && block.has_no_lineno()
    }

    /// PEP 626: every exit needs a line number, so an exit block without one that is reached
    /// by several jumps is copied once per jump, each copy taking its jump's line.
    fn duplicate_exits_without_lineno(&mut self) {
        for b in self.order() {
            let Some(last) = self.blocks[b].last().copied() else {
                continue;
            };
            if !ir::is_jump(last.op) {
                continue;
            }
            let Some(target) = self.next_nonempty(last.target) else {
                continue;
            };
            if self.is_exit_or_eval_check_without_lineno(target)
                && self.blocks[target].predecessors > 1
            {
                let copy = self.new_block();
                self.blocks[copy].instrs = self.blocks[target].instrs.clone();
                self.blocks[copy].instrs[0].loc = last.loc;
                let n = self.blocks[b].instrs.len();
                self.blocks[b].instrs[n - 1].target = Some(copy);
                self.blocks[target].predecessors -= 1;
                self.blocks[copy].predecessors = 1;
                self.blocks[copy].next = self.blocks[target].next;
                self.blocks[target].next = Some(copy);
            }
        }
        for b in self.order() {
            if !self.blocks[b].has_fallthrough() || self.blocks[b].instrs.is_empty() {
                continue;
            }
            if let Some(next) = self.next_nonempty(self.blocks[b].next) {
                if self.is_exit_or_eval_check_without_lineno(next) {
                    let loc = self.blocks[b].last().unwrap().loc;
                    self.blocks[next].instrs[0].loc = loc;
                }
            }
        }
    }

    /// Instructions without a line inherit their predecessor's within a block; a block with one
    /// predecessor inherits into its first instruction.
    fn propagate_line_numbers(&mut self) {
        for b in self.order() {
            if self.blocks[b].instrs.is_empty() {
                continue;
            }
            let mut prev = Loc::NONE;
            for i in &mut self.blocks[b].instrs {
                if i.loc.line < 0 {
                    i.loc = prev;
                } else {
                    prev = i.loc;
                }
            }
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.next_nonempty(self.blocks[b].next) {
                    if self.blocks[next].predecessors == 1
                        && self.blocks[next].instrs[0].loc.line < 0
                    {
                        self.blocks[next].instrs[0].loc = prev;
                    }
                }
            }
            let last = *self.blocks[b].last().unwrap();
            if ir::is_jump(last.op) {
                if let Some(target) = self.next_nonempty(last.target) {
                    if self.blocks[target].predecessors == 1
                        && self.blocks[target].instrs[0].loc.line < 0
                    {
                        self.blocks[target].instrs[0].loc = prev;
                    }
                }
            }
        }
    }

    pub fn resolve_line_numbers(&mut self) {
        self.duplicate_exits_without_lineno();
        self.propagate_line_numbers();
    }

    /// Removes NOPs that carry no line information of their own. Returns how many went.
    pub fn remove_redundant_nops_in(&mut self, b: usize) -> usize {
        let nop = ir::real(Opcode::NOP);
        let instrs = std::mem::take(&mut self.blocks[b].instrs);
        let mut out: Vec<Instr> = Vec::with_capacity(instrs.len());
        let mut prev_line = -1;
        let n = instrs.len();
        let mut instrs = instrs;
        for src in 0..n {
            let line = instrs[src].loc.line;
            if instrs[src].op == nop {
                if line < 0 || prev_line == line {
                    continue;
                }
                if src + 1 < n {
                    let next_line = instrs[src + 1].loc.line;
                    if next_line == line {
                        continue;
                    }
                    if next_line < 0 {
                        instrs[src + 1].loc = instrs[src].loc;
                        continue;
                    }
                } else if let Some(next) = self.next_nonempty(self.blocks[b].next) {
                    if self.blocks[next].instrs[0].loc.line == line {
                        continue;
                    }
                }
            }
            out.push(instrs[src]);
            prev_line = line;
        }
        let removed = n - out.len();
        self.blocks[b].instrs = out;
        removed
    }

    pub fn remove_redundant_nops(&mut self) -> usize {
        self.order()
            .into_iter()
            .map(|b| self.remove_redundant_nops_in(b))
            .sum()
    }

    /// `LOAD_CONST; POP_TOP` and `COPY 1; POP_TOP` pairs cancel out.
    pub fn remove_redundant_nops_and_pairs(&mut self) {
        let nop = ir::real(Opcode::NOP);
        loop {
            let mut done = true;
            let mut prev: Option<(usize, usize)> = None;
            for b in self.order() {
                self.remove_redundant_nops_in(b);
                if self.blocks[b].label.is_some() {
                    prev = None;
                }
                for k in 0..self.blocks[b].instrs.len() {
                    let op = self.blocks[b].instrs[k].op;
                    if op == ir::real(Opcode::POP_TOP) {
                        if let Some((pb, pk)) = prev {
                            let p = self.blocks[pb].instrs[pk];
                            let pair = p.op == ir::real(Opcode::LOAD_CONST)
                                || (p.op == ir::real(Opcode::COPY) && p.arg == 1);
                            if pair {
                                set_nop(&mut self.blocks[pb].instrs[pk]);
                                set_nop(&mut self.blocks[b].instrs[k]);
                                done = false;
                            }
                        }
                    }
                    prev = Some((b, k));
                }
                let last_is_jump = self.blocks[b].last().is_some_and(|i| ir::is_jump(i.op));
                if last_is_jump || !self.blocks[b].has_fallthrough() {
                    prev = None;
                }
            }
            let _ = nop;
            if done {
                break;
            }
        }
    }

    /// A jump to the block that follows anyway becomes a NOP. Returns how many changed.
    pub fn remove_redundant_jumps(&mut self) -> usize {
        let mut changes = 0;
        for b in self.order() {
            let Some(last) = self.blocks[b].last().copied() else {
                continue;
            };
            if ir::is_unconditional_jump(last.op) {
                let target = self.next_nonempty(last.target);
                let next = self.next_nonempty(self.blocks[b].next);
                if target == next {
                    changes += 1;
                    let l = self.blocks[b].instrs.last_mut().unwrap();
                    set_nop(l);
                }
            }
        }
        changes
    }

    pub fn remove_redundant_nops_and_jumps(&mut self) {
        loop {
            let nops = self.remove_redundant_nops();
            let jumps = self.remove_redundant_jumps();
            if nops + jumps == 0 {
                break;
            }
        }
    }

    /// Drops empty blocks from the layout and retargets jumps past them.
    pub fn eliminate_empty_blocks(&mut self) {
        let order = self.order();
        for &b in &order {
            let next = self.next_nonempty(self.blocks[b].next);
            self.blocks[b].next = next;
        }
        if let Some(first) = self.next_nonempty(Some(self.entry)) {
            self.entry = first;
        }
        for b in self.order() {
            for k in 0..self.blocks[b].instrs.len() {
                if ir::has_target(self.blocks[b].instrs[k].op) {
                    let t = self.next_nonempty(self.blocks[b].instrs[k].target);
                    self.blocks[b].instrs[k].target = t;
                }
            }
        }
    }

    fn mark_warm(&mut self) {
        for b in &mut self.blocks {
            b.visited = false;
        }
        let mut stack = vec![self.entry];
        self.blocks[self.entry].visited = true;
        while let Some(b) = stack.pop() {
            self.blocks[b].warm = true;
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.blocks[b].next {
                    if !self.blocks[next].visited {
                        self.blocks[next].visited = true;
                        stack.push(next);
                    }
                }
            }
            for k in 0..self.blocks[b].instrs.len() {
                let i = self.blocks[b].instrs[k];
                if ir::is_jump(i.op) {
                    let t = i.target.unwrap();
                    if !self.blocks[t].visited {
                        self.blocks[t].visited = true;
                        stack.push(t);
                    }
                }
            }
        }
    }

    fn mark_cold(&mut self) {
        self.mark_warm();
        for b in &mut self.blocks {
            b.visited = false;
        }
        let mut stack: Vec<usize> = Vec::new();
        for b in self.order() {
            if self.blocks[b].except_handler {
                stack.push(b);
                self.blocks[b].visited = true;
            }
        }
        while let Some(b) = stack.pop() {
            self.blocks[b].cold = true;
            if self.blocks[b].has_fallthrough() {
                if let Some(next) = self.blocks[b].next {
                    if !self.blocks[next].warm && !self.blocks[next].visited {
                        self.blocks[next].visited = true;
                        stack.push(next);
                    }
                }
            }
            for k in 0..self.blocks[b].instrs.len() {
                let i = self.blocks[b].instrs[k];
                if ir::is_jump(i.op) {
                    let t = i.target.unwrap();
                    if !self.blocks[t].warm && !self.blocks[t].visited {
                        self.blocks[t].visited = true;
                        stack.push(t);
                    }
                }
            }
        }
    }

    /// Moves blocks reachable only through exception handlers after all the others.
    pub fn push_cold_blocks_to_end(&mut self) {
        if self.blocks[self.entry].next.is_none() {
            return;
        }
        self.mark_cold();
        // A cold block falling through into a warm one gets an explicit jump, as in CPython a
        // JUMP_NO_INTERRUPT (the `CLEANUP_THROW` of `yield from` is such a block).
        for b in self.order() {
            let bl = &self.blocks[b];
            if bl.cold && bl.has_fallthrough() {
                if let Some(next) = bl.next {
                    if self.blocks[next].warm {
                        let j = self.new_block();
                        self.blocks[j].instrs.push(Instr {
                            op: ir::JUMP_NO_INTERRUPT,
                            arg: 0,
                            target: Some(next),
                            loc: Loc::NONE,
                            except: None,
                        });
                        self.blocks[j].cold = true;
                        // Reached only from `b`, so it inherits `b`'s line number later.
                        self.blocks[j].predecessors = 1;
                        self.blocks[j].next = Some(next);
                        self.blocks[b].next = Some(j);
                    }
                }
            }
        }
        let order = self.order();
        let (warm, cold): (Vec<usize>, Vec<usize>) =
            order.into_iter().partition(|&b| !self.blocks[b].cold);
        let all: Vec<usize> = warm.iter().chain(&cold).copied().collect();
        for w in all.windows(2) {
            self.blocks[w[0]].next = Some(w[1]);
        }
        if let Some(&l) = all.last() {
            self.blocks[l].next = None;
        }
        if !cold.is_empty() {
            self.remove_redundant_jumps();
        }
    }
}

pub fn set_nop(i: &mut Instr) {
    i.op = ir::real(Opcode::NOP);
    i.arg = 0;
    i.target = None;
}

/// `Op` helper for matching real opcodes in patterns.
pub const fn op(o: Opcode) -> Op {
    ir::real(o)
}
