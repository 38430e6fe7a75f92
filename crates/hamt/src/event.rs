//! Instrumentation: what one update did to the tree, as plain data.
//!
//! The update code (`assoc.rs`, `without.rs`) reports every decision
//! to an [`Observer`]. Plain `insert`/`remove` use [`NoObserver`], whose methods are
//! empty and inlined away, so instrumentation costs nothing when unused. The traced
//! variants (`Hamt::insert_traced`, `Hamt::remove_traced`) use a [`Recorder`] and
//! hand back an [`UpdateEvent`]: the key's hash and 5-bit chunks, the path taken
//! level by level, the nodes copied (old id -> new id), created and converted, and
//! the outcome. Renderers (the `explain hamt` CLI, [`crate::render`]) only draw
//! these values; they never look inside the tree's private types.
//!
//! Node ids ([`NodeId`]) are the addresses of the nodes' shared allocations, so they
//! are stable for as long as the tree holding the node lives, and a node shared by
//! two versions has the same id in both.

use std::collections::HashSet;
use std::fmt;

use crate::hash;

/// Identity of a tree node: the address of its shared (`Arc`) allocation.
///
/// Valid while some map holding the node lives; once every map holding a node is
/// dropped, its address may be reused by a new node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub usize);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// The three node kinds of CPython's HAMT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// `PyHamtNode_Bitmap`: a 32-bit bitmap plus up to 16 slots, each a key/value
    /// pair or a child pointer.
    Bitmap,
    /// `PyHamtNode_Array`: 32 child slots, used once a level needs more than 16.
    Array,
    /// `PyHamtNode_Collision`: keys whose full 32-bit hashes are equal.
    Collision,
}

impl NodeKind {
    /// CPython's name for the node type, as its `__dump__()` prints it.
    pub fn cpython_name(self) -> &'static str {
        match self {
            NodeKind::Bitmap => "BitmapNode",
            NodeKind::Array => "ArrayNode",
            NodeKind::Collision => "CollisionNode",
        }
    }
}

/// Which update an event describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `insert` (CPython: `hamt.set` / `_PyHamt_Assoc`).
    Insert,
    /// `remove` (CPython: `hamt.delete` / `_PyHamt_Without`).
    Remove,
}

/// A key's hash, before and after CPython's 64 -> 32 bit fold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashInfo {
    /// The full Python-style hash (`Py_hash_t`).
    pub full: i64,
    /// The folded 32-bit hash (`hamt_hash`), as unsigned bits.
    pub folded: u32,
}

impl HashInfo {
    /// Hash info for a full hash.
    pub fn new(full: i64) -> Self {
        HashInfo {
            full,
            folded: hash::fold(full),
        }
    }
    /// The folded hash as CPython's signed `int32_t`.
    pub fn folded_i32(&self) -> i32 {
        self.folded as i32
    }
    /// The 5-bit chunk used at `level` (`hamt_mask(hash, 5 * level)`).
    pub fn chunk(&self, level: u32) -> u32 {
        hash::mask(self.folded, 5 * level)
    }
    /// All seven chunks, root level first.
    pub fn chunks(&self) -> [u8; 7] {
        hash::chunks(self.folded)
    }
}

/// What a path step found in the slot the key's chunk selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotState {
    /// Nothing there (bit not set in the bitmap, or a NULL array slot).
    Empty,
    /// A key/value pair; `same_key` says whether it is the key being updated.
    Pair {
        /// The stored key equals the updated key.
        same_key: bool,
    },
    /// A pointer to a child node (a NULL key in a Bitmap node, or an array slot).
    Child,
    /// A Collision node: `found` says whether the key is among its entries.
    Collision {
        /// The key is in the node.
        found: bool,
        /// The node's hash equals the key's folded hash.
        same_hash: bool,
    },
}

/// One level of the path an update walked, root first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathStep {
    /// Depth of the node, 0 for the root.
    pub level: u32,
    /// `5 * level`: how far the hash is shifted before masking.
    pub shift: u32,
    /// The key's 5-bit chunk at this level (`hamt_mask`).
    pub bits: u32,
    /// The visited node (as it was before the update).
    pub node: NodeId,
    /// The visited node's kind.
    pub kind: NodeKind,
    /// The node's bitmap (Bitmap nodes only).
    pub bitmap: Option<u32>,
    /// Bitmap: the popcount index `popcount(bitmap & (bit - 1))` (where the slot is,
    /// or would be inserted); Array: the slot (equal to `bits`); Collision: the
    /// position of the key among the entries when found.
    pub index: Option<usize>,
    /// What the slot held.
    pub slot: SlotState,
}

/// A node copied on the path: the update made `new` from `old` (path copying).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopiedNode {
    /// The node in the old tree.
    pub old: NodeId,
    /// Its replacement in the new tree.
    pub new: NodeId,
    /// Kind of both nodes.
    pub kind: NodeKind,
    /// Depth of the node.
    pub level: u32,
}

/// A node with no predecessor (a new sub-level, a new Collision node, the single-key
/// Bitmap nodes an Array node is built from, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreatedNode {
    /// The new node.
    pub id: NodeId,
    /// Its kind.
    pub kind: NodeKind,
    /// Its depth.
    pub level: u32,
}

/// A structural change beyond copying, named after the decision in `hamt.c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    /// A Bitmap node needed a 17th slot and became an Array node
    /// (`hamt_node_bitmap_assoc`, `n >= 16`).
    BitmapToArray {
        /// The Bitmap node.
        old: NodeId,
        /// The Array node replacing it.
        new: NodeId,
        /// Depth.
        level: u32,
    },
    /// An Array node dropped to 15 children and became a Bitmap node
    /// (`hamt_node_array_without`).
    ArrayToBitmap {
        /// The Array node.
        old: NodeId,
        /// The Bitmap node replacing it.
        new: NodeId,
        /// Depth.
        level: u32,
    },
    /// Two keys met in one slot and were pushed down into a new Bitmap node one
    /// level deeper (`hamt_node_new_bitmap_or_collision`, hashes differ).
    PairPushedDown {
        /// The new sub-node.
        new: NodeId,
        /// Its depth.
        level: u32,
    },
    /// Two keys with equal folded 32-bit hashes met: a new Collision node holds both
    /// (`hamt_node_new_bitmap_or_collision`, hashes equal).
    PairToCollision {
        /// The new Collision node.
        new: NodeId,
        /// Its depth.
        level: u32,
    },
    /// A key with another hash reached a Collision node, which was wrapped in a
    /// new Bitmap node at its level (`hamt_node_collision_assoc`).
    CollisionWrapped {
        /// The Collision node, now one level deeper.
        collision: NodeId,
        /// The new Bitmap node in its place.
        new: NodeId,
        /// Depth of the new Bitmap node.
        level: u32,
    },
    /// A Collision node lost its second-to-last key and became a one-entry Bitmap
    /// node (`hamt_node_collision_without`, `new_count == 1`).
    CollisionDissolved {
        /// The Collision node.
        old: NodeId,
        /// Depth it had.
        level: u32,
    },
    /// A node left with a single key/value pair vanished, and the pair moved up
    /// into its parent's slot (`hamt_node_bitmap_without` inlining).
    PulledUp {
        /// The node that vanished (as it was in the old tree).
        from: NodeId,
        /// Depth of the parent the pair moved into.
        into_level: u32,
    },
}

/// How an update ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Insert of a new key: `len` grew by one.
    Added,
    /// Insert of an existing key with a different value.
    Replaced,
    /// Insert of an existing key with an equal value: the same root is returned.
    Unchanged,
    /// Remove of a present key.
    Removed,
    /// Remove of an absent key: the same root is returned.
    NotFound,
}

/// Everything one traced update did. See the module docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateEvent {
    /// Insert or remove.
    pub op: Op,
    /// The key's hash.
    pub hash: HashInfo,
    /// Nodes visited, root first.
    pub path: Vec<PathStep>,
    /// Nodes copied (old -> new), in the order the update made them.
    pub copied: Vec<CopiedNode>,
    /// Nodes created without a predecessor.
    pub created: Vec<CreatedNode>,
    /// Structural conversions.
    pub converted: Vec<Conversion>,
    /// The result.
    pub outcome: Outcome,
    /// Root of the tree before the update.
    pub old_root: NodeId,
    /// Root after the update (equal to `old_root` for `Unchanged`/`NotFound`).
    pub new_root: NodeId,
    /// `len()` before.
    pub len_before: usize,
    /// `len()` after.
    pub len_after: usize,
}

impl UpdateEvent {
    /// Ids of all nodes this update made (copied or created): every other node of
    /// the new tree is shared with the old one.
    pub fn new_nodes(&self) -> HashSet<NodeId> {
        let copied = self.copied.iter().map(|c| c.new);
        copied.chain(self.created.iter().map(|c| c.id)).collect()
    }
}

/// Receives the decisions of an update. Every method defaults to doing nothing;
/// the closures passed to [`Observer::step`] are only run by observers that record.
pub trait Observer {
    /// True when the observer keeps what it is told (the update code then avoids
    /// work whose reports would be misleading, such as copies it throws away).
    const RECORDS: bool = false;
    /// A node on the path was visited.
    #[inline(always)]
    fn step(&mut self, _step: impl FnOnce() -> PathStep) {}
    /// A node was copied.
    #[inline(always)]
    fn copied(&mut self, _old: NodeId, _new: NodeId, _kind: NodeKind, _level: u32) {}
    /// A node was created.
    #[inline(always)]
    fn created(&mut self, _id: NodeId, _kind: NodeKind, _level: u32) {}
    /// A structural conversion happened.
    #[inline(always)]
    fn converted(&mut self, _conversion: Conversion) {}
}

/// The observer of plain updates: records nothing, costs nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl Observer for NoObserver {}

/// The observer of traced updates: collects everything for an [`UpdateEvent`].
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    /// Visited nodes.
    pub path: Vec<PathStep>,
    /// Copied nodes.
    pub copied: Vec<CopiedNode>,
    /// Created nodes.
    pub created: Vec<CreatedNode>,
    /// Conversions.
    pub converted: Vec<Conversion>,
}

impl Observer for Recorder {
    const RECORDS: bool = true;
    fn step(&mut self, step: impl FnOnce() -> PathStep) {
        self.path.push(step());
    }
    fn copied(&mut self, old: NodeId, new: NodeId, kind: NodeKind, level: u32) {
        self.copied.push(CopiedNode {
            old,
            new,
            kind,
            level,
        });
    }
    fn created(&mut self, id: NodeId, kind: NodeKind, level: u32) {
        self.created.push(CreatedNode { id, kind, level });
    }
    fn converted(&mut self, conversion: Conversion) {
        self.converted.push(conversion);
    }
}
