//! Python's `repr()` of the constants a code object can hold, as `dis` prints them in argument
//! descriptions: `'text'`, `1e+16`, `(0, 1)`, `<code object f at 0x..., file "x.py", line 1>`.

use crate::code::{CodeObject, Const};

// The reprs of floats, strs and bytes are the runtime's own (`object::float`, `object::str`):
// a constant prints in a listing exactly as the running program would print it.
pub use crate::object::float::repr as float_repr;
pub use crate::object::str::{bytes_repr, repr as str_repr};

/// The repr of a float inside a complex: like `float_repr` without a trailing `.0`.
fn complex_part(f: f64) -> String {
    let s = float_repr(f);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// How `dis` names a code object; `address` stands in for CPython's memory address.
pub fn code_repr(code: &CodeObject, address: u64) -> String {
    format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        code.name, address, code.filename, code.firstlineno
    )
}

/// Python's `repr()` of a constant. `address_of` supplies the placeholder address of nested
/// code objects.
pub fn const_repr(c: &Const, address_of: &dyn Fn(&CodeObject) -> u64) -> String {
    match c {
        Const::None => "None".into(),
        Const::Bool(true) => "True".into(),
        Const::Bool(false) => "False".into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(s) => s.to_string(),
        Const::Float(f) => float_repr(*f),
        Const::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", complex_part(*im))
            } else {
                let sign = if *im < 0.0 || (*im == 0.0 && im.is_sign_negative()) {
                    "-"
                } else {
                    "+"
                };
                format!("({}{}{}j)", complex_part(*re), sign, complex_part(im.abs()))
            }
        }
        Const::Str(s) => str_repr(s),
        Const::SurrogateStr(units) => crate::object::str::repr_code_points(units),
        Const::Bytes(b) => bytes_repr(b),
        Const::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(|i| const_repr(i, address_of)).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        }
        Const::FrozenSet(items) => {
            if items.is_empty() {
                return "frozenset()".into();
            }
            let inner: Vec<String> = items.iter().map(|i| const_repr(i, address_of)).collect();
            format!("frozenset({{{}}})", inner.join(", "))
        }
        Const::Ellipsis => "Ellipsis".into(),
        Const::Code(code) => code_repr(code, address_of(code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(123456.789), "123456.789");
        assert_eq!(float_repr(-2.5), "-2.5");
        assert_eq!(float_repr(0.0001), "0.0001");
    }

    #[test]
    fn strings_print_like_python() {
        assert_eq!(str_repr("a'b"), "\"a'b\"");
        assert_eq!(str_repr("a\nb"), "'a\\nb'");
        assert_eq!(str_repr("é"), "'é'");
        assert_eq!(bytes_repr(b"\x00a"), "b'\\x00a'");
    }
}
