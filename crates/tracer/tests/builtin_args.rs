//! Every builtin function, method and type constructor of the VM, called with every arity from
//! none to one too many, an unknown keyword, each argument by keyword and each argument of a
//! wrong type (about 2300 calls), against CPython 3.13's outcome for the same call: the value's
//! repr, or the exception's type and message, word for word. A second test walks the VM's
//! builtins module, `math` and every builtin type's methods, and fails on any the table does not
//! call (unless listed in NOT_IN_TABLE with a reason), so a new builtin cannot go unchecked.
//!
//! The calls and CPython's outcomes are in tests/builtin_args/expected.txt, written by
//! `PYENV_VERSION=3.13.0 python3.13 scripts/builtin-args.py` (see its docs for how the calls are
//! made). With python3.13 installed, the script's live output must equal the file, so the file
//! cannot drift from CPython; without it the file is the oracle.

use std::path::PathBuf;
use std::process::Command;

use tracer::vm::{run_source, with_big_stack, VmOptions};

/// Calls the VM refuses in so many words ("not supported yet: ..."), with why: checked both
/// ways, like tests/programs/known-differences.txt.
const REFUSED: &[(&str, &str)] = &[
    (
        "eval('1 + 1', {}, 's')",
        "locals that are a mapping but not a dict",
    ),
    ("eval('1 + 1', {}, [1])", "as above"),
    ("exec('y = 1', {}, 's')", "as above"),
    ("exec('y = 1', {}, [1])", "as above"),
    ("list[int]", "no types.GenericAlias"),
    (
        "super()",
        "super() runs only as `super().name` inside a method",
    ),
    ("super(int, 1)", "super() runs only as `super().name`"),
];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

/// `0x7f3a...` -> `0x?`, as the script scrubs CPython's addresses.
fn scrub_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let digits = rest[i + 2..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len() - i - 2);
        if digits == 0 {
            out.push_str("0x");
        } else {
            out.push_str("0x?");
        }
        rest = &rest[i + 2 + digits..];
    }
    out.push_str(rest);
    out
}

struct Cases {
    prelude: String,
    template: String,
    /// CPython's names of the builtins the cases call (`print`, `str.split`, `math.sqrt`).
    covers: Vec<String>,
    cases: Vec<(String, String)>,
}

fn parse(text: &str) -> Cases {
    let mut prelude = String::new();
    let mut template = String::new();
    let mut covers = Vec::new();
    let mut cases = Vec::new();
    for line in text.lines() {
        let (head, tail) = line.split_once('\t').expect("EXPR<TAB>OUTCOME");
        match head {
            "#prelude" => prelude = unescape(tail),
            "#template" => template = unescape(tail),
            "#covers" => covers = tail.split(' ').map(str::to_string).collect(),
            _ => cases.push((head.to_string(), tail.to_string())),
        }
    }
    Cases {
        prelude,
        template,
        covers,
        cases,
    }
}

fn checked_in() -> String {
    let path = repo_root().join("crates/tracer/tests/builtin_args/expected.txt");
    std::fs::read_to_string(&path).expect("read builtin_args/expected.txt")
}

/// The script's output run live by python3.13, when installed.
fn live() -> Option<String> {
    let out = Command::new("python3.13")
        .arg(repo_root().join("scripts/builtin-args.py"))
        .arg("--print")
        .env("PYENV_VERSION", "3.13.0")
        .env("PYTHONHASHSEED", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What our VM prints for one case, escaped and scrubbed as the script does.
fn ours(program: String) -> String {
    let run = std::panic::catch_unwind(|| run_source(&program, "<case>", VmOptions::default()));
    match run {
        Ok(Ok(out)) => {
            let mut text = out.stdout;
            if let Some(err) = out.error {
                text.push_str(&format!("<uncaught> {}", err.lines().last().unwrap_or("")));
            }
            escape(&scrub_addresses(text.trim_end_matches('\n')))
        }
        Ok(Err(e)) => format!("<compile error> {e}"),
        Err(_) => "<panic>".to_string(),
    }
}

#[test]
fn builtins_check_arguments_as_cpython() {
    let text = checked_in();
    if let Some(live) = live() {
        assert!(
            live == text,
            "tests/builtin_args/expected.txt differs from python3.13's outcomes: rerun \
             PYENV_VERSION=3.13.0 python3.13 scripts/builtin-args.py"
        );
    } else {
        eprintln!("python3.13 not available: comparing with the checked-in outcomes");
    }
    let cases = parse(&text);
    let total = cases.cases.len();
    let failures = with_big_stack(move || {
        let mut failures = Vec::new();
        for (expr, want) in &cases.cases {
            let program = format!(
                "{}{}",
                cases.prelude,
                cases.template.replace("{expr}", expr)
            );
            let got = ours(program);
            let refused = got.contains("NotImplementedError: not supported yet: ");
            let listed = REFUSED.iter().any(|(e, _)| e == expr);
            if listed && !refused {
                failures.push(format!("{expr}\n    listed as refused but ours: {got}"));
            } else if &got != want && !(listed && refused) {
                failures.push(format!(
                    "{expr}\n    python3.13: {want}\n    ours:       {got}"
                ));
            }
        }
        failures
    });
    assert!(
        failures.is_empty(),
        "{} of {total} calls differ from python3.13:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Builtins of the VM the table leaves out on purpose, with why.
const NOT_IN_TABLE: &[(&str, &str)] = &[
    (
        "object.__new__",
        "reached through `super().__new__(cls)` and `object.__new__(cls)`; its argument errors \
         are compared with CPython by tests/programs/new_and_immutable_subclass.py",
    ),
    (
        "__build_class__",
        "called by the class statement only (tests/programs/class_creation.py)",
    ),
    (
        "iterator.__next__",
        "the sequence-protocol iterator (`iter(obj)` of an object with only `__getitem__`): the \
         same slot wrappers as list_iterator's, which the table calls",
    ),
    ("iterator.__iter__", "as iterator.__next__"),
    (
        "object.__setattr__",
        "reached from a Python `__setattr__` (frozen dataclasses): \
         tests/programs/dataclasses_basic.py",
    ),
    ("object.__delattr__", "as object.__setattr__"),
    (
        "type.__new__",
        "reached through `super().__new__` in a metaclass: tests/programs/metaclasses.py",
    ),
    ("type.__init__", "as type.__new__"),
    (
        "type.__call__",
        "as type.__new__ (`super().__call__` in a metaclass's __call__)",
    ),
    (
        "type.__instancecheck__",
        "reached from a metaclass's own hooks: tests/programs/typing_module.py",
    ),
    ("type.__subclasscheck__", "as type.__instancecheck__"),
    (
        "type.__subclasses__",
        "called by abc.ABCMeta.__subclasscheck__: tests/programs/abc_collections.py",
    ),
];

/// Every builtin function, method and type the VM installs, by CPython's name: module-level
/// functions and types of `builtins` and `math`, and the methods in each builtin type's dict.
/// Left out: exception classes (they share BaseException's constructor, which the table calls
/// through `Exception` and `ValueError`), and the builtins the VM refuses by name (`eval()`
/// says "not supported yet: eval").
fn installed() -> Vec<String> {
    use tracer::object::Class;
    use tracer::value::Value;
    let vm = tracer::vm::Vm::new(VmOptions::default());
    let mut names = std::collections::BTreeSet::new();
    let mut classes: Vec<std::rc::Rc<Class>> = Vec::new();
    let t = &vm.types;
    classes.extend([
        t.object.clone(),
        t.type_.clone(),
        t.int.clone(),
        t.float.clone(),
        t.str_.clone(),
        t.bytes.clone(),
        t.tuple.clone(),
        t.list.clone(),
        t.dict.clone(),
        t.set.clone(),
        t.frozenset.clone(),
        t.range.clone(),
        t.slice.clone(),
        t.generator.clone(),
        t.iterator.clone(),
        t.dict_view.clone(),
        t.dict_values.clone(),
        t.dict_items.clone(),
        t.enumerate.clone(),
        t.zip.clone(),
        t.reversed.clone(),
        t.map.clone(),
        t.filter.clone(),
        t.super_.clone(),
        t.base_exception.clone(),
    ]);
    classes.extend(t.iterators.values().cloned());
    let math = match vm.modules.get("math") {
        Some(Value::Module(m)) => Some(m.dict.clone()),
        _ => None,
    };
    for dict in [Some(vm.builtins.clone()), math].into_iter().flatten() {
        for (_, value) in dict.borrow().iter() {
            match value {
                Value::Builtin(b) => {
                    names.insert(match b.module {
                        Some(module) => format!("{module}.{}", b.name),
                        None => b.name.to_string(),
                    });
                }
                Value::Type(c) => {
                    if !c.is_subclass(&t.base_exception) {
                        names.insert(c.name.as_str().to_string());
                    }
                    classes.push(c.clone());
                }
                _ => {}
            }
        }
    }
    for class in &classes {
        if class.is_subclass(&t.base_exception) {
            continue;
        }
        for value in class.dict.borrow().values() {
            if let Value::Builtin(b) = value {
                // `add_method` names the owner of types it has no word for "object".
                let owner = match b.owner {
                    Some(owner) if owner != "object" => owner,
                    _ => class.name.as_str(),
                };
                names.insert(format!("{owner}.{}", b.name));
            }
        }
    }
    with_big_stack(move || {
        names
            .into_iter()
            .filter(|name| !refused_by_name(name))
            .collect()
    })
}

/// `name()` answers "not supported yet: name" (a builtin the VM knows only to refuse it).
fn refused_by_name(name: &str) -> bool {
    if name.contains('.') {
        return false;
    }
    let program = format!("{name}()\n");
    match run_source(&program, "<case>", VmOptions::default()) {
        Ok(out) => out
            .error
            .is_some_and(|e| e.contains(&format!("not supported yet: builtin {name}"))),
        Err(_) => false,
    }
}

#[test]
fn table_covers_every_builtin() {
    let cases = parse(&checked_in());
    let covered: std::collections::BTreeSet<&str> =
        cases.covers.iter().map(String::as_str).collect();
    let installed = installed();
    let missing: Vec<&String> = installed
        .iter()
        .filter(|n| !covered.contains(n.as_str()) && !NOT_IN_TABLE.iter().any(|(x, _)| x == n))
        .collect();
    let stale: Vec<&str> = NOT_IN_TABLE
        .iter()
        .map(|(x, _)| *x)
        .filter(|x| !installed.iter().any(|n| n == x) || covered.contains(x))
        .collect();
    eprintln!(
        "{} builtins installed, {} called by the table ({} cases)",
        installed.len(),
        covered.len(),
        cases.cases.len()
    );
    assert!(
        missing.is_empty() && stale.is_empty(),
        "builtins scripts/builtin-args.py does not call: {missing:?}; NOT_IN_TABLE entries \
         that are not installed or are called after all: {stale:?}"
    );
}
