//! `Value`: one Python object reference as the interpreter holds it on its stacks.
//!
//! CPython boxes every object behind a `PyObject*`. Here the immutable scalars that dominate
//! hot loops (small `int`, `float`, `bool`, `None`) live inline in the enum, so `a + b` on two
//! ints or floats never allocates; everything else is an `Rc` to a heap object. The VM is
//! single-threaded (one VM per thread), hence `Rc` and `RefCell` rather than atomics.
//!
//! Invariant: an `int` that fits in an `i64` is always `Value::Int`; `Value::BigInt` only holds
//! values outside the `i64` range (see `object::int::normalize`). Equal ints therefore have
//! one representation, which keeps the fast paths (`_GUARD_BOTH_INT`) simple.
//!
//! `Value::Null` is the interpreter's NULL stack slot (`PUSH_NULL`, the `self_or_null` below a
//! callable, an unbound local); it never escapes to Python code.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::backend::state::value::{self as layout, tag};

use crate::object::{
    BoundMethod, Builtin, Class, Dict, Function, Generator, Instance, Iter, MemberDescr, Module,
    Native, PyStr, Range, RtCode, Set, Slice, ViewKind,
};

/// One Python value. Cloning is cheap: a copy for scalars, a reference-count bump otherwise.
///
/// `repr(u64)` widens the tag to a whole word, so a `Value` is two aligned words with no
/// padding: moves are two plain word copies. With a one-byte tag the compiler copied bytes
/// 1..16 as overlapping unaligned loads, which stall on the just-written halves (store
/// forwarding fails) at every push and pop.
///
/// `repr(u64)` also *defines* the layout (a `#[repr(C)]` union of `(tag: u64, fields...)`
/// structs): the tag is the first word, a variant's field the second. The JIT's machine code
/// relies on it for the immediate variants, whose tags come from `backend::state::value::tag`
/// (the file the stencils share); the assertions below this type check size and tags.
#[repr(u64)]
pub enum Value {
    /// The NULL slot of the evaluation stack (not a Python object).
    Null = tag::NULL,
    None = tag::NONE,
    NotImplemented = tag::NOT_IMPLEMENTED,
    Ellipsis = tag::ELLIPSIS,
    Bool(BoolBits) = tag::BOOL,
    /// An `int` in the machine-word range.
    Int(i64) = tag::INT,
    /// An `int` outside the `i64` range (never a value that would fit in `Int`).
    BigInt(Rc<BigInt>) = tag::BIG_INT,
    Float(FloatBits) = tag::FLOAT,
    Str(Rc<PyStr>) = tag::FIRST_HEAP,
    Bytes(Rc<Vec<u8>>),
    Tuple(Rc<Vec<Value>>),
    List(Rc<RefCell<Vec<Value>>>) = tag::LIST,
    Dict(Rc<RefCell<Dict>>),
    /// `set` and `frozenset` (the `frozen` flag tells them apart).
    Set(Rc<RefCell<Set>>),
    Range(Rc<Range>),
    Slice(Rc<Slice>),
    Function(Rc<Function>),
    /// A function (Python or builtin) bound to its `self`.
    Method(Rc<BoundMethod>),
    /// A builtin function or a method descriptor of a builtin type (`list.append`).
    Builtin(Rc<Builtin>) = tag::BUILTIN,
    /// A class: builtin (`int`, `ValueError`) or defined by a `class` statement.
    Type(Rc<Class>),
    Instance(Rc<Instance>) = tag::INSTANCE,
    Module(Rc<Module>) = tag::MODULE,
    /// `dict.keys()`, `.values()`, `.items()`: live views of a dict.
    DictView(Rc<(Rc<RefCell<Dict>>, ViewKind)>),
    /// Iterators over builtin containers (`list_iterator`, `range_iterator`, ...).
    Iter(Rc<RefCell<Iter>>) = tag::ITER,
    Generator(Rc<Generator>),
    /// A closure cell (`MAKE_CELL`, `LOAD_DEREF`).
    Cell(Rc<RefCell<Value>>) = tag::CELL,
    Code(Rc<RtCode>),
    /// A member descriptor made by `__slots__` (`Pair.a`).
    Member(Rc<MemberDescr>),
    /// An object whose state is a Rust value (`object::native`): an extension type.
    Native(Rc<Native>),
}

/// A `bool` as `Value` holds it: 0 or 1 in a whole machine word.
///
/// Why not a Rust `bool` (and, below, an `f64` for a float): when every payload of an enum is
/// an integer or a pointer of one word, rustc gives the enum its "scalar pair" layout, and
/// the compiler keeps a `Value` in two registers: it is returned in two registers, merged
/// from the arms of a `match` in two registers, and copied as two words. With one `bool` or
/// `f64` payload, a `Value` is an aggregate handled through memory: `Value::clone`'s arms
/// each wrote the tag and payload into a temporary on the machine stack, and the push that
/// followed read the 16 bytes back in one load, which cannot be forwarded from two smaller
/// stores and waits for them to reach the cache. Measured: a loop of `x = s` with a string
/// `s` took 0.33 s against 0.18 s for an int (CPython: 0.16 s for both).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(transparent)]
pub struct BoolBits(u64);

impl BoolBits {
    pub const FALSE: BoolBits = BoolBits(0);
    pub const TRUE: BoolBits = BoolBits(1);

    #[inline(always)]
    pub const fn new(b: bool) -> BoolBits {
        BoolBits(b as u64)
    }

    #[inline(always)]
    pub const fn get(self) -> bool {
        self.0 != 0
    }
}

/// A `float` as `Value` holds it: the bits of its `f64` (see [`BoolBits`] for why). No `==`
/// on the bits: compare the floats (`get`), where `0.0 == -0.0` and a NaN equals nothing.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct FloatBits(u64);

impl FloatBits {
    #[inline(always)]
    pub const fn new(x: f64) -> FloatBits {
        FloatBits(x.to_bits())
    }

    #[inline(always)]
    pub const fn get(self) -> f64 {
        f64::from_bits(self.0)
    }

    /// The bits themselves (identity: `is` tells `0.0` from `-0.0`).
    #[inline(always)]
    pub const fn to_bits(self) -> u64 {
        self.0
    }
}

// The layout machine code relies on (`backend/state.rs`): two words, and the `Option`s the
// VM keeps of a `Value` use a spare tag rather than growing.
const _: () = assert!(std::mem::size_of::<Value>() == layout::SIZE);
const _: () = assert!(std::mem::align_of::<Value>() == 8);
const _: () = assert!(std::mem::size_of::<Option<Value>>() == layout::SIZE);
const _: () = assert!(layout::TAG_OFFSET == 0 && layout::PAYLOAD_OFFSET == 8);
const _: () = assert!(layout::COMPACT_MAX == crate::specialize::families::COMPACT_MAX);

impl Clone for Value {
    /// Inlined whole: every heap arm is the same reference-count increment, which the
    /// compiler merges, and the result stays in registers. (An out-of-line clone returned its
    /// result through memory, and the copy that followed stalled on it.)
    #[inline(always)]
    fn clone(&self) -> Value {
        use Value::*;
        match self {
            Null => Null,
            None => None,
            NotImplemented => NotImplemented,
            Ellipsis => Ellipsis,
            Bool(b) => Bool(*b),
            Int(i) => Int(*i),
            BigInt(r) => BigInt(r.clone()),
            Float(x) => Float(*x),
            Str(r) => Str(r.clone()),
            Bytes(r) => Bytes(r.clone()),
            Tuple(r) => Tuple(r.clone()),
            List(r) => List(r.clone()),
            Dict(r) => Dict(r.clone()),
            Set(r) => Set(r.clone()),
            Range(r) => Range(r.clone()),
            Slice(r) => Slice(r.clone()),
            Function(r) => Function(r.clone()),
            Method(r) => Method(r.clone()),
            Builtin(r) => Builtin(r.clone()),
            Type(r) => Type(r.clone()),
            Instance(r) => Instance(r.clone()),
            Module(r) => Module(r.clone()),
            DictView(r) => DictView(r.clone()),
            Iter(r) => Iter(r.clone()),
            Generator(r) => Generator(r.clone()),
            Cell(r) => Cell(r.clone()),
            Code(r) => Code(r.clone()),
            Member(r) => Member(r.clone()),
            Native(r) => Native(r.clone()),
        }
    }
}

impl Value {
    /// A Python `bool`.
    #[inline(always)]
    #[allow(clippy::self_named_constructors)]
    pub const fn bool(b: bool) -> Value {
        Value::Bool(BoolBits::new(b))
    }

    /// A Python `float`.
    #[inline(always)]
    pub const fn float(x: f64) -> Value {
        Value::Float(FloatBits::new(x))
    }

    /// Drops a value, skipping the out-of-line drop glue for the scalars (an optimisation for
    /// the arithmetic fast paths and local stores; heap values are dropped normally).
    #[inline]
    pub fn discard(self) {
        match self {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None | Value::Null => {
                std::mem::forget(self)
            }
            other => drop(other),
        }
    }

    /// A new `str` value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(PyStr::new(s.into())))
    }

    /// A new `tuple` value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    /// A new `list` value, tracked by the cycle collector (`object::gc`), as are the
    /// values the next four constructors make.
    pub fn list(items: Vec<Value>) -> Value {
        let v = Value::List(Rc::new(RefCell::new(items)));
        crate::object::gc::track(&v);
        v
    }

    /// A new `dict` value.
    pub fn dict(d: Dict) -> Value {
        let v = Value::Dict(Rc::new(RefCell::new(d)));
        crate::object::gc::track(&v);
        v
    }

    /// A new `set` or `frozenset` value.
    pub fn set(s: Set) -> Value {
        let v = Value::Set(Rc::new(RefCell::new(s)));
        crate::object::gc::track(&v);
        v
    }

    /// A new instance value.
    pub fn instance(i: Instance) -> Value {
        let v = Value::Instance(Rc::new(i));
        crate::object::gc::track(&v);
        v
    }

    /// A new closure cell holding `v` (`MAKE_CELL`).
    pub fn cell(v: Value) -> Value {
        let c = Value::Cell(Rc::new(RefCell::new(v)));
        crate::object::gc::track(&c);
        c
    }

    /// An `int` from a big integer, normalized to `Int` when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        crate::object::int::normalize(b)
    }

    /// The two words of an immediate value (one without a reference count: `NULL`, `None`,
    /// `NotImplemented`, `Ellipsis`, `bool`, `int` in 64 bits, `float`) as the `repr(u64)`
    /// layout stores them: `(tag, payload)`. `None` for the heap variants. The JIT patches
    /// these words into machine code that pushes a constant.
    pub fn immediate_words(&self) -> Option<(u64, u64)> {
        Some(match self {
            Value::Null => (tag::NULL, 0),
            Value::None => (tag::NONE, 0),
            Value::NotImplemented => (tag::NOT_IMPLEMENTED, 0),
            Value::Ellipsis => (tag::ELLIPSIS, 0),
            Value::Bool(b) => (tag::BOOL, u64::from(b.get())),
            Value::Int(i) => (tag::INT, *i as u64),
            Value::Float(x) => (tag::FLOAT, x.get().to_bits()),
            _ => return Option::None,
        })
    }

    /// True for the NULL stack slot.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The `str` payload, if this is a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// CPython's `is`: identity for heap objects, value identity for the inline singletons
    /// and scalars (CPython caches small ints; equal inline ints compare identical here).
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) | (None, None) | (NotImplemented, NotImplemented) => true,
            (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            _ => match (self.heap_ptr(), other.heap_ptr()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// Address of the heap object, used for identity and for `id()`-like hashing.
    pub fn heap_ptr(&self) -> Option<usize> {
        use Value::*;
        Some(match self {
            BigInt(r) => Rc::as_ptr(r) as *const u8 as usize,
            Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Bytes(r) => Rc::as_ptr(r) as *const u8 as usize,
            Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
            List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Dict(r) => Rc::as_ptr(r) as *const u8 as usize,
            Set(r) => Rc::as_ptr(r) as *const u8 as usize,
            Range(r) => Rc::as_ptr(r) as *const u8 as usize,
            Slice(r) => Rc::as_ptr(r) as *const u8 as usize,
            Function(r) => Rc::as_ptr(r) as *const u8 as usize,
            Method(r) => Rc::as_ptr(r) as *const u8 as usize,
            Builtin(r) => Rc::as_ptr(r) as *const u8 as usize,
            Type(r) => Rc::as_ptr(r) as *const u8 as usize,
            Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
            Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            DictView(r) => Rc::as_ptr(r) as *const u8 as usize,
            Iter(r) => Rc::as_ptr(r) as *const u8 as usize,
            Generator(r) => Rc::as_ptr(r) as *const u8 as usize,
            Cell(r) => Rc::as_ptr(r) as *const u8 as usize,
            Code(r) => Rc::as_ptr(r) as *const u8 as usize,
            Member(r) => Rc::as_ptr(r) as *const u8 as usize,
            Native(r) => Rc::as_ptr(r) as *const u8 as usize,
            _ => return Option::None,
        })
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => f.write_str("<NULL>"),
            Value::None => f.write_str("None"),
            Value::Bool(b) => write!(f, "{}", if b.get() { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::BigInt(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&crate::object::float::repr(x.get())),
            Value::Str(s) => write!(f, "{:?}", s.as_str()),
            other => write!(f, "<{}>", crate::object::type_name_of(other)),
        }
    }
}
