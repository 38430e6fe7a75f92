//! Where machine code finds the state of heap values: the byte offsets of `Layout`
//! (tracer's `backend/state.rs`), measured once on real values, because Rust defines none
//! of them (where an `Rc` keeps its value and its counts, where a `RefCell` keeps its
//! contents, the order of a `Vec`'s words or of a struct's fields). Part of `memory.rs`,
//! the crate's only `unsafe` module: reading those words is the unsafe part.

use tracer::backend::state::Layout;
use tracer::value::Value;

use super::value_words;

/// Where machine code finds the state of iterators, lists and instances ([`Layout`], in
/// bytes from a value's payload word, its `Rc`'s pointer), for `JitState::layout`. Rust
/// defines none of these places (where an `Rc` keeps its value, where a `RefCell` keeps its
/// contents, the order of a `Vec`'s words or of a struct's fields), so they are measured
/// once, on real values; `None` (the JIT then compiles nothing) if a measurement is
/// ambiguous.
pub fn layout() -> Option<&'static Layout> {
    static LAYOUT: std::sync::OnceLock<Option<Layout>> = std::sync::OnceLock::new();
    LAYOUT.get_or_init(measure_layout).as_ref()
}

/// The words of a `Vec<Value>` that hold its items pointer and its length (byte offsets
/// inside the `Vec`), found on a vector whose three words differ.
fn vec_words(vec: &Vec<Value>) -> Option<(u64, u64)> {
    const WORDS: usize = std::mem::size_of::<Vec<Value>>() / 8;
    const _: () = assert!(std::mem::size_of::<Vec<Value>>() == WORDS * 8);
    // SAFETY: a `Vec<Value>` is `WORDS` initialized machine words (a pointer and two
    // lengths; its size is exactly three words, asserted above, so there is no padding);
    // reading them as integers copies them and changes nothing.
    let words = unsafe {
        std::ptr::from_ref(vec)
            .cast::<[u64; WORDS]>()
            .read_unaligned()
    };
    let find = |want: u64| {
        let mut at = (0..WORDS).filter(|&i| words[i] == want);
        match (at.next(), at.next()) {
            (Some(i), None) => Some(i as u64 * 8),
            _ => None,
        }
    };
    let (data, len) = (vec.as_ptr() as u64, vec.len() as u64);
    (data != len && vec.capacity() != vec.len()).then_some(())?;
    Some((find(data)?, find(len)?))
}

/// Bytes from the payload word of `v` (an `Rc`'s pointer) to the `Rc`'s value at `value`.
fn from_payload<T>(v: &Value, value: *const T) -> Option<u64> {
    (value as u64).checked_sub(value_words(v).1)
}

fn measure_layout() -> Option<Layout> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use tracer::object::iter::{make, Iter};
    use tracer::object::{Class, Instance, TypeKind};
    let it = make(Iter::Range {
        next: 0,
        step: 1,
        remaining: 0,
    });
    let Value::Iter(rc) = &it else {
        return None;
    };
    let iter = from_payload(&it, RefCell::as_ptr(rc))?;
    // A list of one item with room for four: its `Vec`'s words are three different numbers.
    let mut items = Vec::with_capacity(4);
    items.push(Value::None);
    let list = Value::List(Rc::new(RefCell::new(items)));
    let Value::List(rc) = &list else {
        return None;
    };
    let vec = RefCell::as_ptr(rc);
    // SAFETY: `vec` points to the live `Vec` of `list`, which nothing borrows; the shared
    // reference lives only for this call.
    let (items_at, len_at) = vec_words(unsafe { &*vec })?;
    let list_base = from_payload(&list, vec)?;
    // An instance: its class word, the class's version, its values and `has_dict`.
    let class = Class::new("C", TypeKind::Object, None, Default::default(), true);
    let object = Value::Instance(Rc::new(Instance::new(class.clone())));
    let Value::Instance(inst) = &object else {
        return None;
    };
    let inst_base = from_payload(&object, Rc::as_ptr(inst))?;
    let instance_class = inst_base + std::mem::offset_of!(Instance, class) as u64;
    let class_word = value_words(&object).1 + instance_class;
    let class_version = (Rc::as_ptr(&class) as u64).checked_sub(class_word_value(class_word)?)?
        + std::mem::offset_of!(Class, version) as u64;
    let class_keys_len = keys_len_at(&class, class_word_value(class_word)?)?;
    inst.slots.borrow_mut().reserve(4);
    inst.slots.borrow_mut().push(Value::None);
    let slots = RefCell::as_ptr(&inst.slots);
    // SAFETY: as for the list above: the instance's live `Vec`, not borrowed.
    let (inst_items, inst_len) = vec_words(unsafe { &*slots })?;
    let slots_base = from_payload(&object, slots)?;
    let dicts = measure_dicts()?;
    let builtin_float_kernel = measure_float_kernel()?;
    let cell = Value::Cell(Rc::new(RefCell::new(Value::None)));
    let Value::Cell(rc) = &cell else {
        return None;
    };
    let cell_value = from_payload(&cell, RefCell::as_ptr(rc))?;
    Some(Layout {
        iter,
        list_items: list_base + items_at,
        list_len: list_base + len_at,
        instance_class,
        class_version,
        class_keys_len,
        instance_items: slots_base + inst_items,
        instance_len: slots_base + inst_len,
        instance_has_dict: inst_base + std::mem::offset_of!(Instance, has_dict) as u64,
        strong: strong_everywhere(&[
            &list,
            &object,
            &it,
            &Value::str("s"),
            &Value::tuple(vec![Value::None]),
            &Value::dict(Default::default()),
        ])?,
        builtin_float_kernel,
        cell_value,
        ..dicts
    })
}

/// Where a `Value::Builtin` keeps its `float_kernel`, in bytes from its payload word;
/// checked by reading it on two builtins: the kernel's address on one that has it, 0 on
/// one that has none (`Option` of a function pointer is one word, `None` being 0).
fn measure_float_kernel() -> Option<u64> {
    use tracer::object::{Builtin, CallConv, FloatKernel};
    const _: () = assert!(std::mem::size_of::<Option<FloatKernel>>() == 8);
    extern "C" fn twice(x: f64) -> f64 {
        2.0 * x
    }
    let make = |float_kernel: Option<FloatKernel>| {
        Value::Builtin(std::rc::Rc::new(Builtin {
            name: "f",
            owner: None,
            conv: CallConv::O,
            func: |_, _, _| Ok(Value::None),
            module: None,
            positional: (1, 1),
            needs_caller: false,
            float_kernel,
        }))
    };
    let (with, without) = (make(Some(twice)), make(None));
    let Value::Builtin(b) = &with else {
        return None;
    };
    let at = from_payload(&with, &raw const b.float_kernel)?;
    let read = |v: &Value| {
        let word = value_words(v).1 + at;
        debug_assert!(word.is_multiple_of(8));
        // SAFETY: `at` is the offset of the `float_kernel` field (one initialized word,
        // asserted above) from the payload word of a `Value::Builtin`, measured on `with`
        // just now; `v` is a live builtin of the same layout, so the word is inside its
        // `Rc` allocation. Reading it copies an integer and changes nothing.
        unsafe { (word as *const u64).read() }
    };
    (read(&with) == twice as FloatKernel as usize as u64 && read(&without) == 0).then_some(at)
}

/// The `dict*` and `module_dict` fields of [`Layout`] (the rest left 0), measured on a
/// module whose dict holds two entries: where its `Dict` sits behind the `Rc` word, where
/// the `Dict` keeps its keys version (tracer names it) and its entries pointer (the one
/// word of the `Dict` that points at most one entry before the first value), and how far
/// apart two entries' values are.
fn measure_dicts() -> Option<Layout> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use tracer::object::dict::str_key;
    use tracer::object::{Dict, Module};
    let mut dict = Dict::new();
    dict.insert(str_key("a"), Value::None);
    dict.insert(str_key("b"), Value::None);
    let Value::Str(name) = Value::str("m") else {
        return None;
    };
    let module = Value::Module(Rc::new(Module {
        name,
        dict: Rc::new(RefCell::new(dict)),
    }));
    let Value::Module(m) = &module else {
        return None;
    };
    let module_dict = from_payload(&module, &raw const m.dict)?;
    // The `Rc<RefCell<Dict>>` word: one pointer (asserted), read as the payload word of a
    // `Value::Dict` holding the same `Rc` would be.
    const _: () = assert!(std::mem::size_of::<Rc<RefCell<Dict>>>() == 8);
    let rc_word = value_words(&Value::Dict(m.dict.clone())).1;
    let at = RefCell::as_ptr(&m.dict);
    let dict_offset = (at as u64).checked_sub(rc_word)?;
    debug_assert!(at.is_aligned() && m.dict.try_borrow_mut().is_ok());
    // SAFETY: `at` is the live `Dict` of `module`, which nothing borrows mutably; the shared
    // reference lives only for this function, which changes nothing.
    let d = unsafe { &*at };
    let first = std::ptr::from_ref(d.value_at(0)?) as u64;
    let stride = (std::ptr::from_ref(d.value_at(1)?) as u64).checked_sub(first)?;
    (stride >= 16).then_some(())?;
    const WORDS: usize = std::mem::size_of::<Dict>() / 8;
    let version_word = Dict::KEYS_VERSION_OFFSET / 8;
    let read = |i: usize| {
        debug_assert!(i < WORDS && i != version_word);
        // SAFETY: word `i` of the live `Dict` (`i < WORDS`, inside its size); every word but
        // the one holding the `u32` keys version (skipped by the callers: its other half
        // may be padding) is made of pointers and integers, initialized.
        unsafe { (at.cast::<u64>()).add(i).read_unaligned() }
    };
    let mut candidates = (0..WORDS)
        .filter(|&i| i != version_word)
        .filter(|&i| (first.wrapping_sub(read(i))) < stride);
    let entries_word = match (candidates.next(), candidates.next()) {
        (Some(i), None) => i,
        _ => return None,
    };
    let entries = read(entries_word);
    Some(Layout {
        dict: dict_offset,
        dict_keys_version: Dict::KEYS_VERSION_OFFSET as u64,
        dict_entries: entries_word as u64 * 8,
        dict_entry_size: stride,
        dict_entry_value: first - entries,
        module_dict,
        ..Layout::default()
    })
}

/// Where the strong count sits for every heap value: measured on values of several kinds,
/// which must agree. (Every heap variant of `Value` is an `Rc<T>` of a sized `T`, whose
/// pointer is to std's `RcInner<T>`, `#[repr(C)]` with the strong count first, so one
/// place serves all; measuring checks that instead of trusting it.)
fn strong_everywhere(values: &[&Value]) -> Option<u64> {
    let (first, rest) = values.split_first()?;
    let at = strong_count_at(first)?;
    rest.iter()
        .all(|v| strong_count_at(v) == Some(at))
        .then_some(at)
}

/// Where the strong count of the `Rc` behind `v` (a heap value held once, not otherwise
/// shared) sits, in bytes from its payload word: the one word before the `Rc`'s value that
/// reads 1 and then 2 once a clone exists.
fn strong_count_at(v: &Value) -> Option<u64> {
    let word = value_words(v).1;
    let value = match v {
        Value::List(rc) => rc_value(rc),
        Value::Instance(rc) => rc_value(rc),
        Value::Iter(rc) => rc_value(rc),
        Value::Str(rc) => rc_value(rc),
        Value::Tuple(rc) => rc_value(rc),
        Value::Dict(rc) => rc_value(rc),
        _ => return None,
    };
    let words = usize::try_from(value.checked_sub(word)? / 8).ok()?;
    // SAFETY: the `words` words from the payload word up to the `Rc`'s value are the `Rc`'s
    // own header (its reference counts: initialized `usize`s) of the live value `v`.
    let read = |i: usize| unsafe { ((word as usize + 8 * i) as *const u64).read() };
    let before: Vec<u64> = (0..words).map(read).collect();
    let clone = v.clone();
    let after: Vec<u64> = (0..words).map(read).collect();
    drop(clone);
    let mut at = (0..words).filter(|&i| before[i] == 1 && after[i] == 2);
    match (at.next(), at.next()) {
        (Some(i), None) => Some(i as u64 * 8),
        _ => None,
    }
}

/// The address of an `Rc`'s value.
fn rc_value<T>(rc: &std::rc::Rc<T>) -> u64 {
    std::rc::Rc::as_ptr(rc) as u64
}

/// The word at `address`: an instance's class field (an `Rc<Class>`, one pointer word).
/// Where a class keeps the number of its shared keys, in bytes from `word` (the value of an
/// `Rc<Class>` word, as an instance holds it): a word inside `Class::shared_keys` (an
/// `IndexMap`, behind a `RefCell` nobody borrows here) that reads the map's length with two,
/// three and four keys. The map keeps its length twice (its entries' `Vec` and its hash
/// table) and both always agree, so the first such word serves.
fn keys_len_at(class: &std::rc::Rc<tracer::object::Class>, word: u64) -> Option<u64> {
    use tracer::object::namehash::NameMap;
    const WORDS: usize = std::mem::size_of::<NameMap<()>>() / 8;
    const _: () = assert!(std::mem::size_of::<NameMap<()>>() == WORDS * 8);
    let map = std::cell::RefCell::as_ptr(&class.shared_keys);
    debug_assert!(map.is_aligned() && class.shared_keys.try_borrow_mut().is_ok());
    let read = || {
        // SAFETY: `map` is the live `IndexMap` of `class`, which nothing borrows (the
        // class was just made and is not shared); it is `WORDS` initialized words (its
        // size is a whole number of words, asserted above: pointers and lengths, no
        // padding). Reading them copies integers and changes nothing.
        unsafe { map.cast::<[u64; WORDS]>().read_unaligned() }
    };
    let mut candidates: Vec<usize> = (0..WORDS).collect();
    for (n, key) in ["a", "b", "c", "d"].into_iter().enumerate() {
        class
            .shared_keys
            .borrow_mut()
            .insert(std::rc::Rc::from(key), ());
        let words = read();
        if n >= 1 {
            candidates.retain(|&i| words[i] == n as u64 + 1);
        }
    }
    class.shared_keys.borrow_mut().clear();
    let first = *candidates.first()?;
    (map as u64 + first as u64 * 8).checked_sub(word)
}

fn class_word_value(address: u64) -> Option<u64> {
    const _: () = assert!(std::mem::size_of::<std::rc::Rc<tracer::object::Class>>() == 8);
    // SAFETY: `address` is the `class` field of the live instance `measure_layout` holds:
    // an `Rc<Class>`, one initialized, aligned pointer word (size asserted above).
    Some(unsafe { (address as *const u64).read() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer::backend::state::value::tag;
    use tracer::backend::state::Slot;

    /// The words machine code reads, read from a real `Value`.
    fn words(v: &Value) -> (u64, u64) {
        value_words(v)
    }

    #[test]
    fn measured_offsets_find_iterator_and_list_state() {
        use std::cell::RefCell;
        use tracer::backend::state::iter::{tag as iter_tag, ListIter, RangeIter};
        use tracer::object::iter::{make, Iter};
        let layout = layout().expect("offsets measured");
        let (iter_offset, items_at, len_at) = (layout.iter, layout.list_items, layout.list_len);
        let it = make(Iter::Range {
            next: 5,
            step: -2,
            remaining: 3,
        });
        let at = words(&it).1 + iter_offset;
        // SAFETY: `at` is where the measured offset says the live iterator's state is: an
        // `Iter::Range`, `repr(u64)`, four initialized words.
        let range = unsafe { (at as *const RangeIter).read() };
        assert_eq!(
            (range.tag, range.next, range.step, range.remaining),
            (iter_tag::RANGE, 5, -2, 3)
        );
        let items = vec![Value::Int(1), Value::Int(2), Value::Int(3)];
        let list = Value::List(std::rc::Rc::new(RefCell::new(items)));
        let it = make(Iter::List {
            list: match &list {
                Value::List(rc) => rc.clone(),
                _ => unreachable!(),
            },
            index: 1,
        });
        let at = words(&it).1 + iter_offset;
        // SAFETY: as above, an `Iter::List`: tag, the list's `Rc` word, the index.
        let view = unsafe { (at as *const ListIter).read() };
        assert_eq!(
            (view.tag, view.list, view.index),
            (iter_tag::LIST, words(&list).1, 1)
        );
        // SAFETY: the measured offsets name the `Vec`'s length and items pointer words of
        // this live list, which nothing borrows.
        let (len, first) = unsafe {
            let len = ((view.list + len_at) as *const u64).read();
            let data = ((view.list + items_at) as *const *const Slot).read();
            (len, data.add(2).read())
        };
        assert_eq!(len, 3);
        assert_eq!((first.tag, first.payload), (tag::INT, 3));
    }

    #[test]
    fn measured_offsets_find_instance_state() {
        use std::rc::Rc;
        use tracer::object::{Class, Instance, TypeKind};
        let layout = layout().expect("offsets measured");
        let class = Class::new("K", TypeKind::Object, None, Default::default(), true);
        class.version.set(1234);
        for key in ["x", "y", "z"] {
            class.shared_keys.borrow_mut().insert(Rc::from(key), ());
        }
        let inst = Rc::new(Instance::new(class));
        inst.slots
            .borrow_mut()
            .extend([Value::Int(7), Value::Int(8)]);
        let v = Value::Instance(inst.clone());
        let p = words(&v).1;
        // SAFETY: the measured offsets name the class word, the class's version and number
        // of shared keys, the values' length and items pointer, and the `has_dict` byte of
        // this live instance.
        let (version, keys, len, second, has_dict) = unsafe {
            let class = ((p + layout.instance_class) as *const u64).read();
            let version = ((class + layout.class_version) as *const u32).read();
            let keys = ((class + layout.class_keys_len) as *const u64).read();
            let len = ((p + layout.instance_len) as *const u64).read();
            let items = ((p + layout.instance_items) as *const *const Slot).read();
            let flag = ((p + layout.instance_has_dict) as *const u8).read();
            (version, keys, len, items.add(1).read(), flag)
        };
        assert_eq!((version, keys, len, has_dict), (1234, 3, 2, 0));
        // SAFETY: the measured offset names the strong count of this live instance's `Rc`.
        let strong = unsafe { ((p + layout.strong) as *const u64).read() };
        assert_eq!(strong, Rc::strong_count(&inst) as u64);
        assert_eq!((second.tag, second.payload), (tag::INT, 8));
        inst.set_attr("not_shared", Value::None);
        // SAFETY: as above.
        let flag = unsafe { ((p + layout.instance_has_dict) as *const u8).read() };
        assert_eq!(flag, u8::from(inst.dict.borrow().is_some()));
    }
}
