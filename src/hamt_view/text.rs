//! The step-by-step text view of `explain hamt`, for people.
//!
//! For each op: the key's hash and its 5-bit chunks, the path (per level the node, its bitmap,
//! the bit and popcount index or array slot, and the decision taken), the nodes copied, created
//! and converted, how much of the tree is shared, and the tree after the op with new nodes
//! marked (`*` copied, `+` created, also coloured). Trees larger than `TREE_CUTOFF` nodes are
//! summarised instead of printed: at a million keys the path is the whole story.

use std::collections::HashSet;
use std::fmt::Write as _;

use hamt::{EntryView, NodeId, NodeKind, Stats, TreeView, UpdateEvent};

use super::explain::{describe_conversion, describe_step, hash_lines, outcome_text};
use super::names::Names;
use super::{Session, Step};
use crate::style;

/// Trees with more nodes than this are not printed in full.
pub const TREE_CUTOFF: usize = 40;

pub fn render(session: &Session) -> String {
    let mut out = String::new();
    let mut names = Names::default();
    write_start(&mut out, session, &mut names);
    let total = session.steps.len();
    for (index, step) in session.steps.iter().enumerate() {
        write_step(&mut out, index + 1, total, step, &mut names);
    }
    out
}

fn write_start(out: &mut String, session: &Session, names: &mut Names) {
    let stats = session.start.stats();
    if session.builtin {
        let _ = writeln!(
            out,
            "The built-in example: path copying and sharing, a second and third level, a\n\
             Collision node, and a delete that pulls a pair up. Give your own ops as\n\
             `explain hamt set KEY[=VALUE] del KEY ...`.\n"
        );
    }
    match session.fill {
        None => {
            let view = session.start.view();
            names.name_tree(&view);
            let root = names.name(view.root);
            let _ = writeln!(out, "start: the empty map (an empty BitmapNode {root})");
        }
        Some(n) => {
            let _ = writeln!(
                out,
                "start: --fill {n}: int keys 0..{n} (value = key), built in place with mutate()"
            );
            let _ = writeln!(out, "       {}", stats_line(&stats));
            if stats.nodes() <= TREE_CUTOFF {
                let view = session.start.view();
                names.name_tree(&view);
                write_tree(out, &view, &HashSet::new(), &HashSet::new(), names);
            }
        }
    }
    out.push('\n');
}

fn write_step(out: &mut String, number: usize, total: usize, step: &Step, names: &mut Names) {
    let event = &step.event;
    let title = format!("-- op {number} of {total}: {} --", step.op.describe());
    let _ = writeln!(out, "{}", style::heading(&title));
    for line in hash_lines(step.op.key(), event.hash) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "path:");
    let is_set = matches!(step.op, super::Op::Set { .. });
    for path_step in &event.path {
        let _ = writeln!(out, "  {}", describe_step(path_step, is_set, names));
    }
    write_changes(out, event, names);
    let _ = writeln!(
        out,
        "outcome: {} (len {} -> {})",
        outcome_text(event.outcome),
        event.len_before,
        event.len_after
    );
    let _ = writeln!(out, "{}", sharing_line(event, &step.stats));
    write_tree_after(out, step, names);
    out.push('\n');
}

/// Copied, created and converted nodes, one line each.
fn write_changes(out: &mut String, event: &UpdateEvent, names: &mut Names) {
    for copy in &event.copied {
        let line = format!(
            "  copied   {} -> {} ({}, level {})",
            names.name(copy.old),
            names.name(copy.new),
            copy.kind.cpython_name(),
            copy.level
        );
        let _ = writeln!(out, "{}", style::copied(&line));
    }
    // Runs of nodes created alike (17 BitmapNodes for a new ArrayNode) get one line.
    let mut created = event.created.iter().peekable();
    while let Some(first) = created.next() {
        let mut run = vec![first];
        while let Some(next) = created.next_if(|c| c.kind == first.kind && c.level == first.level) {
            run.push(next);
        }
        // Name the whole run in order, so "#1 .. #17" covers exactly these nodes.
        let run_names: Vec<String> = run.iter().map(|c| names.name(c.id)).collect();
        let kind = first.kind.cpython_name();
        let line = match run_names.as_slice() {
            [one] => format!("  created  {one} ({kind}, level {})", first.level),
            [head, .., tail] => format!(
                "  created  {head} .. {tail} ({} {kind}s, level {})",
                run.len(),
                first.level
            ),
            [] => continue,
        };
        let _ = writeln!(out, "{}", style::created(&line));
    }
    for conversion in &event.converted {
        let line = format!("  {}", describe_conversion(conversion, names));
        let _ = writeln!(out, "{}", style::converted(&line));
    }
}

/// "copied 3 + created 1 = 4 of 41 nodes (9.8%); shared 37 with the map before".
fn sharing_line(event: &UpdateEvent, stats: &Stats) -> String {
    let total = stats.nodes();
    let new = event.copied.len() + event.created.len();
    let shared = total.saturating_sub(new);
    let decimals = percent_decimals(new.min(shared), total);
    let percent = |part: usize| 100.0 * part as f64 / total.max(1) as f64;
    format!(
        "nodes: copied {} + created {} = {} of {} ({:.*}%); shared {} ({:.*}%) with the map before",
        event.copied.len(),
        event.created.len(),
        group(new),
        group(total),
        decimals,
        percent(new),
        group(shared),
        decimals,
        percent(shared)
    )
}

/// One decimal, or as many as it takes for the smaller share to show a non-zero digit
/// (5 of a million nodes is "0.0005%", and the rest then "99.9995%", not "100.0%").
fn percent_decimals(smaller: usize, total: usize) -> usize {
    let percent = 100.0 * smaller as f64 / total.max(1) as f64;
    if smaller == 0 || percent >= 0.1 {
        1
    } else {
        (-percent.log10()).ceil() as usize
    }
}

fn write_tree_after(out: &mut String, step: &Step, names: &mut Names) {
    if step.stats.nodes() > TREE_CUTOFF {
        let _ = writeln!(
            out,
            "tree after: {}; not printed (more than {TREE_CUTOFF} nodes), the path above is \
             all that changed",
            stats_line(&step.stats)
        );
        return;
    }
    let view = step.after.view();
    let copied: HashSet<NodeId> = step.event.copied.iter().map(|c| c.new).collect();
    let created: HashSet<NodeId> = step.event.created.iter().map(|c| c.id).collect();
    names.name_tree(&view);
    let _ = writeln!(
        out,
        "tree after (* copied, + created; unmarked nodes are shared with the map before):"
    );
    write_tree(out, &view, &copied, &created, names);
}

/// "1,000,000 keys in 43,691 nodes (Bitmap 43,690, Array 1, Collision 0), depth 5, ..."
pub fn stats_line(stats: &Stats) -> String {
    format!(
        "{} in {} (Bitmap {}, Array {}, Collision {}), depth {}, {} heap bytes",
        plural(stats.len, "key"),
        plural(stats.nodes(), "node"),
        group(stats.bitmap_nodes),
        group(stats.array_nodes),
        group(stats.collision_nodes),
        stats.depth,
        group(stats.bytes)
    )
}

/// Prints the tree indented by level, each node marked when this op made it.
fn write_tree<K: hamt::PyRepr, V: hamt::PyRepr>(
    out: &mut String,
    view: &TreeView<'_, K, V>,
    copied: &HashSet<NodeId>,
    created: &HashSet<NodeId>,
    names: &mut Names,
) {
    let marks = Marks { copied, created };
    write_node(out, view, view.root, 0, "", &marks, names);
}

struct Marks<'a> {
    copied: &'a HashSet<NodeId>,
    created: &'a HashSet<NodeId>,
}

fn write_node<K: hamt::PyRepr, V: hamt::PyRepr>(
    out: &mut String,
    view: &TreeView<'_, K, V>,
    id: NodeId,
    depth: usize,
    label: &str,
    marks: &Marks<'_>,
    names: &mut Names,
) {
    let Some(node) = view.node(id) else { return };
    let indent = "    ".repeat(depth);
    let mut line = format!("{label}{} {}", node.kind.cpython_name(), names.name(id));
    match node.kind {
        NodeKind::Bitmap => {
            let _ = write!(line, " bitmap={:#b}", node.bitmap.unwrap_or(0));
        }
        NodeKind::Collision => {
            let _ = write!(line, " hash={}", node.collision_hash.unwrap_or(0));
        }
        NodeKind::Array => {
            let _ = write!(line, " children={}", node.entries.len());
        }
    }
    let marked = if marks.copied.contains(&id) {
        style::copied(&format!("* {line}")).to_string()
    } else if marks.created.contains(&id) {
        style::created(&format!("+ {line}")).to_string()
    } else {
        format!("  {line}")
    };
    let _ = writeln!(out, "{indent}{marked}");
    for entry in &node.entries {
        match *entry {
            EntryView::Pair { slot, key, value } => {
                let label = slot_label(node.kind, slot);
                let pair = format!("{}: {}", hamt::repr(key), hamt::repr(value));
                let _ = writeln!(out, "{indent}      {label}{pair}");
            }
            EntryView::Child { slot, id: child } => {
                let label = slot_label(node.kind, slot);
                write_node(out, view, child, depth + 1, &label, marks, names);
            }
        }
    }
}

/// `[bit 5] `, `[slot 5] ` or `[5] ` (a Collision node's entry position).
fn slot_label(kind: NodeKind, slot: u32) -> String {
    match kind {
        NodeKind::Bitmap => format!("[bit {slot}] "),
        NodeKind::Array => format!("[slot {slot}] "),
        NodeKind::Collision => format!("[{slot}] "),
    }
}

/// "1 node", "1,033,825 nodes".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", group(n))
    }
}

/// Thousands separators: 1000000 -> "1,000,000".
pub fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1234567), "1,234,567");
    }

    #[test]
    fn small_shares_keep_a_digit() {
        assert_eq!(percent_decimals(0, 10), 1);
        assert_eq!(percent_decimals(1, 3), 1);
        assert_eq!(percent_decimals(5, 1_033_826), 4);
        assert_eq!(percent_decimals(1, 2000), 2);
    }
}
