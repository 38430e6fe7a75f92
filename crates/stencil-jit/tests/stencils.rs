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
    for s in [
        Symbol::Helper,
        Symbol::Index,
        Symbol::Continue,
        Symbol::JumpTarget,
        Symbol::ErrorTarget,
    ] {
        assert!(helper.contains(&s), "helper lacks {}", s.name());
    }
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
