//! Fused stencils (`stencils/fused.rs`, `stencil::FUSIONS`): the table against the uop
//! table, the layout of a fused run, and programs whose guards fail in every way the fused
//! stencils check (attributes: another class, an unset value, a class object instead of an
//! instance; a local as an operand: an overflow, a type change), run with the JIT and with
//! the uop interpreter: the same output and the same per-executor counts (entries,
//! iterations, each exit taken, deopts, errors).

#[path = "support.rs"]
mod support;

use stencil_jit::stencil::{self, HoleKind, Symbol};
use tracer::uops::flags;
use tracer::uops::table::Tier;

#[test]
fn fusions_agree_with_the_uop_table() {
    for f in stencil::FUSIONS {
        assert!(
            (2..=stencil::Candidate::INLINE).contains(&f.uops.len()),
            "{}: a fusion covers two uops or more, at most Candidate::INLINE",
            f.stencil
        );
        for &(uop, name) in f.uops {
            assert!(
                uop.base() == uop,
                "{}: {} is a base uop",
                f.stencil,
                uop.name()
            );
            assert_ne!(uop.meta().tier, Tier::One, "{}", uop.name());
            // The stencil the uop gets alone is the one the fusion names (for some opargs).
            assert!(
                stencil::name_for(uop) == Some(name) || stencil::oparg_forms(uop).contains(&name),
                "{}: {name}",
                uop.name()
            );
        }
        // A fusion that reuses a uop's own stencil reuses the last one's: the guards before
        // it check nothing that stencil does not check itself (its tags), so they are only
        // guards (no stack effect, no operand, no oparg).
        if let Some(&(last, _)) = f.uops.iter().find(|&&(_, n)| n == f.stencil) {
            assert_eq!(f.uops.last().map(|&(u, _)| u), Some(last), "{}", f.stencil);
            for &(guard, _) in &f.uops[..f.uops.len() - 1] {
                let m = guard.meta();
                assert_eq!((m.popped)(0), (m.kept)(0), "{} is a guard", guard.name());
                assert_eq!((m.pushed)(0), (m.kept)(0), "{} is a guard", guard.name());
                assert!(
                    m.flags & (flags::EXIT | flags::DEOPT) != 0,
                    "{} is a guard",
                    guard.name()
                );
            }
        } else {
            assert!(stencil::is_fused_only(f.stencil), "{}", f.stencil);
        }
        if !stencil_jit::supported() {
            continue;
        }
        assert!(
            stencil::warm_up().fusion_pairs() < 255,
            "the pair table holds a byte"
        );
        let st = stencil::by_name(f.stencil).expect("build.rs made the fusion's stencil");
        let holes: Vec<Symbol> = st.holes.iter().map(|h| h.symbol).collect();
        // Every failure takes the slow path, which runs the whole run in the VM: exits and
        // errors are the VM's (no jump to a stub of its own). The one exception: a run that
        // starts with an exit guard may leave through that guard's stub (the stub of the
        // run's first uop, where its holes point), as the uop interpreter does when it fails.
        assert!(holes.contains(&Symbol::Slow), "{}", f.stencil);
        let first_exits = f.uops[0].0.meta().flags & flags::EXIT != 0;
        for s in [Symbol::JumpTarget, Symbol::ErrorTarget, Symbol::Helper] {
            if s == Symbol::JumpTarget && first_exits {
                continue;
            }
            assert!(!holes.contains(&s), "{}: {}", f.stencil, s.name());
        }
        // The operands it reads belong to uops of its run.
        let later = [
            (Symbol::OperandPlus1, 1),
            (Symbol::OperandPlus2, 2),
            (Symbol::OperandPlus3, 3),
        ];
        for (s, k) in later {
            if holes.contains(&s) {
                assert!(k < f.uops.len(), "{}: {} past its run", f.stencil, s.name());
            }
        }
    }
}

/// Every way `o.x` can fail the fused stencil's checks: `o` becomes an instance of another
/// class (`_GUARD_TYPE_VERSION`'s exit), the value is deleted (`_LOAD_ATTR_INSTANCE_VALUE`
/// deopts; the VM then raises AttributeError), set again, and `o` becomes a class object
/// (not an instance: the VM's type-version check). `o.s` is a string: a heap value whose
/// reference machine code adds. `o.n += 1` loads `o.n` after a `_COPY` and stores it back
/// after a `_SWAP` (fused runs of four), an int on a `P`, a float on a `Q`; `ps[0].s` loads
/// from an instance on the stack and `o.m = i` stores (fused runs of three).
const ATTRS: &str = r#"
class P:
    def __init__(self, x, s):
        self.x = x
        self.s = s
        self.n = 0
        self.m = 0

class Q:
    def __init__(self, x, s):
        self.x = x
        self.s = s
        self.n = 0.5
        self.m = 0

class R:
    x = 9
    s = "R"
    n = 0
    m = 0

def f():
    p = P(1, "p")
    o = p
    t = 0
    s = ""
    u = ""
    ps = [p]
    for i in range(1000):
        try:
            t = t + o.x
        except AttributeError:
            t = t - 1000
        s = o.s
        o.n += 1
        u = ps[0].s
        o.m = i
        if i == 200:
            o = Q(3, "q")
        if i == 400:
            o = p
            del p.x
        if i == 500:
            p.x = 2
        if i == 600:
            o = R
    print(t, s, p.n, R.n, u, p.m, R.m)

f()
"#;

#[test]
fn fused_attribute_loads_fail_like_the_uop_interpreter() {
    for stress in [false, true] {
        let interpreted = support::run_with(ATTRS, false, stress, |_, _| {});
        let mut compiled = Vec::new();
        let jitted = support::run_with(ATTRS, true, stress, |_, c| compiled = c.to_vec());
        // CPython 3.13 prints the same line.
        assert_eq!(interpreted.stdout, "-95408 R 401 399 p 600 999\n");
        assert_eq!(jitted, interpreted, "stress: {stress}");
        if !stencil_jit::supported() {
            continue;
        }
        let fused = "load_fast_load_attr_instance_value";
        let mut heads = 0;
        for c in &compiled {
            for (i, &st) in c.stencils.iter().enumerate() {
                if st != fused {
                    continue;
                }
                heads += 1;
                // The rest of the run has no code; the slow path runs all four uops, then
                // jumps back to the uop after the run.
                assert!(c.stencils[i + 1..i + 4].iter().all(|&s| s == "fused"));
                assert_eq!(c.fused_run(i), Some(i..i + 4));
                assert_eq!(c.head_of(i + 3), Some(i));
                assert!((i..i + 4).all(|k| c.is_inline(k)));
                assert_eq!(c.offsets[i + 1], c.offsets[i + 4]);
                let slow = |symbol: Symbol| {
                    c.patches
                        .iter()
                        .find(|p| p.uop == i && p.slow && p.symbol == symbol)
                        .unwrap_or_else(|| panic!("uop {i}'s slow path has {}", symbol.name()))
                };
                assert_eq!(slow(Symbol::Count).value, 4);
                assert!(slow(Symbol::Continue)
                    .why
                    .contains(&format!("uop {}", i + 4)));
                let version = c
                    .patches
                    .iter()
                    .find(|p| p.uop == i && !p.slow && p.symbol == Symbol::OperandPlus1)
                    .expect("the version hole");
                assert_eq!(version.kind, HoleKind::Abs64);
                assert_eq!(version.value as u64, c.uops[i + 1].operand.int());
            }
        }
        let used: Vec<&[&str]> = compiled.iter().map(|c| &c.stencils[..]).collect();
        if !stress {
            for st in [
                "for_iter_range",
                "copy_load_attr_instance_value",
                "swap_store_attr_instance_value",
                "load_attr_instance_value_guarded",
                "store_attr_instance_value_guarded",
            ] {
                assert!(
                    used.iter().any(|u| u.contains(&st)),
                    "{st} not used: {used:?}"
                );
            }
        }
        // Both `o.x` and `o.s` (stress mode traces before most sites specialize: one).
        let want = if stress { 1 } else { 2 };
        assert!(heads >= want, "the fused stencil was not used: {used:?}");
    }
}

/// A local or a constant as the right operand of `+`, `-` and `*` (`_LOAD_FAST` or
/// `_LOAD_CONST_INLINE*`, a guard, the operation: one fused stencil): `x + i` and `c * 3`
/// overflow the machine word (the VM makes a big int, and the guard then passes big ints in
/// the VM), `z - i` and `q - 1` see a float where an int was (the int guard fails: an exit),
/// `y * y`, `w * w` and `y + 0.0` run inline.
const LOCALS: &str = r#"
def f():
    x = 9223372036854775000
    y = 1.0001
    z = 0
    w = 2
    c = 1
    q = 0
    for i in range(300):
        x = x + i
        y = y * y
        if y > 1e10:
            y = 1.0001
        z = z - i
        w = w * w
        if w > 1000:
            w = 2
        c = c * 3
        if c > 10 ** 30:
            c = 1
        q = q - 1
        y = y + 0.0
        if i == 150:
            z = 0.5
            q = 0.25
    print(x, y, z, w, c, q)

f()
"#;

#[test]
fn a_local_or_constant_as_right_operand_fails_like_the_uop_interpreter() {
    for stress in [false, true] {
        let interpreted = support::run_with(LOCALS, false, stress, |_, _| {});
        let mut stencils = Vec::new();
        let jitted = support::run_with(LOCALS, true, stress, |_, c| {
            stencils = c.iter().flat_map(|c| c.stencils.iter().copied()).collect();
        });
        // CPython 3.13 prints the same line.
        assert_eq!(
            interpreted.stdout,
            "9223372036854819850 1.5061843336132703 -33524.5 2 79766443076872509863361 -148.75\n"
        );
        assert_eq!(jitted, interpreted, "stress: {stress}");
        if stencil_jit::supported() && !stress {
            for st in [
                "load_fast_binary_op_add_int",
                "load_fast_binary_op_subtract_int",
                "load_fast_binary_op_multiply_int",
                "load_fast_binary_op_multiply_float",
                "load_const_binary_op_multiply_int",
                "load_const_binary_op_subtract_int",
                "load_const_binary_op_add_float",
            ] {
                assert!(stencils.contains(&st), "{st} not used: {stencils:?}");
            }
        }
    }
}

/// `math.sqrt`, `math.pi` and `string.digits`: a global module's attribute
/// (`_GUARD_GLOBALS_VERSION`, `_LOAD_GLOBAL_MODULE`, `_CHECK_ATTR_MODULE`,
/// `_LOAD_ATTR_MODULE`: one fused stencil, once tier 2 stopped watching the globals, which
/// the loop at the bottom changes again and again) or a constant module's (the last two
/// uops, while it watches them). They fail every way the stencils check: a new global (the
/// globals' keys version is gone: the VM's guard exits), `math` rebound to an instance (not
/// a module: the VM's module check exits) and back. `string.digits` is a heap value (machine
/// code adds its reference), `math.pi` an immediate.
const GLOBALS: &str = r#"
import math
import string


class Fake:
    sqrt = staticmethod(lambda x: -1.0)
    pi = 0.5
    digits = "fake"


def swap(to):
    global math
    math = to


def f(n):
    t = 0.0
    s = ""
    for i in range(n):
        t += math.sqrt(4.0) + math.pi
        s = string.digits
        if i == 30:
            globals()["new_key"] = n
        if i == 60:
            swap(Fake())
        if i == 80:
            swap(real)
    return t, s, len(s)


real = math
for k in range(12):
    print(f(100 + k))
"#;

#[test]
fn fused_module_attributes_fail_like_the_uop_interpreter() {
    // CPython 3.13 prints the same lines.
    let want = "(401.32741228718294, '0123456789', 10)\n\
(406.4690049407727, '0123456789', 10)\n\
(411.6105975943625, '0123456789', 10)\n\
(416.7521902479523, '0123456789', 10)\n\
(421.89378290154207, '0123456789', 10)\n\
(427.03537555513185, '0123456789', 10)\n\
(432.17696820872163, '0123456789', 10)\n\
(437.3185608623114, '0123456789', 10)\n\
(442.4601535159012, '0123456789', 10)\n\
(447.601746169491, '0123456789', 10)\n\
(452.74333882308076, '0123456789', 10)\n\
(457.88493147667054, '0123456789', 10)\n\
";
    let (compiled, _) = support::jit_agrees(GLOBALS, want);
    support::assert_uses(
        &compiled,
        &["load_global_module_attr", "load_attr_module"],
        2,
    );
}
