//! `--format dot|svg`: a picture of the last update, drawn by `hamt::render`.
//!
//! With at least one op, the picture shows both versions, the map before the last op and the
//! map after it, in one graph: shared subtrees are drawn once with edges from both roots, nodes
//! the op copied or created are marked (`*`, `+`), and nodes only the old map still uses are
//! grey. With no op (only `--fill`) it shows the one tree. The CLI adds nothing but a size
//! limit: a picture of a hundred thousand boxes helps nobody.

use anyhow::bail;

use super::text::plural;
use super::Session;

/// Pictures are drawn for trees up to this many nodes (old and new versions together).
pub const PICTURE_LIMIT: usize = 300;

pub fn dot(session: &Session) -> anyhow::Result<String> {
    check_size(session, "dot")?;
    Ok(match session.steps.last() {
        Some(step) => hamt::render::dot_versions(&step.before, &step.after, Some(&step.event)),
        None => hamt::render::dot(&session.start, None),
    })
}

pub fn svg(session: &Session) -> anyhow::Result<String> {
    check_size(session, "svg")?;
    let svg = match session.steps.last() {
        Some(step) => hamt::render::svg_versions(&step.before, &step.after, Some(&step.event)),
        None => hamt::render::svg(&session.start, None),
    };
    Ok(stable_style_order(&svg.0))
}

fn check_size(session: &Session, format: &str) -> anyhow::Result<()> {
    let nodes = match session.steps.last() {
        Some(step) => step.before.stats().nodes() + step.stats.nodes(),
        None => session.start.stats().nodes(),
    };
    if nodes > PICTURE_LIMIT {
        bail!(
            "the picture would have {}; --format {format} draws up to {PICTURE_LIMIT} \
             (use a smaller --fill, or --format text)",
            plural(nodes, "node")
        );
    }
    Ok(())
}

/// `layout-rs` writes its `<style>` rules (one per font size) from a `HashMap`, so their order
/// changes from run to run. Sorting them changes nothing a viewer shows and makes the SVG the
/// same every time, which the snapshot test and the book file need.
pub(crate) fn stable_style_order(svg: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<style>\n"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let body_start = start + "<style>\n".len();
    if end < body_start {
        return svg.to_string();
    }
    let mut rules: Vec<&str> = svg[body_start..end].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..body_start]);
    for rule in rules {
        out.push_str(rule);
        out.push('\n');
    }
    out.push_str(&svg[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_rules_are_sorted_and_nothing_else_changes() {
        let svg = "<svg><defs></defs><style>\n.a15 { x }\n.a12 { y }\n</style>\n<g/></svg>";
        assert_eq!(
            stable_style_order(svg),
            "<svg><defs></defs><style>\n.a12 { y }\n.a15 { x }\n</style>\n<g/></svg>"
        );
        assert_eq!(stable_style_order("<svg/>"), "<svg/>");
    }
}
