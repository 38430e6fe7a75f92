//! Uops on names: globals and builtins (generic and by cached index behind a keys-version
//! guard), the locals mapping of module and class bodies, and a few builtin loads.

use crate::exceptions::{self as exc, PyResult};
use crate::frame::Frame;
use crate::uops::{Args, Step};
use crate::value::Value;
use crate::vm::Vm;

use Step::{Continue, Deopt};

/// `_LOAD_BUILD_CLASS`
pub(crate) fn load_build_class(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let b = vm
        .builtins
        .borrow()
        .get_str("__build_class__")
        .cloned()
        .unwrap_or(Value::None);
    f.push(b);
    Ok(Continue)
}

/// `_LOAD_ASSERTION_ERROR`
pub(crate) fn load_assertion_error(vm: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let c = vm
        .exc_class("AssertionError")
        .map(Value::Type)
        .unwrap_or(Value::None);
    f.push(c);
    Ok(Continue)
}

/// `_LOAD_LOCALS`
pub(crate) fn load_locals(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let l = f
        .locals
        .clone()
        .ok_or_else(|| exc::new("SystemError", "no locals found"))?;
    f.push(Value::Dict(l));
    Ok(Continue)
}

/// `_SETUP_ANNOTATIONS`: the `__annotations__` dict of a module or class body that annotates
/// a name (kept if the body already has one).
pub(crate) fn setup_annotations(_: &mut Vm, f: &mut Box<Frame>, _: Args<'_>) -> PyResult<Step> {
    let locals = f.locals.as_ref().unwrap_or(&f.globals);
    let mut l = locals.borrow_mut();
    if l.get_str("__annotations__").is_none() {
        let fresh = Value::Dict(std::rc::Rc::new(std::cell::RefCell::new(
            crate::object::Dict::new(),
        )));
        l.insert(crate::object::dict::str_key("__annotations__"), fresh);
    }
    Ok(Continue)
}

/// `_STORE_NAME`
pub(crate) fn store_name(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    let target = f.locals.as_ref().unwrap_or(&f.globals);
    target
        .borrow_mut()
        .set_name(&f.code.names[a.oparg as usize], v);
    Ok(Continue)
}

/// `_DELETE_NAME`
pub(crate) fn delete_name(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    let key = vm.name_key(f, i);
    let target = f.locals.clone().unwrap_or_else(|| f.globals.clone());
    if target.borrow_mut().remove(&key).is_none() {
        return Err(exc::name_error(f.code.names[i].as_str()));
    }
    Ok(Continue)
}

/// `_STORE_GLOBAL`
pub(crate) fn store_global(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.pop();
    f.globals
        .borrow_mut()
        .set_name(&f.code.names[a.oparg as usize], v);
    Ok(Continue)
}

/// `_DELETE_GLOBAL`
pub(crate) fn delete_global(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let i = a.oparg as usize;
    let key = vm.name_key(f, i);
    if f.globals.borrow_mut().remove(&key).is_none() {
        return Err(exc::name_error(f.code.names[i].as_str()));
    }
    Ok(Continue)
}

/// `_LOAD_GLOBAL`
pub(crate) fn load_global(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    vm.generic_load_global(f, a.oparg as usize)?;
    Ok(Continue)
}

/// `_GUARD_GLOBALS_VERSION`
#[inline(always)]
pub(crate) fn guard_globals_version(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let ok = u64::from(f.globals.borrow().current_keys_version()) == a.operand;
    Ok(if ok { Continue } else { Deopt })
}

/// `_GUARD_BUILTINS_VERSION`
#[inline(always)]
pub(crate) fn guard_builtins_version(
    vm: &mut Vm,
    _: &mut Box<Frame>,
    a: Args<'_>,
) -> PyResult<Step> {
    let ok = u64::from(vm.builtins.borrow().current_keys_version()) == a.operand;
    Ok(if ok { Continue } else { Deopt })
}

#[inline(always)]
fn push_global(f: &mut Box<Frame>, v: Option<Value>, oparg: u32) -> PyResult<Step> {
    let Some(v) = v else {
        return Ok(Deopt);
    };
    f.push(v);
    if oparg & 1 == 1 {
        f.push(Value::Null);
    }
    Ok(Continue)
}

/// `_LOAD_GLOBAL_MODULE`
#[inline(always)]
pub(crate) fn load_global_module(_: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = f.globals.borrow().value_at(a.operand as usize).cloned();
    push_global(f, v, a.oparg)
}

/// `_LOAD_GLOBAL_BUILTINS`
#[inline(always)]
pub(crate) fn load_global_builtins(vm: &mut Vm, f: &mut Box<Frame>, a: Args<'_>) -> PyResult<Step> {
    let v = vm.builtins.borrow().value_at(a.operand as usize).cloned();
    push_global(f, v, a.oparg)
}
