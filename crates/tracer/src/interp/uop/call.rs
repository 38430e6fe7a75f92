//! Call uops. A Python call is five steps in 3.13:
//!
//! ```text
//!   _CHECK_FUNCTION_EXACT_ARGS   the callable is the function with the cached version,
//!                                taking exactly these arguments           (exit)
//!   _CHECK_STACK_SPACE           a new frame stays under the recursion limit (deopt)
//!   _INIT_CALL_PY_EXACT_ARGS     move callable and arguments into a new frame
//!   _SAVE_RETURN_OFFSET          where the caller continues afterwards
//!   _PUSH_FRAME                  the new frame runs
//! ```
//!
//! The new frame waits in `Vm::pending_frame` between the uop that builds it and
//! `_PUSH_FRAME` (CPython keeps it on the stack). Native calls (`_CALL_BUILTIN_*`, `_CALL_LEN`,
//! `_CALL_METHOD_DESCRIPTOR_*`) check the callable's kind, then call it on the arguments in
//! place on our stack.

use std::rc::Rc;

use crate::exceptions::PyResult;
use crate::frame::Frame;
use crate::object::{CallConv, TypeKind};
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use super::broken;
use Step::{Continue, Deopt, Jumped};

/// Index of the callable for a call with `argc` arguments (`self_or_null` is just above it).
#[inline(always)]
fn callable_at(f: &Frame, argc: u32) -> usize {
    f.stack.len() - argc as usize - 2
}

#[inline(always)]
fn guard(ok: bool) -> PyResult<Step> {
    Ok(if ok { Continue } else { Deopt })
}

/// `_CHECK_FUNCTION_EXACT_ARGS`
#[inline(always)]
pub(crate) fn check_function_exact_args(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let has_self = !f.stack[c + 1].is_null();
    guard(matches!(&f.stack[c], Value::Function(func)
        if u64::from(func.version.get()) == a.operand
            && func.code.code.argcount == a.oparg + u32::from(has_self)))
}

/// `_CHECK_STACK_SPACE`: CPython deopts when a new frame would leave at most one level of
/// recursion; the generic `CALL` then raises `RecursionError` if the limit is really hit.
#[inline(always)]
pub(crate) fn check_stack_space(vm: &mut Vm, _: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    guard(vm.recursion_limit.saturating_sub(vm.depth) > 1)
}

/// `_INIT_CALL_PY_EXACT_ARGS`: the arguments (with `self` first, if any) move from our stack
/// into the callee's locals; the callable moves into the frame.
#[inline(always)]
pub(crate) fn init_call_py_exact_args(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let frame = frame_for_call(vm, f, a.oparg)?;
    vm.pending_frame = Some(frame);
    Ok(Continue)
}

/// The frame `_INIT_CALL_PY_EXACT_ARGS` builds: the callee's, with the arguments moved in.
#[inline(always)]
fn frame_for_call(vm: &mut Vm, f: &mut Box<Frame>, oparg: u32) -> PyResult<Box<Frame>> {
    let c = callable_at(f, oparg);
    let from = if f.stack[c + 1].is_null() {
        c + 2
    } else {
        c + 1
    };
    let Value::Function(func) = std::mem::replace(&mut f.stack[c], Value::Null) else {
        return Err(broken("_INIT_CALL_PY_EXACT_ARGS"));
    };
    let frame = match vm.frame_from_stack(func, None, &mut f.stack, from) {
        Ok(frame) => frame,
        Err(func) => {
            let args = f.stack.split_off(from);
            f.stack.truncate(c);
            vm.bind_frame(&func, &args, &[])?
        }
    };
    // What is left above `c` is the callable's slot and the NULL below the arguments, both
    // NULL now: popped without any drop (a NULL owns nothing), where `truncate` calls the
    // drop glue for each and `discard` still tests the tag (about 20 machine instructions
    // a call less than `discard`).
    debug_assert!(f.stack[c..].iter().all(Value::is_null));
    while f.stack.len() > c {
        std::mem::forget(f.stack.pop());
    }
    Ok(frame)
}

/// Tier 1's `CALL_PY_EXACT_ARGS` (and the tail of `CALL_BOUND_METHOD_EXACT_ARGS`) in one
/// body: `_CHECK_FUNCTION_EXACT_ARGS`, `_CHECK_STACK_SPACE`, `_INIT_CALL_PY_EXACT_ARGS`,
/// `_SAVE_RETURN_OFFSET` and `_PUSH_FRAME`, the same checks and moves, with the new frame
/// pushed as soon as it is built instead of waiting in `Vm::pending_frame` (which the uop
/// interpreter needs between separate uops; CPython's generated tier-1 case is one block too).
#[inline(always)]
pub(crate) fn call_py_exact_args_tier_one(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    oparg: u32,
    version: u64,
    return_offset: u32,
) -> PyResult<Step> {
    let a = Args {
        oparg,
        operand: version,
        object: None,
    };
    if check_function_exact_args(vm, f, a)? == Deopt || check_stack_space(vm, f, a)? == Deopt {
        return Ok(Deopt);
    }
    let frame = frame_for_call(vm, f, oparg)?;
    f.pc = f.instr + return_offset as usize;
    vm.push_frame_with_room(f, frame);
    Ok(Jumped)
}

/// `_INIT_CALL_PY_EXACT_ARGS`, `_SAVE_RETURN_OFFSET` (`return_offset`) and `_PUSH_FRAME` in
/// one body, for backends that run a trace's uops from machine code (`Vm::backend_run`): the
/// new frame is pushed as soon as it is built, as tier 1 does, instead of waiting in
/// `Vm::pending_frame` between three separate calls. On an error, the position of the uop
/// that raised (0: building the frame, 2: pushing it) with the error.
#[inline]
pub(crate) fn init_call_and_push(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    oparg: u32,
    return_offset: u32,
) -> Result<(), (usize, crate::exceptions::PyErr)> {
    let frame = frame_for_call(vm, f, oparg).map_err(|e| (0, e))?;
    f.pc = f.instr + return_offset as usize;
    vm.push_frame(f, frame).map_err(|e| (2, e))
}

/// `_SAVE_RETURN_OFFSET`: the caller continues `oparg` units after the call instruction
/// (`f.instr` is the call: set by tier 1, or by the `_SET_IP` kept before a push in tier 2).
#[inline(always)]
pub(crate) fn save_return_offset(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    f.pc = f.instr + a.oparg as usize;
    Ok(Continue)
}

/// `_PUSH_FRAME`: the pending frame runs; `f` becomes it.
#[inline(always)]
pub(crate) fn push_frame(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let Some(frame) = vm.pending_frame.take() else {
        return Err(broken("_PUSH_FRAME"));
    };
    vm.push_frame(f, frame)?;
    Ok(Jumped)
}

/// `_CHECK_CALL_BOUND_METHOD_EXACT_ARGS`: a bound method of a Python function, NULL above it.
pub(crate) fn check_call_bound_method_exact_args(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    guard(
        f.stack[c + 1].is_null()
            && matches!(&f.stack[c], Value::Method(m) if matches!(m.func, Value::Function(_))),
    )
}

/// `_INIT_CALL_BOUND_METHOD_EXACT_ARGS` and `_EXPAND_METHOD`: the bound method's function
/// and `self` replace it and the NULL.
pub(crate) fn expand_method(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let Value::Method(m) = std::mem::replace(&mut f.stack[c], Value::Null) else {
        return Err(broken("_EXPAND_METHOD"));
    };
    f.stack[c] = m.func.clone();
    f.stack[c + 1] = m.self_.clone();
    Ok(Continue)
}

/// `_CHECK_FUNCTION_VERSION`
pub(crate) fn check_function_version(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    guard(matches!(&f.stack[c], Value::Function(func)
        if u64::from(func.version.get()) == a.operand))
}

/// `_CHECK_METHOD_VERSION`
pub(crate) fn check_method_version(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let ok = f.stack[c + 1].is_null()
        && matches!(&f.stack[c], Value::Method(m) if matches!(&m.func, Value::Function(func)
            if u64::from(func.version.get()) == a.operand));
    guard(ok)
}

/// `_PY_FRAME_GENERAL`: bind positional arguments (defaults, `*args`) into a new frame.
pub(crate) fn py_frame_general(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let from = if f.stack[c + 1].is_null() {
        c + 2
    } else {
        c + 1
    };
    let Value::Function(func) = f.stack[c].clone() else {
        return Err(broken("_PY_FRAME_GENERAL"));
    };
    let args = f.stack.split_off(from);
    f.stack.truncate(c);
    let frame = vm.bind_frame(&func, &args, &[])?;
    vm.pending_frame = Some(frame);
    Ok(Continue)
}

/// `_CHECK_IS_NOT_PY_CALLABLE`
pub(crate) fn check_is_not_py_callable(
    _: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    guard(!matches!(
        &f.stack[c],
        Value::Function(_) | Value::Method(_)
    ))
}

/// The arguments of a call, `self` first when there is one: `(from, total)`.
#[inline(always)]
fn arg_span(f: &Frame, argc: u32) -> (usize, usize) {
    let c = callable_at(f, argc);
    let has_self = !f.stack[c + 1].is_null();
    let total = argc as usize + usize::from(has_self);
    (f.stack.len() - total, total)
}

/// Replaces the callable, `self_or_null` and arguments by the call's result.
#[inline(always)]
fn finish_call(f: &mut Box<Frame>, argc: u32, r: Value) -> PyResult<Step> {
    let c = callable_at(f, argc);
    f.stack.truncate(c);
    f.push(r);
    Ok(Continue)
}

/// `_CALL_NON_PY_GENERAL`: any other callable, called synchronously.
pub(crate) fn call_non_py_general(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let (from, _) = arg_span(f, a.oparg);
    let callable = f.stack[c].clone();
    if crate::builtins::namespaces::wants_caller(&callable) {
        vm.caller = Some(crate::builtins::namespaces::CallerScope::of(f));
    }
    let args: Vec<Value> = f.stack.drain(from..).collect();
    f.stack.truncate(c);
    let r = vm.call(&callable, &args, &[])?;
    f.push(r);
    Ok(Continue)
}

/// The one-argument calls of a builtin class: `(callable, NULL, arg)`.
fn class_1(f: &Frame, kind: TypeKind) -> bool {
    let n = f.stack.len();
    f.stack[n - 2].is_null() && matches!(&f.stack[n - 3], Value::Type(c) if c.kind == kind)
}

/// `_CALL_TYPE_1`
pub(crate) fn call_type_1(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if a.oparg != 1 || !class_1(f, TypeKind::Type) {
        return Ok(Deopt);
    }
    let arg = f.pop();
    let r = Value::Type(vm.type_of(&arg));
    finish_call(f, 0, r)
}

/// `_CALL_STR_1` and `_CALL_TUPLE_1`: the builtin class's constructor on one argument.
fn construct_1(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>, kind: TypeKind) -> PyResult<Step> {
    if a.oparg != 1 || !class_1(f, kind) {
        return Ok(Deopt);
    }
    let arg = f.pop();
    let n = f.stack.len();
    let Value::Type(class) = f.stack[n - 2].clone() else {
        return Err(broken("_CALL_STR_1"));
    };
    let r = vm.call_type(&class, &[arg], &[])?;
    finish_call(f, 0, r)
}

/// `_CALL_STR_1`
pub(crate) fn call_str_1(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    construct_1(vm, f, a, TypeKind::Str)
}

/// `_CALL_TUPLE_1`
pub(crate) fn call_tuple_1(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    construct_1(vm, f, a, TypeKind::Tuple)
}

/// `_EXIT_INIT_CHECK`
pub(crate) fn exit_init_check(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    if !matches!(v, Value::None) {
        return Err(crate::exceptions::type_error(format!(
            "__init__() should return None, not '{}'",
            crate::object::type_name_of(&v)
        )));
    }
    Ok(Continue)
}

/// `_CALL_BUILTIN_CLASS`: a builtin class with a vectorcall constructor.
pub(crate) fn call_builtin_class(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let Value::Type(class) = &f.stack[c] else {
        return Ok(Deopt);
    };
    if !(class.builtin && crate::builtins::has_vectorcall(class)) {
        return Ok(Deopt);
    }
    let (from, _) = arg_span(f, a.oparg);
    // `range(...)` on machine ints, the call that starts most `for` loops: made here, as
    // `construct` makes it, without `type.__call__`'s way there (the metaclass hook,
    // `construct`'s dispatch and argument checks): about 100 instructions per loop start.
    // (`range` cannot be subclassed: a builtin class of this kind is it.)
    if class.kind == TypeKind::Range {
        if let Some(range) = crate::builtins::construct::range_of_ints(&f.stack[from..]) {
            return finish_call(f, a.oparg, range);
        }
    }
    let class = class.clone();
    let r = vm.call_type(&class, &f.stack[from..], &[])?;
    finish_call(f, a.oparg, r)
}

/// Calls the builtin at the callable slot on the arguments in place, if `ok` accepts it.
#[inline(always)]
fn call_builtin_if(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    argc: u32,
    ok: impl Fn(&Frame, &crate::object::Builtin, usize) -> bool,
) -> PyResult<Step> {
    let c = callable_at(f, argc);
    let (from, total) = arg_span(f, argc);
    let Value::Builtin(b) = &f.stack[c] else {
        return Ok(Deopt);
    };
    if !ok(f, b, total) {
        return Ok(Deopt);
    }
    // Only the function pointer is taken: the builtin stays alive in its stack slot, so
    // its `Rc` need not be cloned (and dropped) around the call.
    let func = b.func;
    if crate::builtins::namespaces::wants_caller_builtin(b) {
        vm.caller = Some(crate::builtins::namespaces::CallerScope::of(f));
    }
    // The arguments are passed in place, as a slice of our stack: no `Vec`.
    let r = func(vm, &f.stack[from..], &[])?;
    finish_call(f, argc, r)
}

/// The `CALL_BUILTIN_*` forms on a builtin *bound* to its object (`f = "abc".find; f(x)`),
/// which CPython's uops take too: for them a bound method of a builtin type is a C function
/// like `len`, whose self is the object. `conv` is the calling convention the form expects;
/// `O` also needs exactly one argument.
fn call_bound_builtin(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    argc: u32,
    conv: CallConv,
) -> PyResult<Option<Step>> {
    let c = callable_at(f, argc);
    let (from, total) = arg_span(f, argc);
    let Value::Method(m) = &f.stack[c] else {
        return Ok(None);
    };
    let Value::Builtin(b) = &m.func else {
        return Ok(Some(Deopt));
    };
    if b.conv != conv || (conv == CallConv::O && total != 1) {
        return Ok(Some(Deopt));
    }
    let func = b.func;
    if f.stack[c + 1].is_null() && !matches!(m.self_, Value::Instance(_)) {
        // The usual case (`pop = l.pop; pop(0)`): `self` goes into the NULL slot below the
        // arguments, as CPython's method calls do, and the builtin reads `self` and the
        // arguments in place. No `Vec` is allocated per call.
        let self_ = m.self_.clone();
        std::mem::replace(&mut f.stack[c + 1], self_).discard();
        let r = func(vm, &f.stack[c + 1..], &[])?;
        return finish_call(f, argc, r).map(Some);
    }
    let b = Rc::clone(b);
    let mut args = Vec::with_capacity(total + 1);
    // A subclass instance's method of its builtin base works on the payload (`d.get` of a
    // `dict` subclass), as the generic call does.
    args.push(m.self_.clone());
    args.extend_from_slice(&f.stack[from..]);
    if let Some(unwrapped) = crate::builtins::subclass::method_args(&b, &args) {
        args = unwrapped;
    }
    let r = (b.func)(vm, &args, &[])?;
    finish_call(f, argc, r).map(Some)
}

/// `_CALL_BUILTIN_O`
pub(crate) fn call_builtin_o(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if let Some(step) = call_bound_builtin(vm, f, a.oparg, CallConv::O)? {
        return Ok(step);
    }
    call_builtin_if(vm, f, a.oparg, |_, b, total| {
        b.owner.is_none() && b.conv == CallConv::O && total == 1
    })
}

/// `_CALL_BUILTIN_FAST`
pub(crate) fn call_builtin_fast(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    if let Some(step) = call_bound_builtin(vm, f, a.oparg, CallConv::Fast)? {
        return Ok(step);
    }
    call_builtin_if(vm, f, a.oparg, |_, b, _| {
        b.owner.is_none() && b.conv == CallConv::Fast
    })
}

/// `_CALL_BUILTIN_FAST_WITH_KEYWORDS`
pub(crate) fn call_builtin_fast_with_keywords(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    if let Some(step) = call_bound_builtin(vm, f, a.oparg, CallConv::FastKw)? {
        return Ok(step);
    }
    call_builtin_if(vm, f, a.oparg, |_, b, _| {
        b.owner.is_none() && b.conv == CallConv::FastKw
    })
}

/// `_CALL_LEN`
pub(crate) fn call_len(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    call_builtin_if(vm, f, a.oparg, |_, b, total| {
        b.owner.is_none() && b.name == "len" && total == 1
    })
}

/// `_CALL_ISINSTANCE`
pub(crate) fn call_isinstance(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let c = callable_at(f, a.oparg);
    let (from, total) = arg_span(f, a.oparg);
    let Value::Builtin(b) = &f.stack[c] else {
        return Ok(Deopt);
    };
    if b.owner.is_some() || b.name != "isinstance" || total != 2 {
        return Ok(Deopt);
    }
    // `isinstance(obj, cls)` with a class whose metaclass is `type` has no hook to run: it
    // is the MRO test of `PyObject_IsInstance`, answered here without binding the builtin's
    // arguments (CPython's instruction also skips the call). Anything else (a tuple, a
    // metaclass with `__instancecheck__`) calls the builtin.
    let answer = match &f.stack[from + 1] {
        Value::Type(cls) if cls.metaclass.borrow().is_none() => match &f.stack[from] {
            Value::Instance(i) => i.class.is_subclass(cls) || cls.kind == TypeKind::Object,
            obj => vm.isinstance(obj, cls),
        },
        _ => return call_builtin_if(vm, f, a.oparg, |_, _, _| true),
    };
    finish_call(f, a.oparg, Value::bool(answer))
}

/// `self` of a method-descriptor call has the descriptor's type (CPython checks this).
fn self_matches(f: &Frame, b: &crate::object::Builtin, argc: u32) -> bool {
    let (from, _) = arg_span(f, argc);
    let t = crate::object::static_type_name(&f.stack[from]);
    b.owner
        .is_some_and(|owner| crate::builtins::args::same_name(t, owner))
}

/// `_CALL_METHOD_DESCRIPTOR_O`
pub(crate) fn call_method_descriptor_o(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let argc = a.oparg;
    call_builtin_if(vm, f, argc, |f, b, total| {
        b.owner.is_some() && b.conv == CallConv::O && total == 2 && self_matches(f, b, argc)
    })
}

/// `_CALL_METHOD_DESCRIPTOR_NOARGS`
pub(crate) fn call_method_descriptor_noargs(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let argc = a.oparg;
    call_builtin_if(vm, f, argc, |f, b, total| {
        b.owner.is_some() && b.conv == CallConv::NoArgs && total == 1 && self_matches(f, b, argc)
    })
}

/// `_CALL_METHOD_DESCRIPTOR_FAST`
pub(crate) fn call_method_descriptor_fast(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let argc = a.oparg;
    call_builtin_if(vm, f, argc, |f, b, total| {
        b.owner.is_some() && b.conv == CallConv::Fast && total >= 1 && self_matches(f, b, argc)
    })
}

/// `_CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS`
pub(crate) fn call_method_descriptor_fast_with_keywords(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let argc = a.oparg;
    call_builtin_if(vm, f, argc, |f, b, total| {
        b.owner.is_some() && b.conv == CallConv::FastKw && total >= 1 && self_matches(f, b, argc)
    })
}

/// `_MAKE_FUNCTION`
pub(crate) fn make_function(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    vm.make_function(f);
    Ok(Continue)
}

/// `_SET_FUNCTION_ATTRIBUTE`
pub(crate) fn set_function_attribute(
    vm: &mut Vm,
    f: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    vm.set_function_attribute(f, a.oparg as usize);
    Ok(Continue)
}
