//! # A HAMT with CPython's layout
//!
//! `contextvars` (PEP 550/567) needed a mapping that can be copied in O(1) and
//! updated without touching the copy: every `Context.run()` snapshots the current
//! context. CPython's answer, `Python/hamt.c`, is a *hash array mapped trie*: a
//! persistent map whose tree shape is spelled out by the keys' hashes. This crate
//! rebuilds it node for node, so `Hamt<i64, i64>` builds exactly the tree a CPython
//! debug build prints for the same int keys (ints hash to themselves there).
//!
//! ## Hash bits pick the path
//!
//! A key's 64-bit Python hash is folded to 32 bits ([`hash::fold`]: high half XOR
//! low half). Level 0 uses bits 0-4 of that hash, level 1 bits 5-9, and so on:
//! 32 possible slots per level. Take 1, 33, 65, 2, 1025 and 2**40:
//!
//! ```text
//!   key      folded hash (low 15 bits)   level0  level1  level2
//!   1        00000 00000 00001              1       0       0
//!   33       00000 00001 00001              1       1       0
//!   65       00000 00010 00001              1       2       0
//!   1025     00001 00000 00001              1       0       1
//!   2        00000 00000 00010              2       0       0
//!   2**40    00000 01000 00000              0       8       0   (folds to 256)
//! ```
//!
//! ## Three node kinds
//!
//! * **Bitmap node**: a 32-bit bitmap says which of the 32 slots are used; only
//!   those are stored, in bit order. Slot `b` lives at index
//!   `popcount(bitmap & ((1 << b) - 1))`. Each stored slot is a key/value pair or
//!   a pointer to a deeper node (CPython stores a NULL key there). At most 16.
//! * **Array node**: 32 plain child pointers, used once a level needs a 17th slot;
//!   it turns back into a Bitmap node when it drops to 15 children.
//! * **Collision node**: a flat list of keys whose folded hashes are all equal.
//!
//! The six keys above give this tree (`cpython_dump()` prints it CPython's way):
//!
//! ```text
//! root  Bitmap bitmap=0b111 (bits 0,1,2)
//!       [0] 2**40: 2**40
//!       [1] ──► Bitmap bitmap=0b111          level 1, keys with chunk0 = 1
//!       │        [0] ──► Bitmap bitmap=0b11   level 2, chunk0 = 1, chunk1 = 0
//!       │        │        [0] 1: 1
//!       │        │        [1] 1025: 1025
//!       │        [1] 33: 33
//!       │        [2] 65: 65
//!       [2] 2: 2
//! ```
//!
//! ## An update copies one path
//!
//! Nodes never change once shared. `insert(97, 97)` (chunks 1, 3) copies the root
//! and the level-1 node it walks through, adds the pair to the copy of the level-1
//! node, and points the copies at every untouched subtree of the old tree:
//!
//! ```text
//!   old map                               new map
//!   root [0] 2**40 [1] ─┐ [2] 2           root' [0] 2**40 [1] ─┐ [2] 2         copied
//!                       ▼                                      ▼
//!   A    [0] ─┐ [1] 33 [2] 65             A'    [0] ─┐ [1] 33 [2] 65 [3] 97    copied
//!             ▼                                      │
//!   B    [0] 1 [1] 1025  ◄───────────────────────────┘                         shared
//! ```
//!
//! Two maps then exist side by side and share node B (pairs are copied inline).
//! That is why a context copy is O(1) and an update O(log n). [`Hamt::insert_traced`] returns an
//! [`UpdateEvent`] that lists exactly these copies, and [`render`] draws both
//! versions in one picture.
//!
//! ## Map of the crate
//!
//! * [`hash`]: Python hashes ([`PyHash`]), the 32-bit fold, hashers.
//! * `node`: the node kinds and lookup (`hamt_node_find`).
//! * `assoc` / `without`: insert and delete, following `hamt.c`'s decisions.
//! * [`Mutation`]: batch updates that edit their own nodes in place.
//! * [`event`]: the instrumentation types; [`view`]: tree views and [`Stats`].
//! * `dump`: CPython's `__dump__()` text ([`PyRepr`]); `check`: [`Hamt::debug_check`].
//! * [`render`] (feature `render`, default): DOT and SVG pictures.
//!
//! ```
//! use hamt::Hamt;
//! let a: Hamt<i64, &str> = Hamt::new().insert(1, "one");
//! let b = a.insert(33, "thirty-three");
//! assert_eq!((a.len(), b.len()), (1, 2));
//! assert_eq!(b.get(&33), Some(&"thirty-three"));
//! assert!(b.insert(1, "one").ptr_eq(&b)); // same value: same map
//! ```

mod assoc;
mod check;
mod dump;
pub mod event;
pub mod hash;
mod iter;
mod map;
mod mutation;
mod node;
#[cfg(feature = "render")]
pub mod render;
pub mod view;
mod without;

pub use check::InvariantError;
pub use dump::{py_str_repr, repr, PyRepr};
pub use event::{
    Conversion, CopiedNode, CreatedNode, HashInfo, NodeId, NodeKind, Op, Outcome, PathStep,
    SlotState, UpdateEvent,
};
pub use hash::{KeyHasher, PyHash, PyHasher, StdHasher};
pub use iter::Iter;
pub use map::Hamt;
pub use mutation::Mutation;
pub use view::{EntryView, NodeView, Stats, TreeView};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
