//! CPython's debug dump: [`Hamt::cpython_dump`] prints a tree exactly as a debug
//! build's `hamt.__dump__()` does (`hamt_py_dump` and the `hamt_node_*_dump`
//! functions), except that node ids (`id=0x...`) are left out, and keys and values
//! are printed with their Python `repr` through [`PyRepr`].
//!
//! The format, per node at nesting `level` (indent = 4 spaces per step):
//! ```text
//! HAMT(len=N):
//!     BitmapNode(size=<2*count> count=<count> bitmap=<0b...>):   indent level+1
//!         key: value                                            indent level+2
//!         NULL:                                                 then the child at level+2
//!     ArrayNode():                                              (CPython: ArrayNode(id=...))
//!         <slot>::                                              then the child at level+1
//!     CollisionNode(size=<2*count>):
//!         key: value
//! ```
//! Every Bitmap entry and every Array slot is followed by a newline, which puts a
//! blank line after each nested node.

use std::fmt::Write;

use crate::map::Hamt;
use crate::node::{live, Entry, Node};

/// A value's Python `repr()`, used by the dump: integers print plainly, strings
/// with quotes and escapes the way Python chooses them.
pub trait PyRepr {
    /// Write the repr of `self`.
    fn py_repr(&self, out: &mut String);
}

macro_rules! py_repr_int {
    ($($t:ty),*) => {$(
        impl PyRepr for $t {
            fn py_repr(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
py_repr_int!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl PyRepr for bool {
    fn py_repr(&self, out: &mut String) {
        out.push_str(if *self { "True" } else { "False" });
    }
}

impl PyRepr for str {
    fn py_repr(&self, out: &mut String) {
        py_str_repr(self, out);
    }
}

impl PyRepr for String {
    fn py_repr(&self, out: &mut String) {
        py_str_repr(self, out);
    }
}

impl PyRepr for char {
    fn py_repr(&self, out: &mut String) {
        let mut buf = [0u8; 4];
        py_str_repr(self.encode_utf8(&mut buf), out);
    }
}

impl<T: PyRepr + ?Sized> PyRepr for &T {
    fn py_repr(&self, out: &mut String) {
        (**self).py_repr(out);
    }
}

impl<T: PyRepr + ?Sized> PyRepr for Box<T> {
    fn py_repr(&self, out: &mut String) {
        (**self).py_repr(out);
    }
}

impl<T: PyRepr + ?Sized> PyRepr for std::sync::Arc<T> {
    fn py_repr(&self, out: &mut String) {
        (**self).py_repr(out);
    }
}

/// The repr of `value` as a new string.
pub fn repr<T: PyRepr + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.py_repr(&mut out);
    out
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and no
/// double quote; backslash escapes for `\\`, the quote, `\t \n \r`, and `\xNN`,
/// `\uNNNN`, `\UNNNNNNNN` for characters Python does not print. Python decides
/// printability from the Unicode database; this approximation escapes control
/// characters, separators other than the space, the common format characters and
/// private-use characters, which covers what the examples use.
pub fn py_str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
}

fn is_printable(c: char) -> bool {
    let n = c as u32;
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(n, 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e)
        || matches!(n, 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x206f)
        || matches!(n, 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff))
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("    ");
    }
}

/// `hamt_node_dump` and the per-kind dump functions.
fn dump_node<K: PyRepr, V: PyRepr>(node: &Node<K, V>, out: &mut String, level: usize) {
    indent(out, level + 1);
    match node {
        Node::Bitmap { bitmap, entries } => {
            let entries = live(*bitmap, entries);
            let n = entries.len();
            let _ = writeln!(
                out,
                "BitmapNode(size={} count={n} bitmap={bitmap:#b}):",
                2 * n
            );
            for entry in entries.iter() {
                indent(out, level + 2);
                match entry {
                    Entry::Child(child) => {
                        out.push_str("NULL:\n");
                        dump_node(child, out, level + 2);
                    }
                    Entry::Leaf { key, value, .. } => {
                        key.py_repr(out);
                        out.push_str(": ");
                        value.py_repr(out);
                    }
                    Entry::Spare => {}
                }
                out.push('\n');
            }
        }
        Node::Array(array) => {
            out.push_str("ArrayNode():\n");
            for (slot, child) in array.slots.iter().enumerate() {
                if let Some(child) = child {
                    indent(out, level + 2);
                    let _ = writeln!(out, "{slot}::");
                    dump_node(child, out, level + 1);
                    out.push('\n');
                }
            }
        }
        Node::Collision { entries, .. } => {
            let _ = writeln!(out, "CollisionNode(size={}):", 2 * entries.len());
            for (key, value) in entries.iter() {
                indent(out, level + 2);
                key.py_repr(out);
                out.push_str(": ");
                value.py_repr(out);
                out.push('\n');
            }
        }
    }
}

impl<K: PyRepr, V: PyRepr, H> Hamt<K, V, H> {
    /// The tree in CPython's `__dump__()` format with node ids left out (see the
    /// module docs). This is the returned string itself: `print(h.__dump__())` in
    /// Python adds one more newline, so a file saved from `print` equals
    /// `format!("{}\n", map.cpython_dump())`.
    pub fn cpython_dump(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "HAMT(len={}):", self.len);
        dump_node(&self.root, &mut out, 0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected reprs printed by `python3.13 -c 'print(repr(...))'`.
    #[test]
    fn str_repr_matches_python() {
        assert_eq!(repr("it's"), "\"it's\"");
        assert_eq!(repr("a\"b'c"), "'a\"b\\'c'");
        assert_eq!(
            repr("\n\t\u{0}\u{e9}\u{200b}"),
            "'\\n\\t\\x00\u{e9}\\u200b'"
        );
        assert_eq!(repr(&-5i32), "-5");
        assert_eq!(repr(&true), "True");
    }
}
