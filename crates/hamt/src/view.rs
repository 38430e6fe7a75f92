//! Read-only views of a tree for renderers and tests: [`TreeView`] (every node with
//! its id, kind, level, bitmap and entries) and [`Stats`] (node counts, depth, bytes).
//!
//! Views borrow keys and values from the map, so they are cheap, and they expose
//! node ids so a renderer can compare two versions: a node of the new tree whose id
//! also appears in the old tree is shared, not copied.

use std::collections::{HashMap, HashSet};

use crate::event::{NodeId, NodeKind};
use crate::map::Hamt;
use crate::node::{live, Entry, Node};

/// One slot of a node, as a renderer sees it.
#[derive(Debug, PartialEq, Eq)]
pub enum EntryView<'a, K, V> {
    /// A key/value pair.
    Pair {
        /// Bitmap node: the bit position (the hash chunk); Collision node: the
        /// position among the entries.
        slot: u32,
        /// The key.
        key: &'a K,
        /// The value.
        value: &'a V,
    },
    /// A child node.
    Child {
        /// Bitmap node: the bit position; Array node: the slot index.
        slot: u32,
        /// The child's id.
        id: NodeId,
    },
}

impl<K, V> Clone for EntryView<'_, K, V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K, V> Copy for EntryView<'_, K, V> {}

/// One node of a [`TreeView`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView<'a, K, V> {
    /// Identity (stable while the tree lives; shared nodes keep theirs).
    pub id: NodeId,
    /// Bitmap, Array or Collision.
    pub kind: NodeKind,
    /// Depth, 0 for the root.
    pub level: u32,
    /// The parent's id (`None` for the root).
    pub parent: Option<NodeId>,
    /// Bitmap nodes: the bitmap.
    pub bitmap: Option<u32>,
    /// Collision nodes: the folded hash all their keys share.
    pub collision_hash: Option<u32>,
    /// The slots in order (for Array nodes only the occupied ones).
    pub entries: Vec<EntryView<'a, K, V>>,
    /// Heap bytes of this node (see [`Stats::bytes`]).
    pub bytes: usize,
}

/// All nodes of a tree in depth-first pre-order (the order of CPython's dump).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeView<'a, K, V> {
    /// The root's id.
    pub root: NodeId,
    /// Number of keys.
    pub len: usize,
    /// Nodes, root first, each before its children.
    pub nodes: Vec<NodeView<'a, K, V>>,
    index: HashMap<NodeId, usize>,
}

impl<'a, K, V> TreeView<'a, K, V> {
    /// The node with id `id`, if it is in this tree.
    pub fn node(&self, id: NodeId) -> Option<&NodeView<'a, K, V>> {
        self.index.get(&id).map(|&i| &self.nodes[i])
    }

    /// True when the node `id` is in this tree.
    pub fn contains(&self, id: NodeId) -> bool {
        self.index.contains_key(&id)
    }

    /// Ids of all nodes.
    pub fn ids(&self) -> HashSet<NodeId> {
        self.index.keys().copied().collect()
    }

    /// Ids of this tree's nodes that also belong to `older`: the shared ones.
    pub fn shared_with<K2, V2>(&self, older: &TreeView<'_, K2, V2>) -> HashSet<NodeId> {
        self.nodes
            .iter()
            .map(|n| n.id)
            .filter(|id| older.contains(*id))
            .collect()
    }
}

/// Size and shape of a tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Number of keys.
    pub len: usize,
    /// Bitmap nodes (including the root when it is one).
    pub bitmap_nodes: usize,
    /// Array nodes.
    pub array_nodes: usize,
    /// Collision nodes.
    pub collision_nodes: usize,
    /// Levels of nodes: 1 for a lone root.
    pub depth: usize,
    /// Heap bytes of all nodes: each allocation's `Arc` header and payload (entries
    /// hold keys and values inline). Memory that keys or values own themselves
    /// (a `String`'s buffer) and allocator overhead are not counted.
    pub bytes: usize,
}

impl Stats {
    /// All nodes.
    pub fn nodes(&self) -> usize {
        self.bitmap_nodes + self.array_nodes + self.collision_nodes
    }
}

/// Visit every node depth-first, pre-order, with its level and parent id.
pub(crate) fn walk<'a, K, V>(
    node: &'a Node<K, V>,
    level: u32,
    parent: Option<NodeId>,
    f: &mut impl FnMut(&'a Node<K, V>, u32, Option<NodeId>),
) {
    f(node, level, parent);
    let id = Some(node.id());
    match node {
        Node::Bitmap { bitmap, entries } => {
            for entry in live(*bitmap, entries) {
                if let Entry::Child(child) = entry {
                    walk(child, level + 1, id, f);
                }
            }
        }
        Node::Array(array) => {
            for child in array.slots.iter().flatten() {
                walk(child, level + 1, id, f);
            }
        }
        Node::Collision { .. } => {}
    }
}

fn node_view<K, V>(node: &Node<K, V>, level: u32, parent: Option<NodeId>) -> NodeView<'_, K, V> {
    let mut view = NodeView {
        id: node.id(),
        kind: node.kind(),
        level,
        parent,
        bitmap: None,
        collision_hash: None,
        entries: Vec::new(),
        bytes: node.heap_bytes(),
    };
    match node {
        Node::Bitmap { bitmap, entries } => {
            view.bitmap = Some(*bitmap);
            let bits = (0..32u32).filter(|b| bitmap & (1 << b) != 0);
            for (slot, entry) in bits.zip(live(*bitmap, entries)) {
                view.entries.push(match entry {
                    Entry::Leaf { key, value, .. } => EntryView::Pair { slot, key, value },
                    Entry::Child(child) => EntryView::Child {
                        slot,
                        id: child.id(),
                    },
                    Entry::Spare => continue,
                });
            }
        }
        Node::Array(array) => {
            for (slot, child) in array.slots.iter().enumerate() {
                if let Some(child) = child {
                    view.entries.push(EntryView::Child {
                        slot: slot as u32,
                        id: child.id(),
                    });
                }
            }
        }
        Node::Collision { hash, entries } => {
            view.collision_hash = Some(*hash);
            for (slot, (key, value)) in entries.iter().enumerate() {
                let slot = slot as u32;
                view.entries.push(EntryView::Pair { slot, key, value });
            }
        }
    }
    view
}

impl<K, V, H> Hamt<K, V, H> {
    /// A view of every node, for drawing the tree. O(nodes); allocates.
    pub fn view(&self) -> TreeView<'_, K, V> {
        let mut nodes = Vec::new();
        walk(&self.root, 0, None, &mut |node, level, parent| {
            nodes.push(node_view(node, level, parent));
        });
        let index = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        TreeView {
            root: self.root.id(),
            len: self.len,
            nodes,
            index,
        }
    }

    /// The root node's id.
    pub fn root_id(&self) -> NodeId {
        self.root.id()
    }

    /// Node counts by kind, depth and heap bytes. O(nodes); does not allocate.
    pub fn stats(&self) -> Stats {
        let mut stats = Stats {
            len: self.len,
            ..Stats::default()
        };
        walk(&self.root, 0, None, &mut |node, level, _| {
            match node.kind() {
                NodeKind::Bitmap => stats.bitmap_nodes += 1,
                NodeKind::Array => stats.array_nodes += 1,
                NodeKind::Collision => stats.collision_nodes += 1,
            }
            stats.depth = stats.depth.max(level as usize + 1);
            stats.bytes += node.heap_bytes();
        });
        stats
    }
}
