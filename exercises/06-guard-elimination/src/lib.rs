//! Exercise 06: guard elimination, CPython 3.13's optimizer in miniature.
//!
//! A trace is full of guards: `BINARY_OP_ADD_INT` becomes `_GUARD_BOTH_INT` (exit unless both
//! operands are ints) then `_BINARY_OP_ADD_INT`. Inside one trace many of these checks are
//! redundant: the result of an int addition *is* an int, and the constant `1` *is* an int.
//! CPython's optimizer (`optimize_uops`) walks the trace once with *symbols* standing for the
//! values, learns what it can, and rewrites what it no longer needs:
//!
//! ```text
//!   x = x + 1   (x unknown at the top of the loop)
//!     _LOAD_FAST 1                 x: unknown
//!     _LOAD_CONST 2          ->    _LOAD_CONST_INLINE_BORROW 1     (the constant 1: an int)
//!     _GUARD_BOTH_INT        ->    _GUARD_NOS_INT                  (only x still to check)
//!     _BINARY_OP_ADD_INT           result: an int
//!     _STORE_FAST 1                x: an int
//!   x = x + 1
//!     _LOAD_FAST 1, _LOAD_CONST 2 -> _LOAD_CONST_INLINE_BORROW 1
//!     _GUARD_BOTH_INT        ->    _NOP                            (both known: removed)
//! ```
//!
//! The loop and the handlers that only move symbols are given (`abstract_interp.rs`), and so
//! are the symbols (`symbols.rs`) and the uop table (`uops.rs`). Write the four pieces marked
//! `todo!()`: [`sym_set_type`], [`load_const`], [`guard_both_int`] and [`binary_op_int`].

pub mod abstract_interp;
pub mod symbols;
pub mod uops;

pub use abstract_interp::{optimize_uops, HitBottom, Next};
pub use symbols::{Context, Sym, SymId};
pub use uops::{is_immortal, Code, PyType, Uop, UopInst, Value};

/// `sym_set_type`: the value is now known to have type `typ` (a guard passed, or an action
/// requires it). Refines `sym` down the lattice and returns true, or, when `sym` already
/// says otherwise, makes it [`Sym::Bottom`] and returns false.
///
/// - `Unknown` becomes `Type(typ)`.
/// - `Type(t)` stays when `t == typ`; another type is a contradiction.
/// - `Const(v)` stays when `v` has type `typ`; otherwise a contradiction.
/// - `Bottom` stays `Bottom` (false).
pub fn sym_set_type(sym: &mut Sym, typ: PyType) -> bool {
    let _ = (sym, typ);
    todo!("refine the symbol down the lattice; Bottom and false on a contradiction")
}

/// `_LOAD_CONST`: `( -- value)` pushes `code.consts[oparg]`. The optimizer knows the
/// constant, so it puts it in the trace itself: the uop becomes `_LOAD_CONST_INLINE_BORROW`
/// when the value is immortal ([`is_immortal`]) and `_LOAD_CONST_INLINE` otherwise, with
/// oparg 0 and the value as the operand ([`UopInst::replace`]). Push a constant symbol.
pub fn load_const(ctx: &mut Context, code: &Code, inst: &mut UopInst) {
    let _ = (ctx, code, inst);
    todo!("inline co_consts[oparg] into the uop and push a constant symbol")
}

/// `_GUARD_BOTH_INT`: `(left, right -- left, right)`, where `right` is the top of the stack.
///
/// Rewrite the guard by what is already known:
///
/// | left is an int | right is an int | the guard becomes |
/// |---|---|---|
/// | yes | yes | `_NOP` (removed) |
/// | yes | no  | `_GUARD_TOS_INT` (check the top only) |
/// | no  | yes | `_GUARD_NOS_INT` (check the next-on-stack only) |
/// | no  | no  | stays |
///
/// (with oparg 0 and no operand when it changes). Then, since the trace only goes on when the
/// guard passed, both symbols are ints from here on ([`sym_set_type`]); a contradiction
/// returns [`Next::Bottom`].
pub fn guard_both_int(ctx: &mut Context, inst: &mut UopInst) -> Next {
    let _ = (ctx, inst);
    todo!("drop or narrow the guard by what is known, then both operands are ints")
}

/// `_BINARY_OP_ADD_INT`, `_SUBTRACT_INT`, `_MULTIPLY_INT`: `(left, right -- res)`.
///
/// The result is an int. When both operands are known int constants, it is even a known
/// constant: compute it (3.13 folds it into the symbol only; the uop stays). An `i64` can
/// overflow where a Python int would not: then settle for "an int".
pub fn binary_op_int(ctx: &mut Context, inst: &UopInst) {
    let _ = (ctx, inst);
    todo!("pop two, push an int: a constant when both operands are known constants")
}
