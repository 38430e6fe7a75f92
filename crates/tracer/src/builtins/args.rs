//! Argument parsing for builtins, with CPython's wording for each way CPython parses them.
//!
//! Every builtin checks its own arguments (CPython's C functions do too): the specialized
//! `CALL_BUILTIN_*` forms call the function directly, so no check may be left to the caller.
//! A builtin declares a [`Sig`], its parameters and the *style* of CPython's parser for it,
//! because the style decides the message a wrong call gets:
//!
//! | style | CPython | a wrong count | a keyword |
//! |---|---|---|---|
//! | `One` | `METH_O` | `abs() takes exactly one argument (2 given)` | `abs() takes no keyword arguments` |
//! | `NoArgs` | `METH_NOARGS` | `dict.keys() takes no arguments (1 given)` | same, no keyword arguments |
//! | `Positional` | Argument Clinic, positional only | `pop expected at most 1 argument, got 2` | `list.pop() takes no keyword arguments` |
//! | `Keywords` | Argument Clinic with keywords (`_PyArg_UnpackKeywords`) | `split() takes at most 2 arguments (3 given)`, `missing required argument 'x' (pos 1)` | `split() got an unexpected keyword argument 'x'. Did you mean 'sep'?` |
//! | `Tuple` | `PyArg_ParseTuple` | `union() takes at most 2 arguments (3 given)` | `frozenset.union() takes no keyword arguments` |
//! | `TupleKeywords` | `PyArg_ParseTupleAndKeywords` | `enumerate() takes at most 2 arguments (3 given)` | `'x' is an invalid keyword argument for enumerate()` |
//!
//! A method's `self` is `args[0]`: it is checked against the owner type ("descriptor 'upper'
//! for 'str' objects doesn't apply to a 'int' object") and not counted.

use crate::exceptions::{self as exc, PyErr, PyResult};
use crate::object::{static_type_name, KwArgs};
use crate::value::Value;

/// How CPython parses a builtin's arguments (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    One,
    NoArgs,
    Positional,
    Keywords,
    Tuple,
    TupleKeywords,
}

/// A builtin's parameters: `params[..posonly]` are positional-only, `params[..required]` must
/// be given, `params[kwonly..]` are keyword-only; `varargs` takes any number of positional
/// arguments after them (`print(*objects, sep=...)`).
#[derive(Clone, Copy, Debug)]
pub struct Sig {
    /// The name in CPython's messages (`split`, `sorted`, `enumerate`).
    pub name: &'static str,
    /// The type of a method (`str`), `None` for a function; `Some("math")`-like module names go
    /// in `module`.
    pub owner: Option<&'static str>,
    pub module: Option<&'static str>,
    pub params: &'static [&'static str],
    pub posonly: usize,
    pub required: usize,
    pub kwonly: usize,
    pub varargs: bool,
    pub style: Style,
}

impl Sig {
    /// A function taking positional arguments only.
    pub const fn positional(name: &'static str, min: usize, max: usize) -> Sig {
        Sig {
            name,
            owner: None,
            module: None,
            params: &[],
            posonly: max,
            required: min,
            kwonly: max,
            varargs: false,
            style: Style::Positional,
        }
    }

    /// The same parameters on a method of `owner`.
    pub const fn of(mut self, owner: &'static str) -> Sig {
        self.owner = Some(owner);
        self
    }

    /// The same parameters on a function of `module`.
    pub const fn in_module(mut self, module: &'static str) -> Sig {
        self.module = Some(module);
        self
    }

    pub const fn style(mut self, style: Style) -> Sig {
        self.style = style;
        self
    }

    /// Clinic-style keywords: `params` (all of them nameable from `posonly` on).
    pub const fn keywords(
        name: &'static str,
        params: &'static [&'static str],
        posonly: usize,
        required: usize,
    ) -> Sig {
        Sig {
            name,
            owner: None,
            module: None,
            params,
            posonly,
            required,
            kwonly: params.len(),
            varargs: false,
            style: Style::Keywords,
        }
    }

    pub const fn kwonly_from(mut self, kwonly: usize) -> Sig {
        self.kwonly = kwonly;
        self
    }

    pub const fn with_varargs(mut self) -> Sig {
        self.varargs = true;
        self
    }

    /// `str.split` for a method, `math.sqrt` for a module function, `len` otherwise: the name
    /// the call wrappers use ("str.upper() takes no arguments (1 given)").
    pub fn qualified(&self) -> String {
        match (self.owner, self.module) {
            (Some(prefix), _) | (None, Some(prefix)) => format!("{prefix}.{}", self.name),
            (None, None) => self.name.to_string(),
        }
    }

    fn max_positional(&self) -> usize {
        self.kwonly
    }

    /// Checks `args` and `kw` against the signature; a method's `self` is checked and skipped.
    pub fn bind<'a>(&'static self, args: &'a [Value], kw: KwArgs<'a>) -> PyResult<Bound<'a>> {
        let args = match self.owner {
            Some(owner) => {
                let Some((first, rest)) = args.split_first() else {
                    return Err(exc::type_error(format!(
                        "unbound method {}() needs an argument",
                        self.qualified()
                    )));
                };
                if !self_matches(owner, first) {
                    return Err(exc::type_error(format!(
                        "descriptor '{}' for '{owner}' objects doesn't apply to a '{}' object",
                        self.name,
                        crate::object::type_name_of(first)
                    )));
                }
                rest
            }
            None => args,
        };
        let n = args.len();
        match self.style {
            Style::One | Style::NoArgs => self.bind_simple(n, kw)?,
            Style::Positional => self.bind_positional(n, kw)?,
            Style::Tuple => self.bind_tuple(n, kw)?,
            Style::Keywords => self.bind_keywords(n, kw)?,
            Style::TupleKeywords => self.bind_tuple_keywords(n, kw)?,
        }
        Ok(Bound {
            sig: self,
            args,
            kw,
        })
    }

    fn no_keywords(&self) -> PyErr {
        exc::type_error(format!("{}() takes no keyword arguments", self.qualified()))
    }

    fn bind_simple(&self, n: usize, kw: KwArgs<'_>) -> PyResult<()> {
        if !kw.is_empty() {
            return Err(self.no_keywords());
        }
        let (want, wording) = match self.style {
            Style::One => (1, "exactly one argument"),
            _ => (0, "no arguments"),
        };
        if n != want {
            return Err(exc::type_error(format!(
                "{}() takes {wording} ({n} given)",
                self.qualified()
            )));
        }
        Ok(())
    }

    /// `_PyArg_CheckPositional`: "pop expected at most 1 argument, got 2".
    fn bind_positional(&self, n: usize, kw: KwArgs<'_>) -> PyResult<()> {
        if !kw.is_empty() {
            return Err(self.no_keywords());
        }
        let (min, max) = (self.required, self.max_positional());
        if (min..=max).contains(&n) || (self.varargs && n >= min) {
            return Ok(());
        }
        let s = |k: usize| if k == 1 { "" } else { "s" };
        let message = if min == max {
            format!("{} expected {min} argument{}, got {n}", self.name, s(min))
        } else if n < min {
            format!(
                "{} expected at least {min} argument{}, got {n}",
                self.name,
                s(min)
            )
        } else {
            format!(
                "{} expected at most {max} argument{}, got {n}",
                self.name,
                s(max)
            )
        };
        Err(exc::type_error(message))
    }

    /// `PyArg_ParseTuple`: "union() takes at most 2 arguments (3 given)".
    fn bind_tuple(&self, n: usize, kw: KwArgs<'_>) -> PyResult<()> {
        if !kw.is_empty() {
            return Err(self.no_keywords());
        }
        self.tuple_count(n)
    }

    fn tuple_count(&self, n: usize) -> PyResult<()> {
        let (min, max) = (self.required, self.max_positional());
        if (min..=max).contains(&n) || (self.varargs && n >= min) {
            return Ok(());
        }
        let s = |k: usize| if k == 1 { "" } else { "s" };
        let (how, k) = if min == max {
            ("exactly", min)
        } else if n < min {
            ("at least", min)
        } else {
            ("at most", max)
        };
        Err(exc::type_error(format!(
            "{}() takes {how} {k} argument{} ({n} given)",
            self.name,
            s(k)
        )))
    }

    /// `_PyArg_UnpackKeywords`, step by step as getargs.c.
    fn bind_keywords(&self, n: usize, kw: KwArgs<'_>) -> PyResult<()> {
        let maxpos = self.max_positional();
        let minpos = self.required.min(maxpos);
        let total = self.params.len();
        if kw.is_empty() && n >= minpos && (n <= maxpos || self.varargs) {
            return Ok(());
        }
        let name = self.name;
        let s = |k: usize| if k == 1 { "" } else { "s" };
        if !self.varargs && n + kw.len() > total {
            return Err(exc::type_error(format!(
                "{name}() takes at most {total} {}argument{} ({} given)",
                if n == 0 { "keyword " } else { "" },
                s(total),
                n + kw.len()
            )));
        }
        if n > maxpos && !self.varargs {
            return Err(exc::type_error(if maxpos == 0 {
                format!("{name}() takes no positional arguments")
            } else {
                format!(
                    "{name}() takes {} {maxpos} positional argument{} ({n} given)",
                    if minpos < maxpos {
                        "at most"
                    } else {
                        "exactly"
                    },
                    s(maxpos)
                )
            }));
        }
        let minposonly = self.posonly.min(minpos);
        if n < minposonly {
            return Err(exc::type_error(format!(
                "{name}() takes {} {minposonly} positional argument{} ({n} given)",
                if minposonly < maxpos {
                    "at least"
                } else {
                    "exactly"
                },
                s(minposonly)
            )));
        }
        let mut used = 0;
        let first_named = if self.varargs {
            self.kwonly
        } else {
            n.max(self.posonly)
        };
        for i in first_named..total {
            let found = kw.iter().any(|(k, _)| k.as_str() == self.params[i]);
            if found {
                used += 1;
            } else if i < self.required {
                return Err(exc::type_error(format!(
                    "{name}() missing required argument '{}' (pos {})",
                    self.params[i],
                    i + 1
                )));
            }
        }
        if used < kw.len() {
            for i in self.posonly..n.min(self.kwonly) {
                if kw.iter().any(|(k, _)| k.as_str() == self.params[i]) {
                    return Err(exc::type_error(format!(
                        "argument for {name}() given by name ('{}') and position ({})",
                        self.params[i],
                        i + 1
                    )));
                }
            }
            return Err(self.unexpected_keyword(kw));
        }
        Ok(())
    }

    /// "split() got an unexpected keyword argument 'x'", with CPython's suggestion.
    fn unexpected_keyword(&self, kw: KwArgs<'_>) -> PyErr {
        let nameable = &self.params[self.posonly..];
        let Some((wrong, _)) = kw.iter().find(|(k, _)| !nameable.contains(&k.as_str())) else {
            return exc::type_error(format!("invalid keyword argument for {}()", self.name));
        };
        let wrong = wrong.as_str();
        match crate::interp::suggest::best_candidate(nameable, wrong) {
            Some(better) => exc::type_error(format!(
                "{}() got an unexpected keyword argument '{wrong}'. Did you mean '{better}'?",
                self.name
            )),
            None => exc::type_error(format!(
                "{}() got an unexpected keyword argument '{wrong}'",
                self.name
            )),
        }
    }

    /// `PyArg_ParseTupleAndKeywords` (getargs.c's `vgetargskeywords`).
    fn bind_tuple_keywords(&self, n: usize, kw: KwArgs<'_>) -> PyResult<()> {
        let total = self.params.len();
        let name = self.name;
        let s = |k: usize| if k == 1 { "" } else { "s" };
        if n + kw.len() > total {
            return Err(exc::type_error(format!(
                "{name}() takes at most {total} {}argument{} ({} given)",
                if n == 0 { "keyword " } else { "" },
                s(total),
                n + kw.len()
            )));
        }
        if n > self.max_positional() {
            return Err(exc::type_error(format!(
                "{name}() takes at most {} positional argument{} ({n} given)",
                self.max_positional(),
                s(self.max_positional())
            )));
        }
        for i in n..total {
            let found = kw.iter().any(|(k, _)| k.as_str() == self.params[i]);
            if !found && i < self.required {
                return Err(exc::type_error(if i < self.posonly {
                    format!(
                        "{name}() takes {} {} positional argument{} ({n} given)",
                        if self.required < total {
                            "at least"
                        } else {
                            "exactly"
                        },
                        self.posonly,
                        s(self.posonly)
                    )
                } else {
                    format!(
                        "{name}() missing required argument '{}' (pos {})",
                        self.params[i],
                        i + 1
                    )
                }));
            }
        }
        for (k, _) in kw {
            match self.params.iter().position(|p| *p == k.as_str()) {
                Some(i) if i < n => {
                    return Err(exc::type_error(format!(
                        "argument for {name}() given by name ('{}') and position ({})",
                        k.as_str(),
                        i + 1
                    )))
                }
                Some(i) if i >= self.posonly => {}
                _ => {
                    return Err(exc::type_error(format!(
                        "'{}' is an invalid keyword argument for {name}()",
                        k.as_str()
                    )))
                }
            }
        }
        Ok(())
    }
}

/// True when `v` may be the `self` of a method of `owner` (a `bool` is an `int`).
/// Type-name equality, the common case first: the names are `'static` literals, which the
/// linker merges, so equal names are usually the same pointer and no bytes are compared
/// (this runs on every method-descriptor call, twice).
#[inline(always)]
pub fn same_name(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

fn self_matches(owner: &str, v: &Value) -> bool {
    let t = static_type_name(v);
    same_name(t, owner)
        || (owner == "int" && t == "bool")
        || (owner == "property"
            && matches!(v, Value::Instance(i) if i.class.kind == crate::object::TypeKind::Property))
}

/// Arguments checked against a [`Sig`]: look them up by position.
#[derive(Clone, Copy)]
pub struct Bound<'a> {
    sig: &'static Sig,
    /// The positional arguments, `self` excluded.
    args: &'a [Value],
    kw: KwArgs<'a>,
}

impl<'a> Bound<'a> {
    /// The argument for parameter `i`, given by position or by name.
    pub fn get(&self, i: usize) -> Option<&'a Value> {
        if let Some(v) = self.args.get(i) {
            if i < self.sig.kwonly || self.sig.params.is_empty() {
                return Some(v);
            }
        }
        let name = self.sig.params.get(i)?;
        self.kw
            .iter()
            .find(|(k, _)| k.as_str() == *name)
            .map(|(_, v)| v)
    }

    /// The argument for parameter `i`, treating an explicit `None` as absent.
    pub fn get_not_none(&self, i: usize) -> Option<&'a Value> {
        self.get(i).filter(|v| !matches!(v, Value::None))
    }

    /// Every positional argument (after a method's `self`).
    pub fn positional(&self) -> &'a [Value] {
        self.args
    }
}

/// `operator.index(v)`: an int for an int, a bool or an object with `__index__`, else
/// "'float' object cannot be interpreted as an integer".
pub fn index(vm: &mut crate::vm::Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(i64::from(b.get()))),
        Value::Instance(_) => match vm.call_dunder_opt(v, "__index__", &[])? {
            Some(r @ (Value::Int(_) | Value::BigInt(_))) => Ok(r),
            Some(Value::Bool(b)) => Ok(Value::Int(i64::from(b.get()))),
            Some(other) => Err(exc::type_error(format!(
                "__index__ returned non-int (type {})",
                crate::object::type_name_of(&other)
            ))),
            None => match crate::builtins::subclass::payload(v) {
                Some(p @ (Value::Int(_) | Value::BigInt(_))) => Ok(p.clone()),
                _ => Err(not_an_integer(v)),
            },
        },
        _ => Err(not_an_integer(v)),
    }
}

fn not_an_integer(v: &Value) -> PyErr {
    exc::type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        crate::object::type_name_of(v)
    ))
}

/// An index as a C `Py_ssize_t`: an int too large for one is an OverflowError.
pub fn index_ssize(vm: &mut crate::vm::Vm, v: &Value) -> PyResult<i64> {
    match index(vm, v)? {
        Value::Int(i) => Ok(i),
        _ => Err(exc::new(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// Argument Clinic's `str` converter: "count() argument 1 must be str, not int". `which` is
/// `1` (a positional-only parameter's number) or `'sep'` (a parameter's name, quoted).
pub fn str_arg<'v>(v: &'v Value, function: &str, which: &str) -> PyResult<&'v str> {
    match v {
        Value::Str(s) => Ok(s.as_str()),
        other => Err(exc::type_error(format!(
            "{function}() argument {which} must be str, not {}",
            arg_type_name(other)
        ))),
    }
}

/// Clinic's `str` converter that also takes `None` ("must be str or None, not int").
pub fn str_or_none_arg<'v>(
    v: Option<&'v Value>,
    function: &str,
    which: &str,
) -> PyResult<Option<&'v str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(exc::type_error(format!(
            "{function}() argument {which} must be str or None, not {}",
            arg_type_name(other)
        ))),
    }
}

/// How `_PyArg_BadArgument` names what it got: `None` for None, else the type's name.
pub fn arg_type_name(v: &Value) -> String {
    match v {
        Value::None => "None".to_string(),
        other => crate::object::type_name_of(other),
    }
}

/// `_PyArg_CheckPositional` on its own, for builtins that parse the rest themselves
/// (`sorted expected 1 argument, got 2`).
pub fn check_count(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if (min..=max).contains(&n) {
        return Ok(());
    }
    let s = |k: usize| if k == 1 { "" } else { "s" };
    Err(exc::type_error(if min == max {
        format!("{name} expected {min} argument{}, got {n}", s(min))
    } else if n < min {
        format!("{name} expected at least {min} argument{}, got {n}", s(min))
    } else {
        format!("{name} expected at most {max} argument{}, got {n}", s(max))
    }))
}
