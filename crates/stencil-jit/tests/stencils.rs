//! The stencil tables against the uop table: every uop a trace can hold has a stencil, and
//! each stencil has the holes its shape needs.

use stencil_jit::stencil::{self, HoleKind, Symbol};
use tracer::uops::table::Tier;
use tracer::uops::Uop;

#[test]
fn every_trace_uop_has_a_stencil() {
    if !stencil_jit::supported() {
        assert!(stencil::for_uop(Uop::_LOAD_FAST).is_none());
        return;
    }
    for &uop in Uop::ALL {
        let name = stencil::name_for(uop);
        if uop.meta().tier == Tier::One {
            assert_eq!(name, None, "{} is tier-1 only", uop.name());
            continue;
        }
        assert!(
            stencil::for_uop(uop).is_some(),
            "{} maps to {name:?}, which build.rs did not produce",
            uop.name()
        );
    }
}

fn symbols(name: &str) -> Vec<Symbol> {
    let st = stencil::by_name(name).unwrap_or_else(|| panic!("no stencil {name}"));
    st.holes.iter().map(|h| h.symbol).collect()
}

#[test]
fn stencils_have_their_holes() {
    if !stencil_jit::supported() {
        return;
    }
    let helper = symbols("helper");
    for s in [Symbol::Helper, Symbol::Index, Symbol::Count] {
        assert!(helper.contains(&s), "helper lacks {}", s.name());
    }
    // The helper answers where to go: on, into the next stencil (its jump stripped), or
    // out of the trace, returning the stub's index (no jump to a stub).
    assert!(!helper.contains(&Symbol::Continue) && !helper.contains(&Symbol::JumpTarget));
    // A uop run by an earlier uop's helper call is no code at all.
    assert!(stencil::by_name("fused").is_some_and(|s| s.code.is_empty()));
    assert_eq!(symbols("leave"), vec![Symbol::Index]);
    assert_eq!(symbols("jump_to_top"), vec![Symbol::Top]);
    // The trailing `jmp _JIT_CONTINUE` was stripped: `_NOP` is no code at all.
    assert!(stencil::by_name("nop").is_some_and(|s| s.code.is_empty()));
    assert!(!symbols("set_ip").contains(&Symbol::Continue));
    for st in stencil::STENCILS {
        for h in st.holes {
            let width = if h.kind == HoleKind::Abs64 { 8 } else { 4 };
            assert!(
                h.offset as usize + width <= st.code.len(),
                "{} hole out of range",
                st.name
            );
            if h.kind == HoleKind::Rel32 {
                let op = st.code[h.offset as usize - 1];
                let jcc = st.code[h.offset as usize - 2] == 0x0F && op & 0xF0 == 0x80;
                assert!(op == 0xE9 || jcc, "{}: continuation not a jump", st.name);
            }
        }
    }
}

/// The inline stencils of the arithmetic, the guards, iteration and loads call nothing:
/// their slow path is a jump to a helper copy after the trace, so they need no stack frame.
#[test]
fn arithmetic_and_guards_are_leaf_code() {
    if !stencil_jit::supported() {
        return;
    }
    for name in [
        "binary_op_add_int",
        "binary_op_multiply_float",
        "compare_op_int",
        "guard_both_int",
        "guard_is_true_pop",
        "to_bool_int",
        "iter_check_range",
        "guard_not_exhausted_range",
        "iter_next_range",
        "iter_check_list",
        "guard_not_exhausted_list",
        "guard_type_version",
        "check_managed_object_has_values",
    ] {
        let holes = symbols(name);
        assert!(holes.contains(&Symbol::Slow), "{name} has a slow path");
        assert!(
            !holes
                .iter()
                .any(|s| matches!(s, Symbol::Helper | Symbol::Incref | Symbol::Decref)),
            "{name} calls something: {holes:?}"
        );
    }
    // Cloning a heap value is an inline `inc` of its count: the loads call nothing either
    // (they still have a slow path, for a full stack).
    // The fused `local.attr` never pushes the instance, so it never drops a reference.
    for name in [
        "load_fast",
        "copy",
        "iter_next_list",
        "load_const_inline",
        "load_fast_load_attr_instance_value",
    ] {
        let holes = symbols(name);
        assert!(
            !holes
                .iter()
                .any(|s| matches!(s, Symbol::Helper | Symbol::Incref | Symbol::Decref)),
            "{name} calls something: {holes:?}"
        );
    }
    // Only dropping a last reference calls out (`_JIT_DECREF` frees the value).
    assert!(symbols("store_fast").contains(&Symbol::Decref));
    assert!(stencil::STENCILS
        .iter()
        .all(|st| st.holes.iter().all(|h| h.symbol != Symbol::Incref)));
}

/// The compile-time table agrees with the names, for every uop.
#[test]
fn table_lookup_matches_the_names() {
    if !stencil_jit::supported() {
        return;
    }
    for &uop in Uop::ALL {
        let inst = tracer::uops::UopInst::new(uop, 0, tracer::uops::Operand::Zero, 0);
        assert_eq!(
            stencil::for_inst(&inst).map(|s| s.name),
            stencil::name_for_inst(&inst).and_then(|n| stencil::by_name(n).map(|s| s.name)),
            "{}",
            uop.name()
        );
    }
}
