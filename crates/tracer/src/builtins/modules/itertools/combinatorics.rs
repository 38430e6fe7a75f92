//! `product`, `permutations`, `combinations` and `combinations_with_replacement`: each reads
//! its input into a tuple first (as CPython does), then steps an index vector, yielding
//! tuples in lexicographic order of the indices:
//!
//! ```text
//!   combinations("ABCD", 2)   indices [0,1] [0,2] [0,3] [1,2] [1,3] [2,3]
//!                             (the rightmost index that can move moves, the rest follow it)
//! ```

use std::cell::RefCell;

use super::{iterator_type, make};
use crate::builtins::args::{self, Sig};
use crate::builtins::modules::support::{stop, this};
use crate::exceptions::{self as exc, PyResult};
use crate::object::KwArgs;
use crate::value::Value;
use crate::vm::Vm;

pub fn types(vm: &Vm) -> Vec<(&'static str, Value)> {
    vec![
        (
            "product",
            iterator_type(vm, "product", product_new, product_next, &[]),
        ),
        (
            "permutations",
            iterator_type(vm, "permutations", permutations_new, permutations_next, &[]),
        ),
        (
            "combinations",
            iterator_type(vm, "combinations", combinations_new, combinations_next, &[]),
        ),
        (
            "combinations_with_replacement",
            iterator_type(vm, "combinations_with_replacement", cwr_new, cwr_next, &[]),
        ),
    ]
}

/// The index state shared by the four types: `None` before the first result, then the
/// current indices (and for permutations the cycles), `done` once exhausted.
#[derive(Default)]
struct State {
    started: bool,
    done: bool,
    indices: Vec<usize>,
    cycles: Vec<usize>,
}

struct Combo {
    pool: Vec<Value>,
    /// product: the sizes of the pools (each pool is a slice of `pool`).
    pools: Vec<(usize, usize)>,
    r: usize,
    state: RefCell<State>,
}

fn tuple_of(pool: &[Value], indices: &[usize]) -> Value {
    Value::tuple(indices.iter().map(|&i| pool[i].clone()).collect())
}

fn r_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let r = args::index_ssize(vm, v)?;
    usize::try_from(r).map_err(|_| exc::value_error("r must be non-negative"))
}

fn product_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("product", &["repeat"], 0, 0)
        .with_varargs()
        .kwonly_from(0);
    let b = SIG.bind(&a[1..], kw)?;
    let repeat = match b.get(0) {
        Some(v) => args::index_ssize(vm, v)?,
        None => 1,
    };
    let repeat = usize::try_from(repeat)
        .map_err(|_| exc::value_error("repeat argument cannot be negative"))?;
    let mut pool = Vec::new();
    let mut once = Vec::new();
    for iterable in &a[1..] {
        let items = vm.collect(iterable)?;
        once.push((pool.len(), items.len()));
        pool.extend(items);
    }
    let mut pools = Vec::with_capacity(once.len() * repeat);
    for _ in 0..repeat {
        pools.extend_from_slice(&once);
    }
    let r = pools.len();
    make(
        a,
        "product",
        Combo {
            pool,
            pools,
            r,
            state: RefCell::new(State::default()),
        },
    )
}

fn product_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Combo>(a, "product", "__next__")?;
    let mut s = c.state.borrow_mut();
    if s.done {
        return Err(stop());
    }
    if !s.started {
        s.started = true;
        if c.pools.iter().any(|&(_, n)| n == 0) {
            s.done = true;
            return Err(stop());
        }
        s.indices = vec![0; c.r];
    } else {
        // The rightmost index that has not reached its pool's end moves; those after it wrap.
        let mut i = c.r;
        loop {
            if i == 0 {
                s.done = true;
                return Err(stop());
            }
            i -= 1;
            s.indices[i] += 1;
            if s.indices[i] < c.pools[i].1 {
                break;
            }
            s.indices[i] = 0;
        }
    }
    let items = s
        .indices
        .iter()
        .zip(&c.pools)
        .map(|(&i, &(start, _))| c.pool[start + i].clone())
        .collect();
    Ok(Value::tuple(items))
}

fn permutations_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("permutations", &["iterable", "r"], 0, 1);
    let b = SIG.bind(&a[1..], kw)?;
    let pool = vm.collect(b.get(0).unwrap_or(&Value::None))?;
    let r = match b.get_not_none(1) {
        Some(v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_))) => r_arg(vm, v)?,
        Some(_) => return Err(exc::type_error("Expected int as r")),
        None => pool.len(),
    };
    make(
        a,
        "permutations",
        Combo {
            pool,
            pools: Vec::new(),
            r,
            state: RefCell::new(State::default()),
        },
    )
}

fn permutations_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Combo>(a, "permutations", "__next__")?;
    let n = c.pool.len();
    let r = c.r;
    let mut s = c.state.borrow_mut();
    if s.done {
        return Err(stop());
    }
    if !s.started {
        s.started = true;
        if r > n {
            s.done = true;
            return Err(stop());
        }
        s.indices = (0..n).collect();
        s.cycles = (0..r).map(|i| n - i).collect();
        return Ok(tuple_of(&c.pool, &s.indices[..r]));
    }
    if n == 0 {
        s.done = true;
        return Err(stop());
    }
    let mut i = r;
    while i > 0 {
        i -= 1;
        s.cycles[i] -= 1;
        if s.cycles[i] == 0 {
            // Rotate indices[i:] left by one and reset the cycle.
            let moved = s.indices.remove(i);
            s.indices.push(moved);
            s.cycles[i] = n - i;
        } else {
            let j = s.cycles[i];
            s.indices.swap(i, n - j);
            return Ok(tuple_of(&c.pool, &s.indices[..r]));
        }
    }
    s.done = true;
    Err(stop())
}

fn combinations_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("combinations", &["iterable", "r"], 0, 2);
    let b = SIG.bind(&a[1..], kw)?;
    let pool = vm.collect(b.get(0).unwrap_or(&Value::None))?;
    let r = r_arg(vm, b.get(1).unwrap_or(&Value::None))?;
    make(
        a,
        "combinations",
        Combo {
            pool,
            pools: Vec::new(),
            r,
            state: RefCell::new(State::default()),
        },
    )
}

fn combinations_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Combo>(a, "combinations", "__next__")?;
    let (n, r) = (c.pool.len(), c.r);
    let mut s = c.state.borrow_mut();
    if s.done {
        return Err(stop());
    }
    if !s.started {
        s.started = true;
        if r > n {
            s.done = true;
            return Err(stop());
        }
        s.indices = (0..r).collect();
        return Ok(tuple_of(&c.pool, &s.indices));
    }
    // The rightmost index not at its highest position moves up by one.
    let Some(i) = (0..r).rev().find(|&i| s.indices[i] != i + n - r) else {
        s.done = true;
        return Err(stop());
    };
    s.indices[i] += 1;
    for j in i + 1..r {
        s.indices[j] = s.indices[j - 1] + 1;
    }
    Ok(tuple_of(&c.pool, &s.indices))
}

fn cwr_new(vm: &mut Vm, a: &[Value], kw: KwArgs<'_>) -> PyResult<Value> {
    static SIG: Sig = Sig::keywords("combinations_with_replacement", &["iterable", "r"], 0, 2);
    let b = SIG.bind(&a[1..], kw)?;
    let pool = vm.collect(b.get(0).unwrap_or(&Value::None))?;
    let r = r_arg(vm, b.get(1).unwrap_or(&Value::None))?;
    make(
        a,
        "combinations_with_replacement",
        Combo {
            pool,
            pools: Vec::new(),
            r,
            state: RefCell::new(State::default()),
        },
    )
}

fn cwr_next(_: &mut Vm, a: &[Value], _: KwArgs<'_>) -> PyResult<Value> {
    let c = this::<Combo>(a, "combinations_with_replacement", "__next__")?;
    let (n, r) = (c.pool.len(), c.r);
    let mut s = c.state.borrow_mut();
    if s.done {
        return Err(stop());
    }
    if !s.started {
        s.started = true;
        if n == 0 && r > 0 {
            s.done = true;
            return Err(stop());
        }
        s.indices = vec![0; r];
        return Ok(tuple_of(&c.pool, &s.indices));
    }
    let Some(i) = (0..r).rev().find(|&i| s.indices[i] != n - 1) else {
        s.done = true;
        return Err(stop());
    };
    let v = s.indices[i] + 1;
    for j in i..r {
        s.indices[j] = v;
    }
    Ok(tuple_of(&c.pool, &s.indices))
}
