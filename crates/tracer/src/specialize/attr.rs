//! The `LOAD_ATTR` and `STORE_ATTR` rules, as CPython 3.13's `specialize.c` makes them.
//!
//! Both start the same way (`analyze_descriptor`): look the name up on the owner's type and
//! classify what is found, then pick a form from that kind and from where the instance keeps
//! its own attributes (`DictKind`):
//!
//! ```text
//!   found on the type        instance layout            LOAD_ATTR form
//!   ─────────────────        ───────────────            ──────────────
//!   nothing                  inline values (valid)      LOAD_ATTR_INSTANCE_VALUE (shared-key index)
//!   nothing                  combined dict (>30 names)  LOAD_ATTR_WITH_HINT      (dict entry index)
//!   member (`__slots__`)     any                        LOAD_ATTR_SLOT           (byte offset)
//!   `object.__class__`       any                        LOAD_ATTR_SLOT           (offset of ob_type)
//!   function, method load    inline values              LOAD_ATTR_METHOD_WITH_VALUES
//!   function, method load    no dict at all             LOAD_ATTR_METHOD_NO_DICT
//!   function, method load    dict not created yet       LOAD_ATTR_METHOD_LAZY_DICT
//!   plain value (an int)     inline values              LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES
//!   plain value (an int)     no dict at all             LOAD_ATTR_NONDESCRIPTOR_NO_DICT
//!   property                 any                        LOAD_ATTR_PROPERTY
//!   (a Python `__getattribute__` on the type, any name)  LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN
//! ```
//!
//! `STORE_ATTR` specializes only the two storage cases: a member (`STORE_ATTR_SLOT`) and a
//! name the type does not have at all (`STORE_ATTR_INSTANCE_VALUE` / `STORE_ATTR_WITH_HINT`).

use std::rc::Rc;

use super::{write_u32, Decision};
use crate::bytecode::Opcode;
use crate::frame::Frame;
use crate::object::slots::{member_offset, OB_TYPE_OFFSET};
use crate::object::{Class, DictKind, Function, Instance, MemberDescr};
use crate::value::Value;
use crate::vm::Vm;

use Decision::{Fail, Specialize};

/// What the owner's type has under the attribute name (CPython's `DescriptorClassification`,
/// for the kinds our objects produce).
enum Descr {
    /// Nothing: the attribute can only come from the instance.
    Absent,
    /// A Python function or a builtin method descriptor (`Py_TPFLAGS_METHOD_DESCRIPTOR`).
    Method(Value),
    /// A `property` object.
    Property(Rc<Instance>),
    /// A `__slots__` member holding an object (`Py_T_OBJECT_EX`).
    ObjectSlot(Rc<MemberDescr>),
    /// `object.__class__`, read like a slot at the offset of `ob_type`.
    DunderClass,
    /// An instance of a mutable (Python) class: its behaviour could change, never cached.
    Mutable,
    /// An immutable value without `__get__` (an int, a str, a tuple).
    NonDescriptor(Value),
    /// The type overrides `__getattribute__` (loads) or `__setattr__` (stores) in a way the
    /// specializer does not handle.
    Overridden,
    /// The type's `__getattribute__` is a Python function (and there is no `__getattr__`):
    /// every load calls it, whatever the name.
    GetattributeFunction(Rc<Function>),
}

/// `analyze_descriptor`: classifies `name` on `class`.
fn analyze(class: &Rc<Class>, name: &str, store: bool) -> Descr {
    // `object.__setattr__` is the generic store (`PyObject_GenericSetAttr`).
    let own_setattr = class
        .lookup("__setattr__")
        .filter(|v| !matches!(v, Value::Builtin(b) if b.owner == Some("object")));
    if store && own_setattr.is_some() {
        return Descr::Overridden;
    }
    let has_getattr = !store && class.lookup("__getattr__").is_some();
    if !store {
        if let Some(hook) = class.getattribute_hook() {
            // With `__getattr__` as well the slot is `_Py_slot_tp_getattr_hook`: too complex.
            if has_getattr {
                return Descr::Overridden;
            }
            return Descr::GetattributeFunction(hook);
        }
    }
    match class.lookup(name) {
        // A property may raise AttributeError, which would have to reach `__getattr__`.
        Some(Value::Instance(p))
            if has_getattr && p.class.kind == crate::object::TypeKind::Property =>
        {
            Descr::Overridden
        }
        None if name == "__class__" => Descr::DunderClass,
        None => Descr::Absent,
        Some(Value::Member(m)) => Descr::ObjectSlot(m),
        Some(d @ (Value::Function(_) | Value::Builtin(_))) => Descr::Method(d),
        Some(Value::Instance(p)) if p.class.kind == crate::object::TypeKind::Property => {
            Descr::Property(p)
        }
        Some(Value::Instance(_) | Value::Type(_)) => Descr::Mutable,
        // A provided type's object that binds (`functools.lru_cache` wrappers): a
        // non-overriding descriptor, which CPython does not specialize either.
        Some(Value::Native(n)) if n.class.lookup("__get__").is_some() => Descr::Mutable,
        Some(v) => Descr::NonDescriptor(v),
    }
}

/// `_Py_Specialize_LoadAttr`.
pub fn load_attr(vm: &mut Vm, f: &Frame, instr: usize, oparg: u32) -> Decision {
    let owner = f.peek(0);
    let name = f.code.names[(oparg >> 1) as usize].clone();
    let method = oparg & 1 == 1;
    match owner {
        Value::Module(m) => load_module_attr(vm, f, instr, m, name.as_str()),
        Value::Type(c) => load_class_attr(vm, f, instr, c, name.as_str()),
        Value::Instance(inst) => load_instance_attr(f, instr, inst, name.as_str(), method),
        other => load_builtin_attr(vm, f, instr, other, name.as_str(), method),
    }
}

fn load_module_attr(
    vm: &mut Vm,
    f: &Frame,
    instr: usize,
    m: &crate::object::Module,
    name: &str,
) -> Decision {
    let d = m.dict.borrow();
    if d.get_str("__getattr__").is_some() {
        return Fail("module __getattr__");
    }
    let Some(index) = d.index_of(&vm.key_str(name)) else {
        return Fail("module attribute not found");
    };
    if index > usize::from(u16::MAX) {
        return Fail("index out of range");
    }
    write_u32(&f.code.units, instr + 2, d.keys_version());
    f.code.units[instr + 4].set(index as u16);
    Specialize(Opcode::LOAD_ATTR_MODULE)
}

fn load_class_attr(vm: &mut Vm, f: &Frame, instr: usize, c: &Rc<Class>, name: &str) -> Decision {
    // CPython's `PyType_CheckExact(owner)`: a class made by another metaclass is left alone;
    // and a metaclass's own attributes are read through `type`'s `tp_getattro`, which
    // `analyze_descriptor` takes for an override.
    if c.meta().is_some()
        || c.makes_classes()
        || vm.types.type_.lookup(name).is_some()
        || TYPE_ATTRIBUTES.binary_search(&name).is_ok()
    {
        return Fail("metaclass attribute");
    }
    match c.lookup(name) {
        Some(Value::Instance(_)) if !c.builtin => Fail("mutable class attribute"),
        Some(v) => {
            write_u32(&f.code.units, instr + 2, c.version.get());
            *f.code.objcache[instr].borrow_mut() = v;
            Specialize(Opcode::LOAD_ATTR_CLASS)
        }
        None => Fail("class attribute not found"),
    }
}

/// The names `type` itself has (`dir(type)` in CPython 3.13, sorted): for a class owner,
/// `_PyType_Lookup(type(owner), name)` finds these on the metaclass, so `C.__init__` is not a
/// plain class attribute load (`SPEC_FAIL_ATTR_METACLASS_ATTRIBUTE`).
const TYPE_ATTRIBUTES: &[&str] = &[
    "__abstractmethods__",
    "__annotations__",
    "__base__",
    "__bases__",
    "__basicsize__",
    "__call__",
    "__class__",
    "__delattr__",
    "__dict__",
    "__dictoffset__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__flags__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__instancecheck__",
    "__itemsize__",
    "__le__",
    "__lt__",
    "__module__",
    "__mro__",
    "__name__",
    "__ne__",
    "__new__",
    "__or__",
    "__prepare__",
    "__qualname__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__ror__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasscheck__",
    "__subclasses__",
    "__subclasshook__",
    "__text_signature__",
    "__type_params__",
    "__weakrefoffset__",
    "mro",
];

/// Objects of builtin types: their methods (`lst.append`) and `__class__`.
fn load_builtin_attr(
    vm: &mut Vm,
    f: &Frame,
    instr: usize,
    owner: &Value,
    name: &str,
    method: bool,
) -> Decision {
    let class = vm.type_of(owner);
    match class.lookup(name) {
        Some(d @ Value::Builtin(_)) => {
            if !method {
                return Fail("method (not a method load)");
            }
            write_u32(&f.code.units, instr + 2, class.version.get());
            *f.code.objcache[instr].borrow_mut() = d;
            Specialize(Opcode::LOAD_ATTR_METHOD_NO_DICT)
        }
        Some(_) => Fail("class attribute of a builtin type"),
        // Bound methods have their own `tp_getattro` (it forwards to the function), so
        // `analyze_descriptor` gives up on them; the other builtin types use the generic one.
        None if name == "__class__" && !matches!(owner, Value::Method(_)) => {
            slot(f, instr, &class, OB_TYPE_OFFSET)
        }
        None => Fail("attribute of a builtin object (slot or getset)"),
    }
}

/// `specialize_instance_load_attr` for instances of Python classes.
fn load_instance_attr(
    f: &Frame,
    instr: usize,
    inst: &Instance,
    name: &str,
    method: bool,
) -> Decision {
    let c = &inst.class;
    match analyze(c, name, false) {
        Descr::Overridden => Fail("__getattribute__ overridden"),
        Descr::GetattributeFunction(_) if method => Fail("__getattribute__ (method load)"),
        Descr::GetattributeFunction(hook) => getattribute(f, instr, c, hook),
        Descr::Method(d) if method => class_attr(f, instr, inst, name, d, true),
        Descr::Method(_) => Fail("method (not a method load)"),
        Descr::Property(p) => property(f, instr, c, &p, method),
        Descr::ObjectSlot(m) => {
            // `PyObject_TypeCheck(owner, d_type)`: the member must belong to a base.
            let declared = m.owner.upgrade();
            if !declared.is_some_and(|d| c.is_subclass(&d)) {
                return Fail("member of another type (expected error)");
            }
            match member_offset(m.index) {
                Some(offset) => slot(f, instr, c, offset),
                None => Fail("out of range"),
            }
        }
        Descr::DunderClass => slot(f, instr, c, OB_TYPE_OFFSET),
        Descr::Mutable => Fail("mutable class attribute"),
        Descr::NonDescriptor(_) if method => Fail("class attribute (method load)"),
        Descr::NonDescriptor(v) => class_attr(f, instr, inst, name, v, false),
        Descr::Absent => dict_access(f, instr, inst, name, false),
    }
}

/// `LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN`: the hook must take exactly `(self, name)`; the cache
/// holds the type version, the function version and the function.
fn getattribute(f: &Frame, instr: usize, c: &Class, hook: Rc<Function>) -> Decision {
    if !super::families::simple_function(&hook) {
        return Fail("__getattribute__ is not a simple function");
    }
    if hook.code.code.argcount != 2 {
        return Fail("wrong number of arguments");
    }
    let version = hook.version.get();
    if version == 0 {
        return Fail("out of versions");
    }
    write_u32(&f.code.units, instr + 2, c.version.get());
    write_u32(&f.code.units, instr + 4, version);
    *f.code.objcache[instr].borrow_mut() = Value::Function(hook);
    Specialize(Opcode::LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN)
}

/// `LOAD_ATTR_SLOT`: type version and the member's byte offset.
fn slot(f: &Frame, instr: usize, class: &Class, offset: u16) -> Decision {
    write_u32(&f.code.units, instr + 2, class.version.get());
    f.code.units[instr + 4].set(offset);
    Specialize(Opcode::LOAD_ATTR_SLOT)
}

fn property(f: &Frame, instr: usize, c: &Class, p: &Instance, method: bool) -> Decision {
    if method {
        return Fail("property (method load)");
    }
    let Some(Value::Function(getter)) = p.get_attr("fget") else {
        return Fail("property getter is not a Python function");
    };
    // CPython's `function_check_args(fget, 1)`: a getter with more parameters (even with
    // defaults) or with `*args`/keyword-only parameters stays generic.
    if !super::families::simple_function(&getter) {
        return Fail("property getter has complex parameters");
    }
    if getter.code.code.argcount != 1 {
        return Fail("wrong number of arguments");
    }
    if getter.version.get() == 0 {
        return Fail("out of versions");
    }
    write_u32(&f.code.units, instr + 2, c.version.get());
    *f.code.objcache[instr].borrow_mut() = Value::Function(getter);
    Specialize(Opcode::LOAD_ATTR_PROPERTY)
}

/// `specialize_attr_loadclassattr`: a method (`is_method`) or a plain class value, cached as
/// an object; the form depends on where the instance would keep a shadowing attribute.
fn class_attr(
    f: &Frame,
    instr: usize,
    inst: &Instance,
    name: &str,
    descr: Value,
    is_method: bool,
) -> Decision {
    let c = &inst.class;
    let units = &f.code.units;
    let form = match (c.dict_kind, is_method) {
        (DictKind::InlineValues, _) => {
            // The guard is the shared keys' version: it proves no instance shadows the name.
            if c.shared_keys.borrow().contains_key(name) {
                return Fail("shadowed by an instance attribute");
            }
            write_u32(units, instr + 4, c.shared_keys.borrow().len() as u32 + 1);
            if is_method {
                Opcode::LOAD_ATTR_METHOD_WITH_VALUES
            } else {
                Opcode::LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES
            }
        }
        (DictKind::None, true) => Opcode::LOAD_ATTR_METHOD_NO_DICT,
        (DictKind::None, false) => Opcode::LOAD_ATTR_NONDESCRIPTOR_NO_DICT,
        // A dict that may appear later: fine for a method while it does not exist yet.
        (DictKind::Managed | DictKind::Offset, true) => {
            if inst.has_lazy_dict() {
                return Fail("not managed dict (dict exists)");
            }
            // `dict_offset` (in the keys-version slot): where the dict pointer sits, counted
            // from MANAGED_DICT_OFFSET (-24) so it is never negative. A managed dict is at
            // MANAGED_DICT_OFFSET itself (0); an exception's `tp_dictoffset` is 16 (40).
            let dict_offset = if c.dict_kind == DictKind::Offset {
                40
            } else {
                0
            };
            f.code.units[instr + 4].set(dict_offset);
            Opcode::LOAD_ATTR_METHOD_LAZY_DICT
        }
        (DictKind::Managed | DictKind::Offset, false) => {
            return Fail("class attribute (instance has a dict)")
        }
    };
    write_u32(units, instr + 2, c.version.get());
    *f.code.objcache[instr].borrow_mut() = descr;
    Specialize(form)
}

/// `specialize_dict_access`: the attribute lives in the instance (or will, for a store).
fn dict_access(f: &Frame, instr: usize, inst: &Instance, name: &str, store: bool) -> Decision {
    let c = &inst.class;
    let combined = inst.dict.borrow().as_ref().map(|d| d.get_index_of(name));
    let index = match (c.dict_kind, combined) {
        (DictKind::None | DictKind::Offset, _) => return Fail("no managed dict"),
        // A combined dict (values invalidated, or a split dict that outgrew the keys).
        (DictKind::InlineValues | DictKind::Managed, Some(Some(i))) => Err(i),
        (DictKind::InlineValues | DictKind::Managed, Some(None)) => return Fail("not in dict"),
        (DictKind::Managed, None) if inst.has_lazy_dict() => return Fail("split dict"),
        (DictKind::Managed, None) => return Fail("no dict"),
        (DictKind::InlineValues, None) => match c.shared_keys.borrow().get_index_of(name) {
            Some(i) => Ok(i),
            None => return Fail("not in keys"),
        },
    };
    let (i, form) = match (index, store) {
        (Ok(i), false) => (i, Opcode::LOAD_ATTR_INSTANCE_VALUE),
        (Ok(i), true) => (i, Opcode::STORE_ATTR_INSTANCE_VALUE),
        (Err(i), false) => (i, Opcode::LOAD_ATTR_WITH_HINT),
        (Err(i), true) => (i, Opcode::STORE_ATTR_WITH_HINT),
    };
    let Ok(i) = u16::try_from(i) else {
        return Fail("out of range");
    };
    write_u32(&f.code.units, instr + 2, c.version.get());
    f.code.units[instr + 4].set(i);
    Specialize(form)
}

/// `_Py_Specialize_StoreAttr`.
pub fn store_attr(f: &Frame, instr: usize, oparg: u32) -> Decision {
    let owner = f.peek(0);
    let name = f.code.names[oparg as usize].clone();
    let Value::Instance(inst) = owner else {
        return Fail("not an instance of a Python class");
    };
    let c = &inst.class;
    // CPython 3.13 specializes a store only into storage: a member, or a name the class does
    // not have at all. A property, a method, and a plain class value the instance attribute
    // would shadow all make it fail.
    match analyze(c, name.as_str(), true) {
        Descr::Overridden | Descr::GetattributeFunction(_) => Fail("__setattr__ overridden"),
        Descr::ObjectSlot(m) => match member_offset(m.index) {
            Some(offset) => {
                write_u32(&f.code.units, instr + 2, c.version.get());
                f.code.units[instr + 4].set(offset);
                Specialize(Opcode::STORE_ATTR_SLOT)
            }
            None => Fail("out of range"),
        },
        Descr::Property(_) => Fail("property"),
        Descr::Method(_) => Fail("method"),
        Descr::DunderClass => Fail("__class__"),
        Descr::Mutable | Descr::NonDescriptor(_) => Fail("shadows a class attribute"),
        Descr::Absent => dict_access(f, instr, inst, name.as_str(), true),
    }
}

#[cfg(test)]
mod tests {
    use super::TYPE_ATTRIBUTES;

    #[test]
    fn type_attributes_are_sorted_for_binary_search() {
        assert!(TYPE_ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
    }
}
