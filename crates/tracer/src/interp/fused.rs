//! Tier 1's bodies for the attribute and global forms real programs run most: the same guards
//! and effects as their uops (`forms.rs`, which tier 2 and the JIT still run), written as one body.
//!
//! ```text
//!   LOAD_ATTR_INSTANCE_VALUE      type version, no dict, inline value `index`    self.x
//!   LOAD_ATTR_METHOD_WITH_VALUES  type version, no dict, keys version, method    self.m()
//!   STORE_ATTR_INSTANCE_VALUE     type version, no dict, store inline value      self.x = v
//!   LOAD_ATTR_WITH_HINT           type version, a dict, entry `hint` is the name  (fast path)
//!   LOAD_ATTR_SLOT                type version, `__slots__` member               (fast path)
//!   STORE_ATTR_SLOT               type version, `__slots__` member               (fast path)
//!   LOAD_GLOBAL_MODULE            globals keys version, entry `index`            len(...)
//!   LOAD_GLOBAL_BUILTIN           globals and builtins keys versions, entry
//! ```
//!
//! Why not the uops: run one after another, each re-reads the top of the stack and its own
//! cache units with their bounds checks, and the `Step` each returns is merged through the
//! registers of the whole loop. In one body, the cache is one slice (one bounds check), the
//! owner is looked at once, and a failed guard is one branch. Measured with callgrind on the
//! pyperformance programs: about 94 machine instructions per `LOAD_ATTR_INSTANCE_VALUE`
//! became about 68 with the shared tail (classes, raytrace, chaos, richards run it millions
//! of times); `LOAD_ATTR_WITH_HINT` (129), `LOAD_ATTR_SLOT` (98) and `LOAD_GLOBAL_MODULE` (79)
//! gained alike: go, float and fib ran 7.6%, 7.4% and 1.7% fewer instructions.
//!
//! Those not marked "fast path" return `Step::Deopt` when a guard fails, before anything
//! changed, exactly where the uops would deopt, so counters, statistics and `explain
//! specialize` see the same run. The three fast paths handle only an instance whose guards
//! all pass and return `None` for anything else, before changing anything: the caller then
//! runs the uops, which decide (deopt, or the rarer cases such as `__class__` read through a
//! slot).

use crate::frame::Frame;
use crate::object::slots::member_index;
use crate::specialize::read_u32;
use crate::uops::Step;
use crate::value::Value;

/// The type version (cache units 2-3 after the instruction) and the 16-bit index (unit 4) of
/// an instance-value form, read through one bounds check.
#[inline(always)]
fn version_and_index(f: &Frame, instr: usize) -> Option<(u32, usize)> {
    let cache = f.code.units.get(instr + 2..instr + 5)?;
    Some((read_u32(cache, 0), usize::from(cache[2].get())))
}

/// `LOAD_ATTR_INSTANCE_VALUE` = `_GUARD_TYPE_VERSION` + `_CHECK_MANAGED_OBJECT_HAS_VALUES` +
/// `_LOAD_ATTR_INSTANCE_VALUE`: `(owner -- attr, NULL if oparg & 1)`.
#[inline(always)]
pub(super) fn load_attr_instance_value(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Step {
    let Some((version, index)) = version_and_index(f, instr) else {
        return Step::Deopt;
    };
    let n = f.stack.len();
    let v = match f.stack.last() {
        Some(Value::Instance(inst)) if inst.class.version.get() == version => {
            if inst.has_dict.get() {
                return Step::Deopt;
            }
            match inst.slots.borrow().get(index) {
                Some(v) if !v.is_null() => v.clone(),
                _ => return Step::Deopt,
            }
        }
        _ => return Step::Deopt,
    };
    // The owner leaves as the `Instance` it is: an inline decrement, not the drop glue.
    if let Value::Instance(owner) = std::mem::replace(&mut f.stack[n - 1], v) {
        drop(owner);
    }
    if oparg & 1 == 1 {
        f.push(Value::Null);
    }
    Step::Continue
}

/// `LOAD_ATTR_METHOD_WITH_VALUES` = `_GUARD_TYPE_VERSION` +
/// `_GUARD_DORV_VALUES_INST_ATTR_FROM_DICT` + `_GUARD_KEYS_VERSION` +
/// `_LOAD_ATTR_METHOD_WITH_VALUES`: `(owner -- method, owner)`, the method cached in the
/// instruction's object cache.
#[inline(always)]
pub(super) fn load_attr_method_with_values(f: &mut Box<Frame>, instr: usize) -> Step {
    // Type version at units 2-3, keys version at units 4-5.
    let Some(cache) = f.code.units.get(instr + 2..instr + 6) else {
        return Step::Deopt;
    };
    let (version, keys_version) = (read_u32(cache, 0), read_u32(cache, 2));
    match f.stack.last() {
        Some(Value::Instance(inst))
            if inst.class.version.get() == version
                && !inst.has_dict.get()
                && inst.class.shared_keys.borrow().len() as u64 + 1 == u64::from(keys_version) => {}
        _ => return Step::Deopt,
    }
    let method = f.code.objcache[instr].borrow().clone();
    let n = f.stack.len();
    let owner = std::mem::replace(&mut f.stack[n - 1], method);
    f.push(owner);
    Step::Continue
}

/// `STORE_ATTR_INSTANCE_VALUE` = `_GUARD_TYPE_VERSION` + `_GUARD_DORV_NO_DICT` +
/// `_STORE_ATTR_INSTANCE_VALUE`: `(value, owner -- )`.
#[inline(always)]
pub(super) fn store_attr_instance_value(f: &mut Box<Frame>, instr: usize) -> Step {
    let Some((version, index)) = version_and_index(f, instr) else {
        return Step::Deopt;
    };
    match f.stack.last() {
        Some(Value::Instance(inst))
            if inst.class.version.get() == version && !inst.has_dict.get() => {}
        _ => return Step::Deopt,
    }
    // Popped as the `Instance` the guard saw, so its drop is an inline decrement.
    if let Some(Value::Instance(inst)) = f.stack.pop() {
        let v = f.pop();
        inst.set_slot(index, v);
    }
    Step::Continue
}

/// `LOAD_GLOBAL_MODULE` = `_GUARD_GLOBALS_VERSION` + `_LOAD_GLOBAL_MODULE`:
/// `( -- value, NULL if oparg & 1)`.
#[inline(always)]
pub(super) fn load_global_module(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Step {
    // Entry index at unit 2, keys version at unit 3.
    let Some(cache) = f.code.units.get(instr + 2..instr + 4) else {
        return Step::Deopt;
    };
    let index = usize::from(cache[0].get());
    let Some(v) = versioned_entry(&f.globals, cache[1].get(), index) else {
        return Step::Deopt;
    };
    push_global(f, v, oparg);
    Step::Continue
}

/// `LOAD_GLOBAL_BUILTIN` = `_GUARD_GLOBALS_VERSION` + `_GUARD_BUILTINS_VERSION` +
/// `_LOAD_GLOBAL_BUILTINS`.
#[inline(always)]
pub(super) fn load_global_builtin(
    f: &mut Box<Frame>,
    builtins: &std::cell::RefCell<crate::object::Dict>,
    instr: usize,
    oparg: u32,
) -> Step {
    // Entry index at unit 2, globals keys version at 3, builtins keys version at 4.
    let Some(cache) = f.code.units.get(instr + 2..instr + 5) else {
        return Step::Deopt;
    };
    let index = usize::from(cache[0].get());
    if u64::from(f.globals.borrow().current_keys_version()) != u64::from(cache[1].get()) {
        return Step::Deopt;
    }
    let Some(v) = versioned_entry(builtins, cache[2].get(), index) else {
        return Step::Deopt;
    };
    push_global(f, v, oparg);
    Step::Continue
}

/// Entry `index` of `dict` when its keys are still at `version` (the cached 16 bits).
#[inline(always)]
fn versioned_entry(
    dict: &std::cell::RefCell<crate::object::Dict>,
    version: u16,
    index: usize,
) -> Option<Value> {
    let dict = dict.borrow();
    if u64::from(dict.current_keys_version()) != u64::from(version) {
        return None;
    }
    dict.value_at(index).cloned()
}

/// Pushes a global's value, then NULL for a call's `self_or_null` when the oparg asks.
#[inline(always)]
fn push_global(f: &mut Box<Frame>, v: Value, oparg: u32) {
    f.push(v);
    if oparg & 1 == 1 {
        f.push(Value::Null);
    }
}

/// The owner on top of the stack when it is an instance of the class version `version`.
#[inline(always)]
fn instance_of(f: &Frame, version: u32) -> Option<&crate::object::Instance> {
    match f.stack.last() {
        Some(Value::Instance(inst)) if inst.class.version.get() == version => Some(inst),
        _ => None,
    }
}

/// `LOAD_ATTR_WITH_HINT` = `_GUARD_TYPE_VERSION` + `_CHECK_ATTR_WITH_HINT` +
/// `_LOAD_ATTR_WITH_HINT`, fast path: `(owner -- attr, NULL if oparg & 1)`.
#[inline(always)]
pub(super) fn load_attr_with_hint(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Option<Step> {
    let (version, hint) = version_and_index(f, instr)?;
    let inst = instance_of(f, version)?;
    if !inst.has_dict.get() {
        return None;
    }
    // The name is borrowed from the code object, so the check costs no reference count.
    let name = f.code.names[(oparg >> 1) as usize].as_str();
    let v = super::uop::attr::hinted(inst, hint, name)?;
    replace_instance(f, v, oparg & 1 == 1);
    Some(Step::Continue)
}

/// `LOAD_ATTR_SLOT` = `_GUARD_TYPE_VERSION` + `_LOAD_ATTR_SLOT`, fast path: a member of an
/// instance's `__slots__`.
#[inline(always)]
pub(super) fn load_attr_slot(f: &mut Box<Frame>, instr: usize, oparg: u32) -> Option<Step> {
    let (version, offset) = version_and_index(f, instr)?;
    let member = member_index(offset as u16)?;
    let v = instance_of(f, version)?.member(member)?;
    replace_instance(f, v, oparg & 1 == 1);
    Some(Step::Continue)
}

/// `STORE_ATTR_SLOT` = `_GUARD_TYPE_VERSION` + `_STORE_ATTR_SLOT`, fast path:
/// `(value, owner -- )` into a member of an instance's `__slots__`.
#[inline(always)]
pub(super) fn store_attr_slot(f: &mut Box<Frame>, instr: usize) -> Option<Step> {
    let (version, offset) = version_and_index(f, instr)?;
    let member = member_index(offset as u16)?;
    instance_of(f, version)?;
    // Popped as the `Instance` just seen, so its drop is an inline decrement.
    if let Some(Value::Instance(inst)) = f.stack.pop() {
        let v = f.pop();
        inst.set_member(member, v);
    }
    Some(Step::Continue)
}

/// Replaces the instance on top of the stack by `attr`, and pushes NULL for a method call's
/// `self_or_null` when `method`.
#[inline(always)]
fn replace_instance(f: &mut Box<Frame>, attr: Value, method: bool) {
    let n = f.stack.len();
    if let Value::Instance(owner) = std::mem::replace(&mut f.stack[n - 1], attr) {
        drop(owner);
    }
    if method {
        f.push(Value::Null);
    }
}
