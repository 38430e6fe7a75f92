//! The constant pool of one code unit (`co_consts`): constants are deduplicated by type and
//! value as CPython does (`1`, `1.0` and `True` are three different constants; `0.0` and `-0.0`
//! too), in order of first use.

use crate::object::namehash::FastMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::code::{CodeObject, Const};

#[derive(Default, Debug)]
pub struct ConstPool {
    pub consts: Vec<Const>,
    /// Every constant but code objects, by `const_key`.
    index: FastMap<String, usize>,
    /// Code objects, by `code_hash` (a hash may be shared: each index is checked).
    code_index: FastMap<u64, Vec<usize>>,
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
        // Code objects never reach here through `ConstPool::add` (see `code_slot`); a code
        // object inside a folded tuple cannot occur, so its address is key enough.
        Const::Code(code) => format!("C{:p}", Rc::as_ptr(code)),
    }
}

/// A hash of the fields that decide whether two code objects are one constant (see
/// `same_code`); equal code objects hash alike, and a collision is settled by `same_code`.
fn code_hash(code: &CodeObject) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    code.qualname.hash(&mut h);
    code.firstlineno.hash(&mut h);
    code.flags.hash(&mut h);
    code.code.hash(&mut h);
    code.names.hash(&mut h);
    code.localsplusnames.hash(&mut h);
    code.consts.len().hash(&mut h);
    h.finish()
}

/// True when CPython's constant cache would take `a` and `b` for one constant: code objects
/// compare by value there (`code_richcompare`), so a body compiled twice (a `while` test
/// holding a generator expression is compiled at the top and at the bottom of the loop) is
/// one constant. Nested code objects compare by identity: by value they would make a chain of
/// N nested lambdas cost N^2 (it is compiled bottom-up and compared again at each level).
fn same_code(a: &CodeObject, b: &CodeObject) -> bool {
    let same_consts = a.consts.len() == b.consts.len()
        && a.consts.iter().zip(&b.consts).all(|(x, y)| match (x, y) {
            (Const::Code(x), Const::Code(y)) => Rc::ptr_eq(x, y),
            (Const::Code(_), _) | (_, Const::Code(_)) => false,
            (x, y) => const_key(x) == const_key(y),
        });
    a.qualname == b.qualname
        && a.firstlineno == b.firstlineno
        && a.flags == b.flags
        && a.code == b.code
        && same_consts
        && a.names == b.names
        && a.localsplusnames == b.localsplusnames
        && a.positions == b.positions
        && a.exception_table == b.exception_table
        && a.argcount == b.argcount
        && a.posonlyargcount == b.posonlyargcount
        && a.kwonlyargcount == b.kwonlyargcount
        && a.filename == b.filename
}

impl ConstPool {
    /// Index of `c`, appending it if new.
    pub fn add(&mut self, c: Const) -> u32 {
        if let Const::Code(code) = &c {
            return self.code_slot(code.clone()) as u32;
        }
        let key = const_key(&c);
        if let Some(&i) = self.index.get(&key) {
            return i as u32;
        }
        self.consts.push(c);
        self.index.insert(key, self.consts.len() - 1);
        (self.consts.len() - 1) as u32
    }

    /// The index of a code object: found by `code_hash` and confirmed by `same_code`, not by a
    /// formatted key (formatting every code object's fields cost half the time of compiling a
    /// module with many classes, `collections.abc`).
    fn code_slot(&mut self, code: Rc<CodeObject>) -> usize {
        let h = code_hash(&code);
        let candidates = self.code_index.get(&h).map(Vec::as_slice).unwrap_or(&[]);
        for &i in candidates {
            if let Const::Code(known) = &self.consts[i] {
                if same_code(known, &code) {
                    return i;
                }
            }
        }
        self.consts.push(Const::Code(code));
        let i = self.consts.len() - 1;
        self.code_index.entry(h).or_default().push(i);
        i
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
        self.index.clear();
        self.code_index.clear();
        for (i, c) in self.consts.iter().enumerate() {
            match c {
                Const::Code(code) => self.code_index.entry(code_hash(code)).or_default().push(i),
                other => {
                    self.index.insert(const_key(other), i);
                }
            }
        }
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
