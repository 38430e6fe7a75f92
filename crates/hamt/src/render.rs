//! Pictures of trees: DOT text (for Graphviz, if you have it) and SVG drawn by the
//! pure-Rust `layout-rs` crate (Graphviz is never needed).
//!
//! A picture is built from [`TreeView`]s into a `petgraph` graph of boxes, each
//! box marked as one of [`Mark`]: nodes the last update copied or created stand
//! out (colour and a textual `*`/`+` marker, so it reads in black and white too),
//! shared nodes are plain, and when two versions are drawn together the nodes only
//! the old version still uses are grey and dashed. Bitmap boxes show their bitmap
//! and entries (`[bit] key: value` or `[bit] NULL` for a child), which keeps trees
//! of about 6-40 keys readable.
//!
//! ```
//! use hamt::{render, Hamt};
//! let old: Hamt<i64, i64> = [1, 33, 65].into_iter().map(|k| (k, k)).collect();
//! let (new, event) = old.insert_traced(2, 2);
//! let dot = render::dot_versions(&old, &new, Some(&event));
//! assert!(dot.starts_with("digraph hamt {"));
//! let svg = render::svg_versions(&old, &new, Some(&event));
//! assert!(svg.0.contains("<svg"));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::dump::PyRepr;
use crate::event::{NodeId, NodeKind, UpdateEvent};
use crate::map::Hamt;
use crate::view::{EntryView, TreeView};

/// How a box is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Shared with the other version (or no update to compare with).
    Shared,
    /// Made by copying a node of the old version (path copying). Marker `*`.
    Copied,
    /// New, with no predecessor of the same kind. Marker `+`.
    Created,
    /// Only in the old version: garbage once the old map is dropped. Marker `-`.
    Old,
    /// A map handle ("old map", "new map") pointing at its root.
    Root,
}

impl Mark {
    fn marker(self) -> &'static str {
        match self {
            Mark::Copied => "* ",
            Mark::Created => "+ ",
            Mark::Old => "- ",
            Mark::Shared | Mark::Root => "",
        }
    }
    fn fill(self) -> &'static str {
        match self {
            Mark::Copied => "#ffd8a8",
            Mark::Created => "#c3f0c8",
            Mark::Old => "#eeeeee",
            Mark::Root => "#dde8ff",
            Mark::Shared => "#ffffff",
        }
    }
}

/// An SVG document. In an evcxr notebook, a cell ending in an `Svg` shows the picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Svg(pub String);

impl Svg {
    /// evcxr's display hook: prints the SVG with its MIME type.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT",
            self.0
        );
    }
}

/// A box of the picture.
#[derive(Clone, Debug)]
struct Box_ {
    name: String,
    label: String,
    mark: Mark,
}

/// The picture as a graph: boxes and slot-labelled edges.
struct Picture {
    graph: DiGraph<Box_, String>,
    index: HashMap<NodeId, NodeIndex>,
}

fn node_label<K: PyRepr, V: PyRepr>(view: &crate::view::NodeView<'_, K, V>, mark: Mark) -> String {
    let mut label = String::from(mark.marker());
    match view.kind {
        NodeKind::Bitmap => {
            let _ = write!(label, "Bitmap {:#b}", view.bitmap.unwrap_or(0));
        }
        NodeKind::Array => {
            let _ = write!(label, "Array ({} children)", view.entries.len());
        }
        NodeKind::Collision => {
            let _ = write!(label, "Collision hash={}", view.collision_hash.unwrap_or(0));
        }
    }
    for entry in &view.entries {
        match entry {
            EntryView::Pair { slot, key, value } => {
                let _ = write!(
                    label,
                    "\n[{slot}] {}: {}",
                    crate::repr(*key),
                    crate::repr(*value)
                );
            }
            EntryView::Child { slot, .. } if view.kind == NodeKind::Bitmap => {
                let _ = write!(label, "\n[{slot}] NULL");
            }
            EntryView::Child { .. } => {}
        }
    }
    label
}

impl Picture {
    fn new() -> Self {
        Picture {
            graph: DiGraph::new(),
            index: HashMap::new(),
        }
    }

    /// Add every node of `view` not yet in the picture, marked by `mark_of`.
    fn add_tree<K: PyRepr, V: PyRepr>(
        &mut self,
        view: &TreeView<'_, K, V>,
        mark_of: impl Fn(NodeId) -> Mark,
    ) {
        for node in &view.nodes {
            if self.index.contains_key(&node.id) {
                continue;
            }
            let mark = mark_of(node.id);
            let name = format!("n{}", self.graph.node_count());
            let label = node_label(node, mark);
            let idx = self.graph.add_node(Box_ { name, label, mark });
            self.index.insert(node.id, idx);
        }
        for node in &view.nodes {
            for entry in &node.entries {
                if let EntryView::Child { slot, id } = entry {
                    if let (Some(&a), Some(&b)) = (self.index.get(&node.id), self.index.get(id)) {
                        if self.graph.find_edge(a, b).is_none() {
                            self.graph.add_edge(a, b, slot.to_string());
                        }
                    }
                }
            }
        }
    }

    fn add_root(&mut self, title: String, root: NodeId) {
        let name = format!("n{}", self.graph.node_count());
        let handle = self.graph.add_node(Box_ {
            name,
            label: title,
            mark: Mark::Root,
        });
        if let Some(&r) = self.index.get(&root) {
            self.graph.add_edge(handle, r, String::new());
        }
    }

    fn to_dot(&self) -> String {
        let mut out = String::from("digraph hamt {\n");
        out.push_str("    node [shape=box, fontname=\"monospace\", style=filled];\n");
        for b in self.graph.node_weights() {
            let style = if b.mark == Mark::Old {
                ", style=\"filled,dashed\", color=gray50"
            } else {
                ""
            };
            let label = b
                .label
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\l");
            let _ = writeln!(
                out,
                "    {} [label=\"{label}\\l\", fillcolor=\"{}\"{style}];",
                b.name,
                b.mark.fill()
            );
        }
        for e in self.graph.edge_indices() {
            if let Some((a, b)) = self.graph.edge_endpoints(e) {
                let (a, b) = (&self.graph[a], &self.graph[b]);
                let style = if a.mark == Mark::Old {
                    ", style=dashed, color=gray50"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "    {} -> {} [label=\"{}\"{style}];",
                    a.name, b.name, self.graph[e]
                );
            }
        }
        out.push_str("}\n");
        out
    }

    fn to_svg(&self) -> Svg {
        let mut vg = VisualGraph::new(Orientation::TopToBottom);
        let mut handles = Vec::with_capacity(self.graph.node_count());
        for b in self.graph.node_weights() {
            let shape = ShapeKind::new_box(&b.label);
            let line = if b.mark == Mark::Old { "gray" } else { "black" };
            let look = StyleAttr::new(Color::fast(line), 1, Color::from_name(b.mark.fill()), 0, 12);
            let size = get_shape_size(Orientation::TopToBottom, &shape, 12, false);
            handles.push(vg.add_node(Element::create(shape, look, Orientation::TopToBottom, size)));
        }
        for e in self.graph.edge_indices() {
            if let Some((a, b)) = self.graph.edge_endpoints(e) {
                let dashed = self.graph[a].mark == Mark::Old;
                let style = if dashed {
                    LineStyleKind::Dashed
                } else {
                    LineStyleKind::Normal
                };
                let look = StyleAttr::simple();
                let arrow = Arrow::new(
                    LineEndKind::None,
                    LineEndKind::Arrow,
                    style,
                    &self.graph[e],
                    &look,
                    &None,
                    &None,
                );
                vg.add_edge(arrow, handles[a.index()], handles[b.index()]);
            }
        }
        let mut writer = SVGWriter::new();
        vg.do_it(false, false, false, &mut writer);
        Svg(writer.finalize())
    }
}

/// Marks for the new tree's nodes: copied/created per `event`, else shared.
fn new_marks(event: Option<&UpdateEvent>) -> impl Fn(NodeId) -> Mark {
    let copied: HashSet<NodeId> = event
        .map(|e| e.copied.iter().map(|c| c.new).collect())
        .unwrap_or_default();
    let created: HashSet<NodeId> = event
        .map(|e| e.created.iter().map(|c| c.id).collect())
        .unwrap_or_default();
    move |id| {
        if copied.contains(&id) {
            Mark::Copied
        } else if created.contains(&id) {
            Mark::Created
        } else {
            Mark::Shared
        }
    }
}

fn single<K: PyRepr, V: PyRepr, H>(map: &Hamt<K, V, H>, event: Option<&UpdateEvent>) -> Picture {
    let view = map.view();
    let mut picture = Picture::new();
    picture.add_tree(&view, new_marks(event));
    picture.add_root(format!("map (len={})", map.len()), view.root);
    picture
}

fn versions<K: PyRepr, V: PyRepr, H>(
    old: &Hamt<K, V, H>,
    new: &Hamt<K, V, H>,
    event: Option<&UpdateEvent>,
) -> Picture {
    let (old_view, new_view) = (old.view(), new.view());
    let mut picture = Picture::new();
    let marks = new_marks(event);
    // New nodes absent from the old tree are new even without an event.
    picture.add_tree(&new_view, |id| match marks(id) {
        Mark::Shared if !old_view.contains(id) => Mark::Created,
        mark => mark,
    });
    picture.add_tree(&old_view, |id| {
        if new_view.contains(id) {
            Mark::Shared
        } else {
            Mark::Old
        }
    });
    picture.add_root(format!("old map (len={})", old.len()), old_view.root);
    picture.add_root(format!("new map (len={})", new.len()), new_view.root);
    picture
}

/// DOT text of `map`; nodes the `event` copied or created are marked.
pub fn dot<K: PyRepr, V: PyRepr, H>(map: &Hamt<K, V, H>, event: Option<&UpdateEvent>) -> String {
    single(map, event).to_dot()
}

/// SVG of `map`; nodes the `event` copied or created are marked.
pub fn svg<K: PyRepr, V: PyRepr, H>(map: &Hamt<K, V, H>, event: Option<&UpdateEvent>) -> Svg {
    single(map, event).to_svg()
}

/// DOT text of two versions in one picture: shared subtrees drawn once, with
/// edges from both roots; new nodes marked (copied vs created per `event`), nodes
/// only the old version uses grey and dashed.
pub fn dot_versions<K: PyRepr, V: PyRepr, H>(
    old: &Hamt<K, V, H>,
    new: &Hamt<K, V, H>,
    event: Option<&UpdateEvent>,
) -> String {
    versions(old, new, event).to_dot()
}

/// SVG of two versions in one picture (see [`dot_versions`]).
pub fn svg_versions<K: PyRepr, V: PyRepr, H>(
    old: &Hamt<K, V, H>,
    new: &Hamt<K, V, H>,
    event: Option<&UpdateEvent>,
) -> Svg {
    versions(old, new, event).to_svg()
}
