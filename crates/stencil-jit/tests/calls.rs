//! Stencils on the way to a call: `_CALL_BUILTIN_O` calling a builtin's float kernel
//! directly (`math.sqrt` on a float), `_CHECK_FUNCTION` reading the running function's
//! version, a method load (`_GUARD_DORV_VALUES_INST_ATTR_FROM_DICT`, `_GUARD_KEYS_VERSION`,
//! `_LOAD_ATTR_METHOD_WITH_VALUES` / `_NO_DICT`) and a closure cell's value (`_LOAD_DEREF`,
//! also `super()`'s `__class__`; an empty cell raises in the VM), and a Python call made by
//! the VM in one body (`Vm::backend_run`: `_INIT_CALL_PY_EXACT_ARGS`, `_SAVE_RETURN_OFFSET`,
//! `_PUSH_FRAME`; near the recursion limit `_CHECK_STACK_SPACE` deopts). Programs take every
//! way out of them (an int argument, a result that is not finite, a domain error and an
//! overflow the VM must raise, a callable without a kernel, a lambda where the call site saw
//! a builtin; another class, a class that gained a shared key, a method replaced), with the
//! JIT and with the uop interpreter: the same output (CPython 3.13's) and the same
//! per-executor counts.

#[path = "support.rs"]
mod support;

const CALLS: &str = r#"
import math


def make(scale):
    def inner(n, f):
        t = 0.0
        errors = 0
        for i in range(n):
            x = float(i % 7) - 1.0
            try:
                t += f(x) * scale
            except ValueError:
                errors += 1
            t += math.sqrt(i) + math.fabs(-x)
            s = math.inf if i % 5 == 0 else 4.0
            t += 1.0 if math.sqrt(s) > 1e300 else 0.0
            try:
                t += math.exp(x * 200.0)
            except OverflowError:
                errors += 100
        return round(t, 6), errors

    return inner


a, b = make(1.0), make(2.0)
for k in range(6):
    print(a(60 + k, math.sqrt), b(60 + k, math.cos))
print(a(50, lambda x: x), b(50, math.sqrt), a(40, abs))
print(math.sqrt(math.inf), math.sqrt(math.nan))
"#;

#[test]
fn builtin_calls_leave_like_the_uop_interpreter() {
    // CPython 3.13 prints the same lines.
    let want = "(3.0184162407439517e+261, 1609) (3.0184162407439517e+261, 1600)\n\
(3.3957182708369456e+261, 1609) (3.3957182708369456e+261, 1600)\n\
(3.3957182708369456e+261, 1709) (3.3957182708369456e+261, 1700)\n\
(3.3957182708369456e+261, 1809) (3.3957182708369456e+261, 1800)\n\
(3.3957182708369456e+261, 1810) (3.3957182708369456e+261, 1800)\n\
(3.3957182708369456e+261, 1810) (3.3957182708369456e+261, 1800)\n\
(2.641114210650958e+261, 1400) (2.641114210650958e+261, 1408) (2.263812180557964e+261, 1000)\n\
inf nan\n";
    let (compiled, stressed) = support::jit_agrees(CALLS, want);
    for c in [&compiled, &stressed] {
        support::assert_uses(c, &["call_builtin_o", "check_function"], 1);
    }
}

const METHODS: &str = r#"
class A:
    def __init__(self, v):
        self.v = v

    def get(self, k):
        return self.v + k


class B(A):
    def get(self, k):
        return self.v * k


class S:
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def get(self, k):
        return self.v - k


def run(objs, n):
    t = 0
    for i in range(n):
        o = objs[i % len(objs)]
        t += o.get(i)
        if i == 40 and isinstance(objs[0], A):
            objs[0].extra = 1
        if i == 70 and isinstance(objs[-1], A):
            vars(objs[-1])
        if i == 90:
            A.get = lambda self, k: self.v + 2 * k
    return t


print(run([A(1), A(2)], 120))
print(run([A(3), B(4)], 120))
print(run([S(5), S(6)], 120))
print(run([A(7), S(8), B(9)], 150))
"#;

#[test]
fn method_loads_leave_like_the_uop_interpreter() {
    // CPython 3.13 prints the same lines.
    let want = "10365\n\
21660\n\
-6480\n\
38350\n";
    let (compiled, stressed) = support::jit_agrees(METHODS, want);
    for c in [&compiled, &stressed] {
        support::assert_uses(c, &["guard_keys_version", "load_attr_method"], 1);
    }
}

const CELLS: &str = r#"
def make(k):
    scale = k

    def inner(n):
        t = 0
        for i in range(n):
            t += scale * i
            if i == 60:
                t += len(label)
        return t

    label = "abc" * k
    return inner


def broken(n):
    def inner():
        t = 0
        for i in range(n):
            t += i
            if i == 50:
                t += late
        return t

    r = 0
    try:
        r = inner()
    except NameError as e:
        print(type(e).__name__, e)
    late = 1
    return r


class Base:
    def f(self, x):
        return x + 1


class Kid(Base):
    def f(self, x):
        return super().f(x) * 2


def calls(n):
    k = Kid()
    t = 0
    for i in range(n):
        t += k.f(i)
    return t


print(make(3)(100), make(4)(100), broken(80), calls(200))
"#;

#[test]
fn cell_loads_leave_like_the_uop_interpreter() {
    // CPython 3.13 prints the same lines.
    let want = "NameError cannot access free variable 'late' where it is not associated with a value in enclosing scope\n\
14859 19812 0 40200\n";
    let (compiled, stressed) = support::jit_agrees(CELLS, want);
    for c in [&compiled, &stressed] {
        support::assert_uses(c, &["load_deref"], 2);
    }
}

const DEEP: &str = r#"
import sys


def leaf(x):
    return x + 1


def loop_at_depth(d):
    if d > 0:
        return loop_at_depth(d - 1)
    t = 0
    try:
        for i in range(100):
            t += leaf(i)
    except RecursionError:
        return "recursion"
    return t


sys.setrecursionlimit(200)
for d in (150, 190, 194, 195, 196, 197, 198):
    print(d, loop_at_depth(d))
"#;

#[test]
fn python_calls_leave_like_the_uop_interpreter() {
    // CPython 3.13 prints the same lines.
    let want = "150 5050\n\
190 5050\n\
194 5050\n\
195 5050\n\
196 5050\n\
197 5050\n\
198 recursion\n";
    let (compiled, _) = support::jit_agrees(DEEP, want);
    // (Only the normal run: the stress mode traces before the call is specialized, so no
    // frame is pushed in its traces.)
    if stencil_jit::supported() {
        let pushes = compiled
            .iter()
            .flat_map(|c| c.uops.iter())
            .filter(|u| u.uop == tracer::uops::Uop::_PUSH_FRAME)
            .count();
        assert!(pushes >= 1, "a trace calls leaf()");
    }
}

/// With `--stats` (the VM counting failed guards by uop), a loop's end takes the slow path
/// instead of jumping straight to its exit, so the JIT reports what the uop interpreter
/// reports; without it, the same exits are taken (the per-executor counts above).
#[test]
fn failed_guards_are_counted_as_by_the_uop_interpreter() {
    let counts = |jit: bool| {
        let code = tracer::compile::compile(DEEP, "<test>").expect("compiles");
        let mut vm = tracer::vm::Vm::new(tracer::vm::VmOptions {
            specialize: true,
            stats: true,
            capture_output: true,
            tier2: true,
            trace_every_loop: false,
        });
        if jit {
            vm.tier2.backend = std::rc::Rc::new(stencil_jit::Jit::default());
        }
        vm.run_module(&code).expect("runs");
        let stats = &vm.tier2.stats;
        (
            stats.exits_by_uop.clone(),
            stats.deopts_by_uop.clone(),
            stats.side_exits,
        )
    };
    let interpreted = counts(false);
    assert!(interpreted.0.contains_key("_GUARD_NOT_EXHAUSTED_RANGE"));
    assert_eq!(counts(true), interpreted);
}
