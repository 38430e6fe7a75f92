//! Generic name and attribute lookups: `LOAD_GLOBAL`, `LOAD_NAME`, the
//! `LOAD_FROM_DICT_OR_*` pair used by class bodies, the unbound-variable errors, `LOAD_ATTR`
//! (which records the object for "Did you mean" suggestions) and `LOAD_SUPER_ATTR` with its
//! MRO walk and the memo its specialized forms keep in the object cache.

use std::rc::Rc;

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::frame::Frame;
use crate::interp::suggest::SuggestFrom;
use crate::object::HKey;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// The key for `co_names[i]`.
    pub(in crate::interp) fn name_key(&self, f: &Frame, i: usize) -> HKey {
        let name = &f.code.names[i];
        HKey {
            hash: name.hash() as i64,
            key: Value::Str(name.clone()),
        }
    }

    /// `LOAD_GLOBAL` (generic): globals, then builtins; pushes NULL after when bit 0 is set.
    pub(in crate::interp) fn generic_load_global(
        &mut self,
        f: &mut Box<Frame>,
        arg: usize,
    ) -> PyResult<()> {
        let name = &f.code.names[arg >> 1];
        let v = f.globals.borrow().get_name(name).cloned();
        let v = match v {
            Some(v) => v,
            None => match self.builtins.borrow().get_name(name).cloned() {
                Some(v) => v,
                None => return Err(exc::name_error(f.code.names[arg >> 1].as_str())),
            },
        };
        f.push(v);
        if arg & 1 == 1 {
            f.push(Value::Null);
        }
        Ok(())
    }

    /// `LOAD_NAME`: locals mapping, globals, builtins.
    pub(in crate::interp) fn load_name(&mut self, f: &mut Box<Frame>, arg: usize) -> PyResult<()> {
        let name = &f.code.names[arg];
        let local = f
            .locals
            .as_ref()
            .and_then(|l| l.borrow().get_name(name).cloned());
        let v = local
            .or_else(|| f.globals.borrow().get_name(name).cloned())
            .or_else(|| self.builtins.borrow().get_name(name).cloned());
        match v {
            Some(v) => {
                f.push(v);
                Ok(())
            }
            None => Err(exc::name_error(f.code.names[arg].as_str())),
        }
    }

    /// `LOAD_FROM_DICT_OR_GLOBALS`: the mapping on the stack, then globals and builtins.
    pub(in crate::interp) fn load_from_dict_or_globals(
        &mut self,
        f: &mut Box<Frame>,
        arg: usize,
    ) -> PyResult<()> {
        let mapping = f.pop();
        let key = self.name_key(f, arg);
        let v = match &mapping {
            Value::Dict(d) => d.borrow().get(&key).cloned(),
            _ => None,
        };
        let v = v
            .or_else(|| f.globals.borrow().get(&key).cloned())
            .or_else(|| self.builtins.borrow().get(&key).cloned());
        match v {
            Some(v) => {
                f.push(v);
                Ok(())
            }
            None => Err(exc::name_error(f.code.names[arg].as_str())),
        }
    }

    /// `LOAD_FROM_DICT_OR_DEREF`: the mapping on the stack, then the cell.
    pub(in crate::interp) fn load_from_dict_or_deref(
        &mut self,
        f: &mut Box<Frame>,
        arg: usize,
    ) -> PyResult<()> {
        let mapping = f.pop();
        let name = f.code.code.localsplusnames[arg].clone();
        let v = match &mapping {
            Value::Dict(d) => d.borrow().get_str(&name).cloned(),
            _ => None,
        };
        let v = match v {
            Some(v) => v,
            None => match &f.stack[arg] {
                Value::Cell(c) => c.borrow().clone(),
                _ => Value::Null,
            },
        };
        if v.is_null() {
            return Err(self.unbound_deref(f, arg));
        }
        f.push(v);
        Ok(())
    }

    /// `UnboundLocalError` for local `i`.
    pub(in crate::interp) fn unbound_local(&self, f: &Frame, i: usize) -> PyErr {
        let name = &f.code.code.localsplusnames[i];
        exc::new(
            "UnboundLocalError",
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    /// The error for reading an empty cell or free variable.
    pub(in crate::interp) fn unbound_deref(&self, f: &Frame, i: usize) -> PyErr {
        let name = &f.code.code.localsplusnames[i];
        let kind = f.code.code.localspluskinds.get(i).copied().unwrap_or(0);
        if kind & crate::code::kinds::CO_FAST_FREE != 0 {
            exc::name_error_free(name)
        } else {
            self.unbound_local(f, i)
        }
    }

    /// `LOAD_ATTR` (generic): attribute, or method and self when bit 0 is set.
    pub(in crate::interp) fn generic_load_attr(
        &mut self,
        f: &mut Box<Frame>,
        arg: usize,
    ) -> PyResult<()> {
        let owner = f.pop();
        let method = arg & 1 == 1;
        // The name is borrowed from the code object (it outlives the call): no reference
        // count round trip per load.
        let name = f.code.names[arg >> 1].as_str();
        let fast = match &owner {
            Value::Instance(inst) => self.instance_load_common(inst, &owner, name, method),
            _ => None,
        };
        let (v, self_or_null) = match fast {
            Some(pair) => pair,
            None if method => self
                .load_method(&owner, name)
                .map_err(|e| self.attr_error_with_obj(f, e, &owner, name))?,
            None => self
                .getattr(&owner, name)
                .map(|v| (v, Value::Null))
                .map_err(|e| self.attr_error_with_obj(f, e, &owner, name))?,
        };
        f.push(v);
        if method {
            f.push(self_or_null);
        }
        Ok(())
    }

    /// The two cases a generic load on an instance meets most (after a deopt, on a site that
    /// sees several classes): an attribute of the instance, or a Python function of its class
    /// (a method, or a bound method without the method bit). The same answers as
    /// `load_method`/`getattr`, from one type-cache probe and without their layers of
    /// wrappers (~40 instructions fewer per load: 193 -> 153 on a site alternating two
    /// classes, callgrind). `None` for everything else: a `__getattribute__` hook, a
    /// descriptor or other class attribute, a missing name.
    #[inline]
    fn instance_load_common(
        &mut self,
        inst: &crate::object::Instance,
        owner: &Value,
        name: &str,
        method: bool,
    ) -> Option<(Value, Value)> {
        if inst.class.getattribute_hook().is_some() {
            return None;
        }
        let (found, key_index) = inst.class.lookup_with_key(name);
        match found {
            // Nothing on the class: the instance's own attribute, if it has it.
            None => inst.get_attr_at(name, key_index).map(|v| (v, Value::Null)),
            // A function is a non-data descriptor: the instance's attribute wins over it.
            Some(func @ Value::Function(_)) => Some(match inst.get_attr_at(name, key_index) {
                Some(v) => (v, Value::Null),
                None if method => (func, owner.clone()),
                None => (self.bind(func, owner.clone()), Value::Null),
            }),
            Some(_) => None,
        }
    }

    /// Keeps the object of an AttributeError (CPython's `exc.obj`) for the traceback
    /// printer's suggestion; other errors pass through untouched.
    fn attr_error_with_obj(&mut self, f: &Frame, err: PyErr, obj: &Value, name: &str) -> PyErr {
        let PyErr::Lazy(l) = &err else { return err };
        if l.0 != "AttributeError" {
            return err;
        }
        let obj_is_self = f
            .code
            .code
            .localsplusnames
            .iter()
            .zip(&f.stack)
            .any(|(n, v)| n.as_ref() == "self" && v.is(obj));
        let exc = self.materialize(err);
        if let Some(state) = &exc.exc {
            state.borrow_mut().suggest = Some(SuggestFrom::Attr {
                obj: obj.clone(),
                name: Rc::from(name),
                obj_is_self,
            });
        }
        PyErr::Obj(exc)
    }

    /// `LOAD_SUPER_ATTR`: `super().name` — looks `name` up after `class` in `type(self)`'s MRO.
    /// The specialized forms pass their instruction index as `cache` to memoize the lookup.
    pub(in crate::interp) fn load_super_attr(
        &mut self,
        f: &mut Box<Frame>,
        arg: usize,
        cache: Option<usize>,
    ) -> PyResult<()> {
        let self_ = f.pop();
        let class = f.pop();
        let _global_super = f.pop();
        let name = f.code.names[arg >> 2].clone();
        let Value::Type(class) = class else {
            return Err(exc::type_error(
                "super(type, obj): obj must be an instance or subtype of type",
            ));
        };
        // CPython's `supercheck`: a subclass of `class` itself (a classmethod's `cls`), else
        // the object's type (a class is then an instance of a metaclass).
        let start = match &self_ {
            Value::Type(t) if t.is_subclass(&class) || !class.makes_classes() => t.clone(),
            other => self.type_of(other),
        };
        let found = match cache {
            Some(instr) => super_lookup_cached(f, instr, &start, &class, name.as_str()),
            None => super_lookup(&start, &class, name.as_str()),
        };
        // A dunder of a builtin base (`super().__getitem__(k)` in a dict subclass).
        let found = found.or_else(|| {
            crate::builtins::subclass::payload(&self_)
                .and_then(|p| crate::builtins::subclass::base_dunder(name.as_str(), p))
        });
        let found = match found {
            Some(v) => v,
            None if name.as_str() == "__init__"
                && crate::builtins::subclass::payload(&self_).is_some() =>
            {
                // list.__init__ / dict.__init__ of a subclass instance: fill its payload.
                crate::builtins::builtin(
                    "__init__",
                    crate::object::CallConv::VarArgs,
                    |vm, args, kw| {
                        if let Some(Value::Instance(i)) = args.first() {
                            vm.init_payload(i, &args[1..], kw)?;
                        }
                        Ok(Value::None)
                    },
                )
            }
            None if name.as_str() == "__init__"
                && matches!(&self_, Value::Instance(i) if i.exc.is_some()) =>
            {
                // BaseException.__init__: the arguments become `args`.
                crate::builtins::builtin(
                    "__init__",
                    crate::object::CallConv::VarArgs,
                    crate::builtins::base_exception_init_method,
                )
            }
            None if name.as_str() == "__init__" => {
                // object.__init__: accept and ignore.
                crate::builtins::builtin("__init__", crate::object::CallConv::VarArgs, |_, _, _| {
                    Ok(Value::None)
                })
            }
            None => {
                let refusal = crate::builtins::cpython_attrs::unsupported_super_attr(
                    &start,
                    &class,
                    name.as_str(),
                );
                return Err(refusal.unwrap_or_else(|| {
                    exc::new(
                        "AttributeError",
                        format!("'super' object has no attribute '{}'", name.as_str()),
                    )
                }));
            }
        };
        // Functions bind as methods (`__new__` is static: `object.__new__`); a descriptor
        // found (staticmethod, classmethod, property) gives what its `__get__` gives.
        let is_method =
            matches!(found, Value::Function(_) | Value::Builtin(_)) && name.as_str() != "__new__";
        let found = match found {
            d @ Value::Instance(_) => {
                let obj = (!matches!(self_, Value::Type(_))).then_some(&self_);
                self.descriptor_get(d, obj, &start, name.as_str())?
            }
            other => other,
        };
        // `_PySuper_Lookup` unbinds methods only for types with the generic `tp_getattro`;
        // with a Python `__getattribute__` the method comes back bound.
        let hooked = matches!(&self_, Value::Instance(i) if i.class.getattribute_hook().is_some());
        if arg & 1 == 1 && is_method && hooked {
            let b = self.bind(found, self_);
            f.push(b);
            f.push(Value::Null);
        } else if arg & 1 == 1 {
            if is_method {
                f.push(found);
                f.push(self_);
            } else {
                f.push(found);
                f.push(Value::Null);
            }
        } else if is_method {
            let b = self.bind(found, self_);
            f.push(b);
        } else {
            f.push(found);
        }
        Ok(())
    }
}

/// `super_lookup` memoized in the object cache of a `LOAD_SUPER_ATTR_*` instruction.
/// Invariant: the memo is valid while `start` and `class` are the same classes and `start`'s
/// version is unchanged, since any change to a class namespace along `start`'s MRO gives
/// `start` a new version (`Class::invalidate`). CPython repeats the lookup; the result is
/// the same, so nothing observable changes.
fn super_lookup_cached(
    f: &Frame,
    instr: usize,
    start: &Rc<crate::object::Class>,
    class: &Rc<crate::object::Class>,
    name: &str,
) -> Option<Value> {
    let slot = &f.code.objcache[instr];
    if let Value::Tuple(memo) = &*slot.borrow() {
        if let [Value::Type(s), Value::Type(c), Value::Int(version), found] = &memo[..] {
            if Rc::ptr_eq(s, start)
                && Rc::ptr_eq(c, class)
                && *version == i64::from(start.version.get())
            {
                return Some(found.clone());
            }
        }
    }
    let found = super_lookup(start, class, name)?;
    *slot.borrow_mut() = Value::tuple(vec![
        Value::Type(start.clone()),
        Value::Type(class.clone()),
        Value::Int(i64::from(start.version.get())),
        found.clone(),
    ]);
    Some(found)
}

/// The `super()` lookup: `name` in the first class after `class` along `start`'s MRO
/// (nothing when `class` is not in it). Walks the MRO in place, allocating nothing.
fn super_lookup(
    start: &Rc<crate::object::Class>,
    class: &Rc<crate::object::Class>,
    name: &str,
) -> Option<Value> {
    let mut mro = std::iter::once(start).chain(start.mro_after_self());
    mro.find(|c| Rc::ptr_eq(c, class))?;
    mro.find_map(|c| c.dict.borrow().get(name).cloned())
}
