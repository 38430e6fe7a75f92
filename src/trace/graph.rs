//! Executors and their side exits as a graph: DOT text for Graphviz, or SVG drawn by the
//! pure-Rust `layout-rs` (Graphviz is never needed).
//!
//! One box per executor (`#id qualname @ offset`, its size and how often it ran), one box per
//! place in tier 1 that an executor was entered from or left to. Edges: tier 1 -> executor
//! (the hot loop that built it), executor -> side trace (a linked exit), executor -> tier 1
//! (an exit or deopt taken, with its count). The trace's own loop (`_JUMP_TO_TOP`) is noted in
//! the box rather than drawn, to keep the layout readable.

use std::collections::HashMap;
use std::fmt::Write as _;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use petgraph::graph::{DiGraph, NodeIndex};

use super::model::TraceRun;

/// A box: its label, and whether it is an executor (drawn filled) or a tier-1 place.
struct Node {
    label: String,
    executor: bool,
}

/// The graph of a run's executors.
fn build(run: &TraceRun) -> DiGraph<Node, String> {
    let mut g = DiGraph::new();
    let mut exec_nodes: HashMap<usize, NodeIndex> = HashMap::new();
    let mut places: HashMap<(String, u32), NodeIndex> = HashMap::new();
    let mut place = |g: &mut DiGraph<Node, String>, qualname: &str, offset: u32| {
        *places
            .entry((qualname.to_string(), offset))
            .or_insert_with(|| {
                g.add_node(Node {
                    label: format!("tier 1\n{qualname} @ {offset}"),
                    executor: false,
                })
            })
    };
    for log in &run.attempts {
        let Some(exec) = &log.made else { continue };
        let st = exec.stats.borrow();
        let valid = if exec.valid.get() {
            ""
        } else {
            "\ninvalidated"
        };
        let node = g.add_node(Node {
            label: format!(
                "executor #{}\n{} @ {}\n{} uops\nentered {}, looped {}{valid}",
                exec.id,
                log.qualname,
                2 * log.start,
                exec.uops.len(),
                st.entered,
                st.iterations
            ),
            executor: true,
        });
        exec_nodes.insert(exec.id, node);
        if log.from_exit.is_none() {
            let from = place(&mut g, &log.qualname, 2 * log.start as u32);
            g.add_edge(from, node, "hot loop".to_string());
        }
    }
    for log in &run.attempts {
        let Some(exec) = &log.made else { continue };
        let node = exec_nodes[&exec.id];
        let st = exec.stats.borrow();
        for (i, exit) in exec.exits.iter().enumerate() {
            let taken = st.exits_taken.get(i).copied().unwrap_or(0);
            let dynamic = exec
                .uops
                .iter()
                .any(|u| u.uop == tracer::uops::Uop::_DYNAMIC_EXIT && u.oparg as usize == i);
            if dynamic {
                if taken > 0 {
                    let to = g.add_node(Node {
                        label: "tier 1\nwhere the pushed frame resumes".to_string(),
                        executor: false,
                    });
                    g.add_edge(node, to, format!("dynamic exit {i} ({taken}x)"));
                }
                continue;
            }
            let linked = exit.executor.borrow().as_ref().map(|s| s.id);
            match linked.and_then(|id| exec_nodes.get(&id)) {
                Some(&side) => {
                    g.add_edge(node, side, format!("exit {i} ({taken}x)"));
                }
                None if taken > 0 => {
                    let to = place(&mut g, &log.qualname, 2 * exit.target);
                    g.add_edge(node, to, format!("exit {i} ({taken}x)"));
                }
                None => {}
            }
        }
        if st.deopts > 0 {
            let to = place(&mut g, &log.qualname, 2 * log.start as u32);
            g.add_edge(node, to, format!("deopt ({}x)", st.deopts));
        }
    }
    g
}

/// DOT text.
pub fn dot(run: &TraceRun) -> String {
    let g = build(run);
    let mut out = String::from(
        "digraph executors {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n",
    );
    for i in g.node_indices() {
        let n = &g[i];
        let style = if n.executor {
            ", style=filled, fillcolor=\"#fff3c4\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  n{} [label=\"{}\"{style}];",
            i.index(),
            n.label.replace('"', "\\\"").replace('\n', "\\n")
        );
    }
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e) {
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\"];",
                a.index(),
                b.index(),
                g[e]
            );
        }
    }
    out.push_str("}\n");
    out
}

/// A position for every box such that every edge that is not part of a cycle goes from a
/// lower to a higher position: depth-first discovery order from the roots (tier-1 places
/// with no incoming edge), then from any box not reached.
fn rank_order(g: &DiGraph<Node, String>) -> Vec<usize> {
    let mut order = vec![usize::MAX; g.node_count()];
    let mut next = 0;
    let roots: Vec<NodeIndex> = g
        .node_indices()
        .filter(|&n| {
            g.neighbors_directed(n, petgraph::Direction::Incoming)
                .count()
                == 0
        })
        .chain(g.node_indices())
        .collect();
    for root in roots {
        if order[root.index()] != usize::MAX {
            continue;
        }
        let mut dfs = petgraph::visit::Dfs::new(g, root);
        while let Some(n) = dfs.next(g) {
            if order[n.index()] == usize::MAX {
                order[n.index()] = next;
                next += 1;
            }
        }
    }
    order
}

/// SVG, laid out without Graphviz.
pub fn svg(run: &TraceRun) -> anyhow::Result<String> {
    let g = build(run);
    if g.node_count() == 0 {
        anyhow::bail!("no executor was built, so there is nothing to draw (try --format text)");
    }
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let mut handles = Vec::with_capacity(g.node_count());
    for n in g.node_weights() {
        let shape = ShapeKind::new_box(&n.label);
        let fill = if n.executor { "lightyellow" } else { "white" };
        let look = StyleAttr::new(Color::fast("black"), 1, Color::from_name(fill), 0, 12);
        let size = get_shape_size(Orientation::TopToBottom, &shape, 12, false);
        handles.push(vg.add_node(Element::create(shape, look, Orientation::TopToBottom, size)));
    }
    // The layout ranks boxes top to bottom and cannot place an edge that goes back up (a
    // side trace whose exit returns to the trace it grew from): such edges are added from
    // the lower box to the upper one with the arrowhead at the start, which draws the same.
    let order = rank_order(&g);
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e) {
            let look = StyleAttr::simple();
            let back = order[b.index()] <= order[a.index()];
            let (from, to, start, end) = if back {
                (b, a, LineEndKind::Arrow, LineEndKind::None)
            } else {
                (a, b, LineEndKind::None, LineEndKind::Arrow)
            };
            let arrow = Arrow::new(
                start,
                end,
                LineStyleKind::Normal,
                &g[e],
                &look,
                &None,
                &None,
            );
            vg.add_edge(arrow, handles[from.index()], handles[to.index()]);
        }
    }
    let mut writer = SVGWriter::new();
    vg.do_it(false, false, false, &mut writer);
    Ok(stable_styles(&writer.finalize()))
}

/// The SVG writer lists its font classes in hash order, which differs from run to run; sorted,
/// the picture is byte-for-byte the same every time (the book's copy is checked).
fn stable_styles(svg: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<style>"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let body = &svg[start + "<style>".len()..end];
    let mut lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.sort_unstable();
    format!(
        "{}<style>\n{}\n{}",
        &svg[..start],
        lines.join("\n"),
        &svg[end..]
    )
}
