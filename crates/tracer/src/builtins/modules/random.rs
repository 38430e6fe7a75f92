//! The `random` module: CPython's Mersenne Twister (`random/mt.rs`) and the methods of
//! `random.Random`, drawing from the generator exactly as CPython's do, so a seeded program
//! prints python3.13's numbers.
//!
//! CPython splits the module in two: `_random.Random` (C) owns the generator and offers
//! `random()`, `getrandbits()`, `seed()`, `getstate()` and `setstate()`; `Lib/random.py`
//! subclasses it and writes everything else (`randrange`, `shuffle`, `gauss`, ...) in Python on
//! top of those two draws. Here both halves are Rust methods of one native type `Random`, and
//! each method consumes the generator in the same order as its Python original: `randrange`
//! through `_randbelow_with_getrandbits` (draw `n.bit_length()` bits, retry while `>= n`),
//! `choice` through one `_randbelow(len)`, `shuffle` through Fisher-Yates from the end,
//! `gauss` with its cached second value. The module-level functions are methods bound to one
//! hidden instance, as `random.py` binds them to `_inst`.
//!
//! ```text
//!   random.seed(5)         mt = init_by_array([5])
//!   random.randint(1, 6)   randrange(1, 7) -> 1 + _randbelow(6) -> getrandbits(3) until < 6
//! ```
//!
//! A str or bytes seed goes through SHA-512 as in CPython (`random/sha512.rs`). Refused by
//! name: arguments of the float distributions that are not int or float (CPython would do
//! Python arithmetic on them, `Fraction` and all). The methods are builtins here, so a hot call of `randint` is
//! specialized as a builtin call where CPython (whose `randint` is a Python function) uses
//! `CALL_BOUND_METHOD_EXACT_ARGS`.

pub mod dists;
pub mod gamma;
pub mod mt;
pub mod seq;
pub mod sha512;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_bigint::BigInt;

use crate::builtins::args::{self, Sig};
use crate::exceptions::{self as exc, PyResult};
use crate::object::dict::str_key;
use crate::object::native::NativeType;
use crate::object::{type_name_of, BoundMethod, CallConv, Dict, KwArgs};
use crate::value::Value;
use crate::vm::Vm;
use mt::Mt;

/// The state of one `random.Random` object.
pub struct RandomObj {
    pub mt: RefCell<Mt>,
    /// `self.gauss_next`: the second value of the last pair `gauss` computed.
    pub gauss_next: Cell<Option<f64>>,
}

impl RandomObj {
    fn new(key: &[u32]) -> RandomObj {
        RandomObj {
            mt: RefCell::new(Mt::from_key(key)),
            gauss_next: Cell::new(None),
        }
    }

    pub fn random(&self) -> f64 {
        self.mt.borrow_mut().random()
    }

    /// `_randbelow(n)` for `0 < n`, any size.
    pub fn below(&self, n: &BigInt) -> BigInt {
        match u64::try_from(n) {
            Ok(small) => BigInt::from(self.mt.borrow_mut().below_u64(small)),
            Err(_) => self.mt.borrow_mut().below_big(n),
        }
    }

    /// `_randbelow(n)` for `0 < n` that fits a `u64`.
    pub fn below_u64(&self, n: u64) -> u64 {
        self.mt.borrow_mut().below_u64(n)
    }
}

/// `self` of a method: a `Random` object, else the descriptor's TypeError.
pub fn this<'a>(args: &'a [Value], method: &str) -> PyResult<&'a RandomObj> {
    args.first()
        .and_then(|v| v.native::<RandomObj>())
        .ok_or_else(|| {
            let got = args.first().map_or("NoneType".to_string(), type_name_of);
            exc::type_error(format!(
                "descriptor '{method}' for 'Random' objects doesn't apply to a '{got}' object"
            ))
        })
}

/// The key a seed value gives (`random_seed` and `Random.seed` of CPython).
fn seed_key(vm: &mut Vm, a: Option<&Value>, version: i64) -> PyResult<Vec<u32>> {
    let Some(a) = a else {
        return Ok(entropy_key());
    };
    match a {
        Value::None => Ok(entropy_key()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            let n = crate::object::int::to_big(a).unwrap_or_default();
            Ok(mt::int_key(&n))
        }
        // CPython seeds with hash(x) taken as an unsigned size_t.
        Value::Float(_) => hash_key(vm, a),
        Value::Str(_) | Value::Bytes(_) => {
            let bytes: Vec<u8> = match a {
                Value::Str(s) => s.as_str().as_bytes().to_vec(),
                Value::Bytes(b) => b.to_vec(),
                _ => Vec::new(),
            };
            match version {
                // `int.from_bytes(a + sha512(a).digest())`, big-endian.
                2 => {
                    let mut all = bytes.clone();
                    all.extend_from_slice(&sha512::sha512(&bytes));
                    Ok(mt::int_key(&BigInt::from_bytes_be(
                        num_bigint::Sign::Plus,
                        &all,
                    )))
                }
                1 => Ok(mt::int_key(&BigInt::from(version1_seed(a)))),
                _ => hash_key(vm, a),
            }
        }
        _ => Err(exc::type_error(
            "The only supported seed types are:\nNone, int, float, str, bytes, and bytearray.",
        )),
    }
}

/// The key of a seed CPython hashes (`hash(x)` as an unsigned `size_t`).
fn hash_key(vm: &mut Vm, a: &Value) -> PyResult<Vec<u32>> {
    let h = vm.hash(a)? as u64;
    Ok(mt::int_key(&BigInt::from(h)))
}

/// The version-1 seed of a str (or bytes read as latin-1): Python 2's string hash.
fn version1_seed(a: &Value) -> u64 {
    let chars: Vec<u32> = match a {
        Value::Str(s) => s.as_str().chars().map(u32::from).collect(),
        Value::Bytes(b) => b.iter().map(|&c| u32::from(c)).collect(),
        _ => Vec::new(),
    };
    let mut x: u64 = chars.first().map_or(0, |&c| u64::from(c) << 7);
    for &c in &chars {
        x = x.wrapping_mul(1_000_003) ^ u64::from(c);
    }
    x ^ chars.len() as u64
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
    static SIG: Sig = Sig::keywords("seed", &["a", "version"], 0, 0);
    let r = this(a, "seed")?;
    let b = SIG.bind(&a[1..], kw)?;
    let version = match b.get(1) {
        Some(v) => args::index_ssize(vm, v)?,
        None => 2,
    };
    let key = seed_key(vm, b.get(0), version)?;
    r.mt.borrow_mut().init_by_array(&key);
    r.gauss_next.set(None);
    Ok(Value::None)
}

fn random(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("random", 0, 0).style(args::Style::NoArgs);
    let r = this(a, "random")?;
    SIG.bind(&a[1..], kw)?;
    Ok(Value::Float(r.random()))
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

fn randbytes(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("randbytes", &["n"], 0, 1);
    let r = this(a, "randbytes")?;
    let b = SIG.bind(&a[1..], kw)?;
    let n = args::index_ssize(vm, b.get(0).unwrap_or(&Value::None))?;
    let n = u64::try_from(n).map_err(|_| exc::value_error("negative argument not allowed"))?;
    let words = r.mt.borrow_mut().bits_words(n * 8);
    let bytes: Vec<u8> = words
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .take(n as usize)
        .collect();
    Ok(Value::Bytes(Rc::new(bytes)))
}

const STATE_LEN: usize = 625;

fn getstate(_: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("getstate", 0, 0).style(args::Style::NoArgs);
    let r = this(a, "getstate")?;
    SIG.bind(&a[1..], kw)?;
    let mt = r.mt.borrow();
    let mut words: Vec<Value> = mt.state.iter().map(|w| Value::Int(i64::from(*w))).collect();
    words.push(Value::Int(mt.index as i64));
    let gauss = r.gauss_next.get().map_or(Value::None, Value::Float);
    Ok(Value::tuple(vec![
        Value::Int(3),
        Value::tuple(words),
        gauss,
    ]))
}

fn setstate(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::positional("setstate", 1, 1).style(args::Style::One);
    let r = this(a, "setstate")?;
    SIG.bind(&a[1..], kw)?;
    let parts = match &a[1] {
        Value::Tuple(t) if t.len() == 3 => t.to_vec(),
        _ => return Err(exc::type_error("state vector must be a tuple")),
    };
    if !matches!(parts[0], Value::Int(2 | 3)) {
        let shown = vm.repr(&parts[0])?;
        return Err(exc::value_error(format!(
            "state with version {shown} passed to Random.setstate() of version 3"
        )));
    }
    let Value::Tuple(words) = &parts[1] else {
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
    let gauss = match &parts[2] {
        Value::None => None,
        v => Some(dists::float_arg(v, "setstate")?),
    };
    let mut mt = r.mt.borrow_mut();
    mt.state = state;
    mt.index = index;
    r.gauss_next.set(gauss);
    Ok(Value::None)
}

/// `Random(x=None)`: a new generator seeded from `x`.
fn random_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("Random", &["x"], 0, 0);
    let b = SIG.bind(&a[1..], kw)?;
    let key = seed_key(vm, b.get(0), 2)?;
    // `__new__` gets the class first: instances share it (and `isinstance` sees it).
    let Some(Value::Type(class)) = a.first() else {
        return Err(exc::type_error("Random.__new__(X): X is not a type object"));
    };
    let ty = NativeType {
        class: class.clone(),
        name: "Random",
    };
    Ok(ty.instance(RandomObj::new(&key)))
}

/// The methods of `random.Random`, with the calling conventions their call sites see.
const METHODS: &[(&str, CallConv, crate::object::BuiltinFn)] = &[
    ("seed", CallConv::FastKw, seed),
    ("random", CallConv::NoArgs, random),
    ("getrandbits", CallConv::O, getrandbits),
    ("randbytes", CallConv::FastKw, randbytes),
    ("getstate", CallConv::NoArgs, getstate),
    ("setstate", CallConv::O, setstate),
    ("randrange", CallConv::FastKw, seq::randrange),
    ("randint", CallConv::Fast, seq::randint),
    ("choice", CallConv::FastKw, seq::choice),
    ("shuffle", CallConv::FastKw, seq::shuffle),
    ("sample", CallConv::FastKw, seq::sample),
    ("choices", CallConv::FastKw, seq::choices),
    ("uniform", CallConv::Fast, dists::uniform),
    ("triangular", CallConv::FastKw, dists::triangular),
    ("normalvariate", CallConv::FastKw, dists::normalvariate),
    ("gauss", CallConv::FastKw, dists::gauss),
    ("lognormvariate", CallConv::Fast, dists::lognormvariate),
    ("expovariate", CallConv::FastKw, dists::expovariate),
    ("paretovariate", CallConv::FastKw, dists::paretovariate),
    ("weibullvariate", CallConv::Fast, dists::weibullvariate),
    ("vonmisesvariate", CallConv::Fast, dists::vonmisesvariate),
    ("gammavariate", CallConv::FastKw, gamma::gammavariate),
    ("betavariate", CallConv::FastKw, gamma::betavariate),
    ("binomialvariate", CallConv::FastKw, gamma::binomialvariate),
];

/// The module-level functions: the methods above bound to the hidden instance.
const BOUND: &[&str] = &[
    "seed",
    "random",
    "getrandbits",
    "randbytes",
    "getstate",
    "setstate",
    "randrange",
    "randint",
    "choice",
    "shuffle",
    "sample",
    "choices",
    "uniform",
    "triangular",
    "normalvariate",
    "gauss",
    "lognormvariate",
    "expovariate",
    "paretovariate",
    "weibullvariate",
    "vonmisesvariate",
    "gammavariate",
    "betavariate",
    "binomialvariate",
];

/// `random.Random` for one VM (made with its module, so its base is that VM's `object`).
fn random_type(vm: &Vm) -> NativeType {
    let ty = NativeType::new("Random", &vm.types.object, METHODS);
    let mut dict = ty.class.dict.borrow_mut();
    dict.insert(
        Rc::from("__new__"),
        crate::builtins::module_builtin("random", "Random", CallConv::FastKw, random_new),
    );
    dict.insert(Rc::from("VERSION"), Value::Int(3));
    drop(dict);
    ty
}

/// A fresh `random` module object, its functions bound to a generator seeded from the OS.
pub fn module(vm: &mut Vm) -> Value {
    let ty = random_type(vm);
    let inst = ty.instance(RandomObj::new(&entropy_key()));
    let mut d = Dict::new();
    for name in BOUND {
        if let Some(method) = ty.class.lookup(name) {
            let bound = Value::Method(Rc::new(BoundMethod {
                func: method,
                self_: inst.clone(),
            }));
            d.insert(str_key(name), bound);
        }
    }
    d.insert(str_key("Random"), Value::Type(ty.class.clone()));
    let consts = [
        ("NV_MAGICCONST", dists::nv_magicconst()),
        ("TWOPI", std::f64::consts::TAU),
        ("LOG4", 4f64.ln()),
        ("SG_MAGICCONST", 1.0 + 4.5f64.ln()),
        ("RECIP_BPF", 2f64.powi(-53)),
    ];
    for (name, v) in consts {
        d.insert(str_key(name), Value::Float(v));
    }
    d.insert(str_key("BPF"), Value::Int(53));
    super::new_module("random", d)
}
