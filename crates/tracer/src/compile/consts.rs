//! The constant pool of one code unit (`co_consts`): constants are deduplicated by type and
//! value as CPython does (`1`, `1.0` and `True` are three different constants; `0.0` and `-0.0`
//! too), in order of first use.

use std::collections::HashMap;

use crate::code::Const;

#[derive(Default, Debug)]
pub struct ConstPool {
    pub consts: Vec<Const>,
    index: HashMap<String, usize>,
}

/// A key equal for two constants exactly when CPython's constant cache treats them as equal.
pub fn const_key(c: &Const) -> String {
    match c {
        Const::None => "N".into(),
        Const::Bool(b) => format!("b{b}"),
        Const::Int(i) => format!("i{i}"),
        Const::BigInt(i) => format!("i{i}"),
        Const::Float(f) => format!("f{}", f.to_bits()),
        Const::Complex { re, im } => format!("c{},{}", re.to_bits(), im.to_bits()),
        Const::Str(s) => format!("s{s}"),
        Const::SurrogateStr(u) => format!("u{u:?}"),
        Const::Bytes(b) => format!("y{b:?}"),
        Const::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(const_key).collect();
            format!("t({})", inner.join(","))
        }
        Const::FrozenSet(items) => {
            let mut inner: Vec<String> = items.iter().map(const_key).collect();
            inner.sort();
            format!("z({})", inner.join(","))
        }
        Const::Ellipsis => "E".into(),
        // Code objects compare by value in CPython's constant cache (`code_richcompare`), so
        // a body compiled twice (a `while` test holding a generator expression is compiled
        // at the top and at the bottom of the loop) is one constant.
        Const::Code(code) => {
            // Nested code objects by address: keying them by value too would make a chain of
            // N nested lambdas cost N^2 (it is compiled bottom-up, keys are asked again and again).
            let consts: Vec<String> = code
                .consts
                .iter()
                .map(|c| match c {
                    Const::Code(inner) => format!("C{:p}", std::rc::Rc::as_ptr(inner)),
                    other => const_key(other),
                })
                .collect();
            format!(
                "C{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}|{}|{}",
                code.qualname,
                code.firstlineno,
                code.flags,
                code.code,
                consts,
                code.names,
                code.localsplusnames,
                code.positions,
                code.exception_table,
                code.argcount,
                code.posonlyargcount,
                code.kwonlyargcount,
                code.filename,
            )
        }
    }
}

impl ConstPool {
    /// Index of `c`, appending it if new.
    pub fn add(&mut self, c: Const) -> u32 {
        let key = const_key(&c);
        if let Some(&i) = self.index.get(&key) {
            return i as u32;
        }
        self.consts.push(c);
        self.index.insert(key, self.consts.len() - 1);
        (self.consts.len() - 1) as u32
    }

    pub fn get(&self, i: u32) -> &Const {
        &self.consts[i as usize]
    }

    /// Keeps only the constants in `used` (index 0 always survives: it may be a docstring) and
    /// returns the old-to-new index map.
    pub fn compact(&mut self, used: &[bool]) -> Vec<u32> {
        let mut map = vec![u32::MAX; self.consts.len()];
        let mut kept = Vec::new();
        for (i, c) in self.consts.iter().enumerate() {
            if i == 0 || used.get(i).copied().unwrap_or(false) {
                map[i] = kept.len() as u32;
                kept.push(c.clone());
            }
        }
        self.consts = kept;
        self.index = self
            .consts
            .iter()
            .enumerate()
            .map(|(i, c)| (const_key(c), i))
            .collect();
        map
    }
}

/// Python truthiness of a constant.
pub fn is_true(c: &Const) -> bool {
    match c {
        Const::None => false,
        Const::Bool(b) => *b,
        Const::Int(i) => *i != 0,
        Const::BigInt(_) => true,
        Const::Float(f) => *f != 0.0,
        Const::Complex { re, im } => *re != 0.0 || *im != 0.0,
        Const::Str(s) => !s.is_empty(),
        Const::SurrogateStr(u) => !u.is_empty(),
        Const::Bytes(b) => !b.is_empty(),
        Const::Tuple(t) | Const::FrozenSet(t) => !t.is_empty(),
        Const::Ellipsis | Const::Code(_) => true,
    }
}
