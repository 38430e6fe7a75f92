//! What may cross the boundary between interpreters: [`Shareable`] (memhive's level 1).
//!
//! Objects of one interpreter live in its own heap (`Rc`, no atomics); another interpreter's
//! thread must never touch them. So a value sent across is either *copied* into a form that
//! belongs to nobody (the scalars PEP 734 lists: `None`, `bool`, `int`, `float`, `str`,
//! `bytes`, and tuples of those) or *shared* because it can never change: a [`SharedMap`] is
//! an `Arc` root of immutable HAMT nodes, and crossing costs one reference-count increment,
//! whatever the map's size. Queues are shared the same way (PEP 734 makes them shareable).
//! Anything else is refused with [`NotShareableError`], naming its type.
//!
//! ```text
//!   interpreter A heap              Shareable (Send + Sync)          interpreter B heap
//!   'abc' (Rc<PyStr>)   --copy-->   Str(Arc<str>)        --copy-->   'abc' (a new Rc<PyStr>)
//!   Map  (Rc<Native>)   --clone-->  Map(Arc root)        --clone-->  Map (same root nodes)
//!   [1, 2] (list)       --refused: NotShareableError: 'list' object does not support
//!                                  cross-interpreter data
//! ```
//!
//! Keys of a shared map are `Shareable`s too, so they hash and compare as Python's do: the
//! hashes are CPython 3.13's (`share/hash.rs`), and `1`, `1.0` and `True` are one key.

mod hash;
mod wire;

use std::sync::Arc;

use hamt::PyHash;
use num_bigint::BigInt;

use crate::map::SharedMap;
use crate::queue::Queue;

/// A value that may cross from one interpreter to another (see the module docs).
#[derive(Clone, Debug)]
pub enum Shareable {
    None,
    Bool(bool),
    /// An `int` in the `i64` range.
    Int(i64),
    /// An `int` outside the `i64` range (never one that fits `Int`).
    BigInt(Arc<BigInt>),
    Float(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<[Shareable]>),
    /// Shared, not copied: the handle on an immutable root.
    Map(SharedMap),
    /// Shared, not copied: both interpreters see the same queue.
    Queue(Queue),
}

/// `NotShareableError`: the value's type cannot cross between interpreters. CPython 3.13
/// raises it (a `ValueError` subclass) with "... does not support cross-interpreter data".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{type_name}' object does not support cross-interpreter data")]
pub struct NotShareableError {
    /// `type(obj).__name__` of the refused object.
    pub type_name: String,
}

impl Shareable {
    /// A `str`.
    pub fn str(s: &str) -> Shareable {
        Shareable::Str(Arc::from(s))
    }

    /// A tuple of shareables.
    pub fn tuple(items: Vec<Shareable>) -> Shareable {
        Shareable::Tuple(Arc::from(items))
    }

    /// An `int`, normalized to `Int` when it fits (the invariant of `BigInt`).
    pub fn int(value: BigInt) -> Shareable {
        match i64::try_from(&value) {
            Ok(small) => Shareable::Int(small),
            Err(_) => Shareable::BigInt(Arc::new(value)),
        }
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Shareable::None => "NoneType",
            Shareable::Bool(_) => "bool",
            Shareable::Int(_) | Shareable::BigInt(_) => "int",
            Shareable::Float(_) => "float",
            Shareable::Str(_) => "str",
            Shareable::Bytes(_) => "bytes",
            Shareable::Tuple(_) => "tuple",
            Shareable::Map(_) => "Map",
            Shareable::Queue(_) => "Queue",
        }
    }

    /// True for the values that are shared by handle rather than copied.
    pub fn is_shared_by_handle(&self) -> bool {
        matches!(self, Shareable::Map(_) | Shareable::Queue(_))
    }

    /// The `int` value when this is an `int` (or `bool`) that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Shareable::Int(i) => Some(*i),
            Shareable::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The text when this is a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Shareable::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The map when this is one.
    pub fn as_map(&self) -> Option<&SharedMap> {
        match self {
            Shareable::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Bytes a copy of this value moves across (0 for what is shared by handle): the
    /// payload of strs and bytes, 8 per number, tuples summed.
    pub fn copied_bytes(&self) -> usize {
        match self {
            Shareable::None | Shareable::Bool(_) => 1,
            Shareable::Int(_) | Shareable::Float(_) => 8,
            Shareable::BigInt(b) => b.to_signed_bytes_le().len(),
            Shareable::Str(s) => s.len(),
            Shareable::Bytes(b) => b.len(),
            Shareable::Tuple(items) => items.iter().map(Shareable::copied_bytes).sum(),
            Shareable::Map(_) | Shareable::Queue(_) => 0,
        }
    }
}

impl PyHash for Shareable {
    /// CPython 3.13's `hash()` of the equivalent object (`PYTHONHASHSEED=0` for str and
    /// bytes). A map hashes its pairs, in O(n), as `immutables.Map` does (the XOR of the
    /// pairs' tuple hashes, so order does not matter); a queue hashes by identity.
    fn py_hash(&self) -> i64 {
        match self {
            Shareable::None => hash::NONE,
            Shareable::Bool(b) => i64::from(*b),
            Shareable::Int(i) => i.py_hash(),
            Shareable::BigInt(b) => hash::bigint(b),
            Shareable::Float(x) => hash::float(*x),
            Shareable::Str(s) => s.py_hash(),
            Shareable::Bytes(b) => hash::bytes(b),
            Shareable::Tuple(items) => hash::tuple(items.iter().map(Shareable::py_hash)),
            Shareable::Map(m) => {
                hash::map(m.iter().map(|(k, v)| (k.py_hash(), v.py_hash())), m.len())
            }
            Shareable::Queue(q) => hash::identity(q.address()),
        }
    }
}

impl PartialEq for Shareable {
    /// Python's `==` for these types: numbers compare by value across `bool`, `int` and
    /// `float` (so `1`, `1.0` and `True` are one key, as in a dict); maps by
    /// content (like `immutables.Map`), queues by identity. One deliberate difference: a NaN equals a NaN with the same bits, which
    /// keeps `==` reflexive (CPython finds a NaN key only through the very same object).
    fn eq(&self, other: &Shareable) -> bool {
        use Shareable::*;
        match (self, other) {
            (None, None) => true,
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Tuple(a), Tuple(b)) => a == b,
            (Map(a), Map(b)) => a == b,
            (Queue(a), Queue(b)) => a.same_queue(b),
            (BigInt(a), BigInt(b)) => a == b,
            (BigInt(a), Float(x)) | (Float(x), BigInt(a)) => {
                x.fract() == 0.0 && num_traits::FromPrimitive::from_f64(*x).as_ref() == Some(&**a)
            }
            (Float(a), Float(b)) => a == b || (a.is_nan() && a.to_bits() == b.to_bits()),
            (Float(x), n) | (n, Float(x)) => n.as_i64().is_some_and(|i| int_eq_float(i, *x)),
            _ => match (self.as_i64(), other.as_i64()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }
}

impl Eq for Shareable {}

/// 2**63 as a float: the first float above every `i64`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// `i == x` exactly (no rounding of `i` to the nearest float).
fn int_eq_float(i: i64, x: f64) -> bool {
    x.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&x) && x as i64 == i
}

macro_rules! from_scalar {
    ($($t:ty => $arm:expr),* $(,)?) => {$(
        impl From<$t> for Shareable {
            fn from(v: $t) -> Shareable {
                ($arm)(v)
            }
        }
    )*};
}

from_scalar! {
    bool => Shareable::Bool,
    i64 => Shareable::Int,
    i32 => |v: i32| Shareable::Int(i64::from(v)),
    u32 => |v: u32| Shareable::Int(i64::from(v)),
    f64 => Shareable::Float,
    &str => Shareable::str,
    String => |v: String| Shareable::Str(Arc::from(v)),
    &[u8] => |v: &[u8]| Shareable::Bytes(Arc::from(v)),
    SharedMap => Shareable::Map,
    Queue => Shareable::Queue,
}

impl From<()> for Shareable {
    /// `()` is Python's `None`.
    fn from(_: ()) -> Shareable {
        Shareable::None
    }
}

impl std::fmt::Display for Shareable {
    /// Python's `repr()` of the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shareable::None => f.write_str("None"),
            Shareable::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Shareable::Int(i) => write!(f, "{i}"),
            Shareable::BigInt(b) => write!(f, "{b}"),
            Shareable::Float(x) => f.write_str(&tracer::object::float::repr(*x)),
            Shareable::Str(s) => f.write_str(&hamt::repr(&**s)),
            Shareable::Bytes(b) => f.write_str(&bytes_repr(b)),
            Shareable::Tuple(items) => {
                f.write_str("(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            Shareable::Map(m) => write!(f, "<Map len={}>", m.len()),
            Shareable::Queue(q) => write!(f, "Queue({})", q.id()),
        }
    }
}

impl hamt::PyRepr for Shareable {
    /// The same text as `Display`, so pictures of a shared map show Python's reprs.
    fn py_repr(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{self}");
    }
}

/// `repr(b)` for bytes, as CPython writes it (single quotes, `\xNN` escapes).
fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = format!("b{quote}");
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote as u8 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_one_key_across_types() {
        let one = [
            Shareable::Int(1),
            Shareable::Float(1.0),
            Shareable::Bool(true),
        ];
        for a in &one {
            for b in &one {
                assert_eq!(a, b);
                assert_eq!(a.py_hash(), b.py_hash());
            }
        }
        assert_ne!(Shareable::Int(1), Shareable::str("1"));
        assert_ne!(Shareable::Float(1.5), Shareable::Int(1));
        let big = Shareable::int(BigInt::from(1u64 << 63));
        assert_eq!(big, Shareable::Float(TWO_POW_63));
        assert_eq!(big.py_hash(), Shareable::Float(TWO_POW_63).py_hash());
    }

    #[test]
    fn reprs_are_pythons() {
        let t = Shareable::tuple(vec![
            Shareable::str("a'b"),
            Shareable::Bytes(Arc::from(&b"x\x00'"[..])),
            Shareable::Float(0.1),
            Shareable::None,
        ]);
        assert_eq!(t.to_string(), r#"("a'b", b"x\x00'", 0.1, None)"#);
        assert_eq!(
            Shareable::tuple(vec![Shareable::Int(1)]).to_string(),
            "(1,)"
        );
    }

    #[test]
    fn copied_bytes_counts_payloads_and_nothing_for_maps() {
        assert_eq!(Shareable::str("hello").copied_bytes(), 5);
        let map = SharedMap::from_pairs((0..1000).map(|i| (Shareable::Int(i), Shareable::Int(i))));
        assert_eq!(Shareable::Map(map).copied_bytes(), 0);
    }
}
