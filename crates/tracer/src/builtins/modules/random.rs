//! `_random`: the C half of CPython's `random` module, in Rust. Its type `_random.Random`
//! owns CPython's Mersenne Twister (`random/mt.rs`) and offers the draws everything else is
//! built on: `random()`, `getrandbits(k)`, `seed(n)`, `getstate()`, `setstate(state)`.
//!
//! The other half, `random.Random` with `randrange`, `choice`, `shuffle`, `gauss` and the
//! rest, is Python in CPython (`Lib/random.py`) and Python here too: the frozen module
//! `modules/frozen/random.py`, our own source, subclasses this type and draws from it in the
//! same order as CPython's, so `random.seed(n)` gives python3.13's sequences and a hot call of
//! `random.randint` specializes as CPython's does (`CALL_BOUND_METHOD_EXACT_ARGS`: it is a
//! Python function there as here).
//!
//! ```text
//!   random.seed(5)         random.Random.seed (Python) -> _random.Random.seed(5)
//!                          mt = init_by_array([5])
//!   random.randint(1, 6)   randrange(1, 7) -> 1 + _randbelow(6) -> getrandbits(3) until < 6
//! ```
//!
//! One difference from CPython's `_random` stands in for what the VM lacks: `seed` also takes
//! a str or bytes and applies the version-2 rule of `random.py` to it (the SHA-512 digest
//! appended, read as a big-endian int; `random/sha512.rs`), since this VM has no `_sha2` or
//! `hashlib` yet. The numbers are CPython's.

pub mod mt;
pub mod sha512;

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::native::NativeType;
use crate::object::{CallConv, Dict, Instance, KwArgs};
use crate::value::Value;
use crate::vm::Vm;
use mt::Mt;

/// The state of one `_random.Random` object: the generator.
pub struct RandomObj {
    pub mt: RefCell<Mt>,
}

impl RandomObj {
    fn new(key: &[u32]) -> RandomObj {
        RandomObj {
            mt: RefCell::new(Mt::from_key(key)),
        }
    }
}

/// `self` of a method: a `Random` object (or an instance of a Python subclass, whose payload
/// is one), else CPython's descriptor error.
fn this<'a>(args: &'a [Value], method: &str) -> PyResult<&'a RandomObj> {
    super::support::this::<RandomObj>(args, "_random.Random", method)
}

/// The key a seed value gives (CPython's `random_seed`, plus the str/bytes rule of the module
/// docs): `None` takes entropy from the OS, an int its absolute value, anything else its hash.
fn seed_key(vm: &mut Vm, a: Option<&Value>) -> PyResult<Vec<u32>> {
    let Some(a) = a else {
        return Ok(entropy_key());
    };
    match a {
        Value::None => Ok(entropy_key()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            let n = crate::object::int::to_big(a).unwrap_or_default();
            Ok(mt::int_key(&n))
        }
        Value::Str(_) | Value::Bytes(_) => {
            let bytes: Vec<u8> = match a {
                Value::Str(s) => s.as_str().as_bytes().to_vec(),
                Value::Bytes(b) => b.to_vec(),
                _ => Vec::new(),
            };
            // `int.from_bytes(a + sha512(a).digest())`, big-endian.
            let digest = sha512::sha512(&bytes);
            let mut all = bytes;
            all.extend_from_slice(&digest);
            Ok(mt::int_key(&BigInt::from_bytes_be(
                num_bigint::Sign::Plus,
                &all,
            )))
        }
        // CPython seeds with hash(x) taken as an unsigned size_t.
        _ => {
            let h = vm.hash(a)? as u64;
            Ok(mt::int_key(&BigInt::from(h)))
        }
    }
}

/// 624 words from the OS (`random_seed_urandom`), else the time and process id.
fn entropy_key() -> Vec<u32> {
    use std::io::Read;
    let mut bytes = vec![0u8; 624 * 4];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if ok {
        return bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let ns = now.as_nanos() as u64;
    vec![
        ns as u32,
        (ns >> 32) as u32,
        std::process::id(),
        now.subsec_micros(),
    ]
}

fn seed(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("seed", 0, 1);
    let r = this(a, "seed")?;
    let b = SIG.bind(&a[1..], kw)?;
    let key = seed_key(vm, b.get(0))?;
    r.mt.borrow_mut().init_by_array(&key);
    Ok(Value::None)
}

fn random(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("random", 0, 0).style(args::Style::NoArgs);
    let r = this(a, "random")?;
    SIG.bind(&a[1..], kw)?;
    Ok(Value::float(r.mt.borrow_mut().random()))
}

/// `k` of `getrandbits(k)`: a C int.
fn bit_count(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    let k = match args::index(vm, v)? {
        Value::Int(k) if i32::try_from(k).is_ok() => k,
        _ => {
            return Err(exc::new(
                "OverflowError",
                "Python int too large to convert to C int",
            ))
        }
    };
    u64::try_from(k).map_err(|_| exc::value_error("number of bits must be non-negative"))
}

fn getrandbits(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getrandbits", 1, 1).style(args::Style::One);
    let r = this(a, "getrandbits")?;
    SIG.bind(&a[1..], kw)?;
    let k = bit_count(vm, &a[1])?;
    if k <= 63 {
        return Ok(Value::Int(r.mt.borrow_mut().bits_u64(k as u32) as i64));
    }
    let big = r.mt.borrow_mut().bits_big(k);
    Ok(Value::from_bigint(big))
}

/// `getstate()`'s length: the 624 words of the generator and its position.
const STATE_LEN: usize = 625;

/// `_random.Random.getstate()`: the words and the position, as a tuple of 625 ints
/// (`random.Random.getstate` wraps it with its version and `gauss_next`).
fn getstate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getstate", 0, 0).style(args::Style::NoArgs);
    let r = this(a, "getstate")?;
    SIG.bind(&a[1..], kw)?;
    let mt = r.mt.borrow();
    let mut words: Vec<Value> = mt.state.iter().map(|w| Value::Int(i64::from(*w))).collect();
    words.push(Value::Int(mt.index as i64));
    Ok(Value::tuple(words))
}

/// `_random.Random.setstate(state)`: the inverse of `getstate`, with `random_setstate`'s
/// checks.
fn setstate(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setstate", 1, 1).style(args::Style::One);
    let r = this(a, "setstate")?;
    SIG.bind(&a[1..], kw)?;
    let Value::Tuple(words) = &a[1] else {
        return Err(exc::type_error("state vector must be a tuple"));
    };
    if words.len() != STATE_LEN {
        return Err(exc::value_error("state vector is the wrong size"));
    }
    let mut state = [0u32; 624];
    for (slot, w) in state.iter_mut().zip(words.iter()) {
        *slot = match args::index(vm, w)? {
            Value::Int(i) if (0..=i64::from(u32::MAX)).contains(&i) => i as u32,
            _ => return Err(exc::new("OverflowError", "Python int too large to convert")),
        };
    }
    let index = match args::index(vm, &words[624])? {
        Value::Int(i) if (0..=624).contains(&i) => i as usize,
        _ => return Err(exc::value_error("invalid state")),
    };
    let mut mt = r.mt.borrow_mut();
    mt.state = state;
    mt.index = index;
    Ok(Value::None)
}

/// `_random.Random.__new__(cls, x=None)`: a generator seeded from `x`. For a Python subclass
/// (`random.Random`) the object is an instance of that class carrying the generator as its
/// payload, as CPython's `tp_new` allocates the subclass's object with the C fields in it;
/// the subclass's `__init__` then seeds it again its own way.
fn random_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    let Some(Value::Type(class)) = a.first() else {
        return Err(exc::type_error("Random.__new__(X): X is not a type object"));
    };
    let rest = &a[1..];
    if class.builtin {
        if !kw.is_empty() {
            return Err(exc::type_error("Random() takes no keyword arguments"));
        }
        if rest.len() > 1 {
            return Err(exc::type_error("Random() requires 0 or 1 argument"));
        }
    }
    let key = match rest {
        [x] => seed_key(vm, Some(x))?,
        _ => entropy_key(),
    };
    // The generator's own type is `_random.Random`, whichever subclass is being made.
    let ty = NativeType {
        class: crate::builtins::new::native_base(class).unwrap_or_else(|| class.clone()),
        name: "Random",
    };
    let generator = ty.instance(RandomObj::new(&key));
    if class.builtin {
        return Ok(generator);
    }
    Ok(Value::instance(Instance::with_payload(
        class.clone(),
        Some(generator),
    )))
}

/// The methods of `_random.Random`, with the calling conventions their call sites see.
const METHODS: &[(&str, CallConv, crate::object::BuiltinFn)] = &[
    ("seed", CallConv::Fast, seed),
    ("random", CallConv::NoArgs, random),
    ("getrandbits", CallConv::O, getrandbits),
    ("getstate", CallConv::NoArgs, getstate),
    ("setstate", CallConv::O, setstate),
];

/// A fresh `_random` module: the type `Random` (a Python subclass may extend it; see
/// `builtins/subclass.rs`).
pub fn module(vm: &mut Vm) -> Value {
    let ty = NativeType::new("Random", &vm.types.object, METHODS);
    let mut dict = ty.class.dict.borrow_mut();
    dict.insert(
        Rc::from("__new__"),
        crate::builtins::module_builtin("_random", "Random", CallConv::FastKw, random_new),
    );
    dict.insert(Rc::from("__module__"), Value::str("_random"));
    drop(dict);
    ty.class.base_type.set(true);
    let mut d = Dict::new();
    d.insert(str_key("Random"), Value::Type(ty.class.clone()));
    super::new_module("_random", d)
}
