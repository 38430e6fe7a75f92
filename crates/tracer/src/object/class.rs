//! Classes and instances, with the two pieces of state the specializer keys on.
//!
//! - `Class::version` is CPython's `tp_version_tag`: a number that identifies the current
//!   contents of the class namespace (and its bases'). `LOAD_ATTR_*`/`STORE_ATTR_*`/`CALL_*`
//!   caches store it and guard with `_GUARD_TYPE_VERSION`; assigning a class attribute hands
//!   out a new version to the class and all its subclasses, so every cache goes stale at once.
//! - Instance attributes live in "inline values" (3.13's `Py_TPFLAGS_INLINE_VALUES`): a vector
//!   indexed by the class's *shared keys*, the attribute names in first-assignment order. A
//!   cache can thus remember "attribute `x` is slot 0 of every `Point`" and read it without a
//!   dict lookup (`LOAD_ATTR_INSTANCE_VALUE`).
//! - When an instance outgrows the shared keys (30 names at most, fewer as instances are
//!   made: see `SHARED_KEYS_MAX`), its inline values are invalidated and every attribute
//!   moves to a real dict (`Instance::dict`); loads and stores then use the dict with a
//!   remembered entry index (`LOAD_ATTR_WITH_HINT`).
//! - `__slots__` classes (see `slots`) give instances fixed member cells (`Instance::members`)
//!   and possibly no dict at all; `Class::dict_kind` says which.

use crate::object::namehash::NameMap;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

pub use super::instance::Instance;
use super::mro::Lineage;
use super::slots::{DictKind, MemberDescr, SlotSpec};
use super::PyStr;
use crate::value::Value;

/// The builtin layout a class (or its nearest builtin base) has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Method,
    BuiltinFunction,
    Module,
    Generator,
    Iterator,
    /// `BaseException` and every exception class.
    Exception,
    /// Helpers with a fixed behaviour: `enumerate`, `zip`, `reversed`, `super`, `map`, `filter`.
    Enumerate,
    Zip,
    Reversed,
    Map,
    Filter,
    Super,
    Property,
    StaticMethod,
    ClassMethod,
    /// A class defined by a `class` statement (with the builtin base's kind recorded in `base`).
    User,
}

/// Maximum number of shared keys (inline value slots) per class, as CPython's
/// `SHARED_KEYS_MAX_SIZE`; further attributes go to a per-instance dict. Each inline-values
/// instance also uses up one place (`Class::shared_usable`), so the first instance of a class
/// holds at most 29 attributes inline.
pub const SHARED_KEYS_MAX: usize = 30;

thread_local! {
    static NEXT_TYPE_VERSION: Cell<u32> = const { Cell::new(1) };
}

/// A fresh type version tag.
pub fn next_type_version() -> u32 {
    NEXT_TYPE_VERSION.with(|n| {
        let v = n.get();
        n.set(v + 1);
        v
    })
}

/// The layout facts of a class being made (what `Class::assemble` stores).
struct Shape {
    kind: TypeKind,
    layout: TypeKind,
    builtin: bool,
    nslots: usize,
    dict_kind: DictKind,
}

/// A class object.
pub struct Class {
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    pub kind: TypeKind,
    /// `__base__`: the base whose instance layout this class extends (see `mro.rs`).
    pub base: Option<Rc<Class>>,
    /// `__bases__`, as written in the `class` statement (the one base for builtins).
    pub bases: Vec<Rc<Class>>,
    /// The MRO after this class itself (C3, fixed at creation: `__bases__` never changes).
    mro_rest: Vec<Rc<Class>>,
    /// The class namespace (`__dict__`), in definition order.
    pub dict: RefCell<NameMap<Value>>,
    /// `tp_version_tag`; see the module docs.
    pub version: Cell<u32>,
    /// Attribute names of instances, in first-assignment order (the shared keys).
    pub shared_keys: RefCell<NameMap<()>>,
    /// How many more names the shared keys accept (`dk_usable`): starts at
    /// `SHARED_KEYS_MAX`, drops by one per new name *and* per new inline-values instance
    /// (down to 1), so every instance's values array has room for every name it can get.
    pub shared_usable: Cell<usize>,
    pub subclasses: RefCell<Vec<Weak<Class>>>,
    /// True for builtin types (immutable, `Py_TPFLAGS_IMMUTABLETYPE`).
    pub builtin: bool,
    /// The builtin kind this class's instances have (its own for builtins; inherited).
    pub layout: TypeKind,
    /// Number of `__slots__` member cells of each instance, inherited ones included.
    pub nslots: usize,
    /// Where instances keep their other attributes (decides the attribute forms).
    pub dict_kind: DictKind,
    /// The `version` at which `getattribute_hook` last found no Python `__getattribute__`
    /// (0: not known). Spares the generic attribute path an MRO walk per load.
    no_hook_at: Cell<u32>,
    /// The same memo for `setattr_hook` (a Python `__setattr__`), which every generic store
    /// asks.
    no_setattr_at: Cell<u32>,
    /// This thread's type attribute cache (the same handle as `__base__`'s; see `typecache`).
    pub(super) type_cache: Rc<super::typecache::TypeCache>,
    /// `type(cls)` when that is a metaclass other than `type` (`class C(metaclass=M)`, or a
    /// base's metaclass inherited); `None` for `type`. Set once, as the class is made.
    pub metaclass: RefCell<Option<Rc<Class>>>,
    /// For a native type (`object/native.rs`): a Python class may derive from it
    /// (`Py_TPFLAGS_BASETYPE`); its `__new__` then makes an instance of the subclass carrying
    /// the Rust value as its payload (`builtins/subclass.rs`).
    pub base_type: Cell<bool>,
}

impl Class {
    /// A new class; registers itself with its base for version invalidation.
    pub fn new(
        name: &str,
        kind: TypeKind,
        base: Option<Rc<Class>>,
        dict: NameMap<Value>,
        builtin: bool,
    ) -> Rc<Class> {
        Class::new_qualified(name, name, kind, base, dict, builtin)
    }

    /// A new class with a qualified name distinct from its name (nested classes).
    pub fn new_qualified(
        name: &str,
        qualname: &str,
        kind: TypeKind,
        base: Option<Rc<Class>>,
        dict: NameMap<Value>,
        builtin: bool,
    ) -> Rc<Class> {
        let layout = match (&base, kind) {
            (Some(b), TypeKind::User) => b.layout,
            _ => kind,
        };
        let nslots = base.as_ref().map_or(0, |b| b.nslots);
        let dict_kind = match (layout, builtin) {
            (TypeKind::Exception, _) => DictKind::Offset,
            (_, true) => DictKind::None,
            // A class without `__slots__` always gets a dict; values fit inline only when the
            // object has no member cells before them.
            _ if nslots == 0 => DictKind::InlineValues,
            _ => DictKind::Managed,
        };
        let shape = Shape {
            kind,
            layout,
            builtin,
            nslots,
            dict_kind,
        };
        let lineage = base.map(|b| Lineage {
            best: b.clone(),
            bases: vec![b.clone()],
            mro_rest: b.mro(),
        });
        Class::assemble(name, qualname, lineage, dict, shape)
    }

    /// A class of a `class` statement or `type()` call without `__slots__`: its instances
    /// keep attributes in inline values, or a managed dict after inherited member cells.
    pub fn new_user(
        name: &str,
        qualname: &str,
        lineage: Lineage,
        dict: NameMap<Value>,
    ) -> Rc<Class> {
        let best = &lineage.best;
        let nslots = best.nslots;
        let dict_kind = match best.layout {
            TypeKind::Exception => DictKind::Offset,
            // A list or dict object has fields of its own: no inline values after them.
            l if crate::builtins::subclass::has_payload_layout(l) => DictKind::Managed,
            // So has a native object (`_random.Random`): CPython gives inline values only to
            // classes whose instances are as small as `object`'s.
            _ if best.base_type.get()
                || best.mro_after_self().iter().any(|c| c.base_type.get()) =>
            {
                DictKind::Managed
            }
            _ if nslots == 0 => DictKind::InlineValues,
            _ => DictKind::Managed,
        };
        let shape = Shape {
            kind: TypeKind::User,
            layout: best.layout,
            builtin: false,
            nslots,
            dict_kind,
        };
        Class::assemble(name, qualname, Some(lineage), dict, shape)
    }

    /// Allocates a class and registers it with each of its bases for version invalidation:
    /// a change anywhere along its MRO reaches it through one of them.
    fn assemble(
        name: &str,
        qualname: &str,
        lineage: Option<Lineage>,
        dict: NameMap<Value>,
        shape: Shape,
    ) -> Rc<Class> {
        let (base, bases, mro_rest) = match lineage {
            Some(l) => (Some(l.best), l.bases, l.mro_rest),
            None => (None, Vec::new(), Vec::new()),
        };
        let type_cache = base
            .as_ref()
            .map_or_else(super::typecache::thread_table, |b| b.type_cache.clone());
        let class = Rc::new(Class {
            name: Rc::new(PyStr::new(name.to_string())),
            qualname: Rc::new(PyStr::new(qualname.to_string())),
            kind: shape.kind,
            base,
            bases,
            mro_rest,
            dict: RefCell::new(dict),
            version: Cell::new(next_type_version()),
            shared_keys: RefCell::new(NameMap::default()),
            shared_usable: Cell::new(SHARED_KEYS_MAX),
            subclasses: RefCell::new(Vec::new()),
            builtin: shape.builtin,
            layout: shape.layout,
            nslots: shape.nslots,
            dict_kind: shape.dict_kind,
            no_hook_at: Cell::new(0),
            no_setattr_at: Cell::new(0),
            type_cache,
            metaclass: RefCell::new(None),
            base_type: Cell::new(false),
        });
        for b in &class.bases {
            b.subclasses.borrow_mut().push(Rc::downgrade(&class));
        }
        class
    }

    /// A class whose body set `__slots__`: one member descriptor per name (appended to the
    /// namespace in offset order), member cells after the base's, and a dict only when a base
    /// has one or `"__dict__"` was listed.
    pub fn new_slotted(
        name: &str,
        qualname: &str,
        lineage: Lineage,
        dict: NameMap<Value>,
        spec: &SlotSpec,
    ) -> Rc<Class> {
        Class::slotted(name, qualname, lineage, dict, spec, false)
    }

    /// [`Class::new_slotted`] for a builtin type of a provided module whose instances keep
    /// fields in member cells (`collections.defaultdict`'s `default_factory`).
    pub fn new_builtin_slotted(
        name: &str,
        lineage: Lineage,
        dict: NameMap<Value>,
        spec: &SlotSpec,
    ) -> Rc<Class> {
        Class::slotted(name, name, lineage, dict, spec, true)
    }

    fn slotted(
        name: &str,
        qualname: &str,
        lineage: Lineage,
        dict: NameMap<Value>,
        spec: &SlotSpec,
        builtin: bool,
    ) -> Rc<Class> {
        let base = lineage.best.clone();
        let first = base.nslots;
        let has_dict = lineage.bases.iter().any(|b| b.dict_kind.has_dict()) || spec.add_dict;
        let nslots = first + spec.names.len();
        let dict_kind = match base.dict_kind {
            DictKind::Offset => DictKind::Offset,
            _ if !has_dict => DictKind::None,
            _ if nslots == 0 => DictKind::InlineValues,
            _ => DictKind::Managed,
        };
        let shape = Shape {
            kind: TypeKind::User,
            layout: base.layout,
            builtin,
            nslots,
            dict_kind,
        };
        let class = Class::assemble(name, qualname, Some(lineage), dict, shape);
        let owner_name = class.name.clone();
        for (i, n) in spec.names.iter().enumerate() {
            let descr = MemberDescr {
                name: Rc::new(PyStr::new(n.to_string())),
                owner: Rc::downgrade(&class),
                owner_name: owner_name.clone(),
                index: first + i,
            };
            class
                .dict
                .borrow_mut()
                .insert(n.clone(), Value::Member(Rc::new(descr)));
        }
        class
    }

    /// True for the `type` metaclass itself.
    pub fn is_meta(&self) -> bool {
        self.kind == TypeKind::Type
    }

    /// True for `type` and its subclasses (metaclasses): their instances are classes.
    pub fn makes_classes(&self) -> bool {
        self.layout == TypeKind::Type
    }

    /// The metaclass other than `type` this class was made by, if any.
    pub fn meta(&self) -> Option<Rc<Class>> {
        self.metaclass.borrow().clone()
    }

    /// The method resolution order (`__mro__`): this class, then `mro_after_self`.
    pub fn mro(self: &Rc<Self>) -> Vec<Rc<Class>> {
        let mut out = Vec::with_capacity(self.mro_rest.len() + 1);
        out.push(self.clone());
        out.extend(self.mro_rest.iter().cloned());
        out
    }

    /// The MRO without this class.
    pub fn mro_after_self(&self) -> &[Rc<Class>] {
        &self.mro_rest
    }

    /// Looks `name` up along the MRO (`_PyType_Lookup`): one probe of the type attribute
    /// cache (`typecache`) when the class's version and the name were asked before.
    #[inline]
    pub fn lookup(&self, name: &str) -> Option<Value> {
        super::typecache::lookup(self, name).map(|(v, _)| v)
    }

    /// `lookup`, and the index of `name` among the shared keys (`None`: not one of them),
    /// from the same cache probe: what a generic load or store on an instance needs.
    #[inline(always)]
    pub fn lookup_with_key(&self, name: &str) -> (Option<Value>, Option<usize>) {
        super::typecache::lookup_with_key(self, name)
    }

    /// The class's `__getattribute__` when it is a Python function (CPython's
    /// `_Py_slot_tp_getattro`); `None` for the generic lookup of `object`.
    pub fn getattribute_hook(&self) -> Option<Rc<super::Function>> {
        self.python_hook("__getattribute__", &self.no_hook_at)
    }

    /// The class's `__setattr__` when it is a Python function (`slot_tp_setattro`); `None`
    /// for `object.__setattr__`.
    pub fn setattr_hook(&self) -> Option<Rc<super::Function>> {
        self.python_hook("__setattr__", &self.no_setattr_at)
    }

    /// `name` along the MRO when it is a Python function, with the version at which it was
    /// last found absent in `memo`: after that, "no hook" costs one comparison.
    #[inline]
    fn python_hook(&self, name: &str, memo: &Cell<u32>) -> Option<Rc<super::Function>> {
        // Invariant: any change to this class or a base hands out a new version, so a memo
        // taken at the current version is still true.
        let version = self.version.get();
        if memo.get() == version {
            return None;
        }
        match self.lookup(name) {
            Some(Value::Function(f)) => Some(f),
            _ => {
                memo.set(version);
                None
            }
        }
    }

    /// Like `lookup`, also returning the class that defines the name.
    pub fn lookup_with_owner(self: &Rc<Self>, name: &str) -> Option<(Value, Rc<Class>)> {
        let (v, owner) = super::typecache::lookup(self, name)?;
        let owner = match owner.checked_sub(1) {
            None => self.clone(),
            Some(i) => self.mro_rest.get(i as usize)?.clone(),
        };
        Some((v, owner))
    }

    /// True when `self` is `other` or a subclass of it (`other` is on the MRO).
    pub fn is_subclass(&self, other: &Class) -> bool {
        std::ptr::eq(self, other) || self.mro_rest.iter().any(|c| std::ptr::eq(&**c, other))
    }

    /// Sets a class attribute and invalidates this class's and every subclass's version.
    pub fn set_attr(&self, name: Rc<str>, value: Value) {
        self.dict.borrow_mut().insert(name, value);
        self.invalidate();
    }

    /// Hands out new version tags to this class and its subclasses (`PyType_Modified`).
    pub fn invalidate(&self) {
        self.version.set(next_type_version());
        for sub in self.subclasses.borrow().iter() {
            if let Some(sub) = sub.upgrade() {
                sub.invalidate();
            }
        }
    }

    /// The slot of a shared key, adding it when there is room (`insert_into_shared_keys`).
    pub fn shared_key_index(&self, name: &str, add: bool) -> Option<usize> {
        let mut keys = self.shared_keys.borrow_mut();
        if let Some(i) = keys.get_index_of(name) {
            return Some(i);
        }
        let usable = self.shared_usable.get();
        if add && usable > 0 {
            self.shared_usable.set(usable - 1);
            keys.insert(Rc::from(name), ());
            return Some(keys.len() - 1);
        }
        None
    }

    /// A new inline-values instance reserves room (`_PyObject_InitInlineValues`): the keys
    /// accept one name fewer, keeping one for the instance itself.
    pub(super) fn reserve_inline_values(&self) {
        let usable = self.shared_usable.get();
        if usable > 1 {
            self.shared_usable.set(usable - 1);
        }
    }
}

/// The state of an exception instance (`args`, traceback entries, context).
#[derive(Default)]
pub struct ExcState {
    pub args: Vec<Value>,
    /// `(code name, filename, line, source position)` from the raise point outwards.
    pub traceback: Vec<TracebackEntry>,
    pub context: Option<Value>,
    pub cause: Option<Value>,
    /// What the traceback printer needs for "Did you mean ...?" (NameError, AttributeError).
    pub suggest: Option<crate::interp::suggest::SuggestFrom>,
}

/// One frame line of a traceback.
#[derive(Clone, Debug)]
pub struct TracebackEntry {
    pub filename: Rc<str>,
    pub name: Rc<str>,
    pub code: Rc<crate::code::CodeObject>,
    pub index: usize,
}
