//! Tour stops for the HAMT: CPython's persistent map behind `contextvars` (Python/hamt.c).
//!
//! The stops go from one key to a million: how hash bits choose a path, how an update copies
//! that path and shares the rest, what happens when a Bitmap node fills up or two hashes are
//! equal, and that the trees are node for node the ones CPython builds. Every stop runs a real
//! `explain hamt` command; the sentences here only say what to look for in its output.

use super::Stop;

pub fn stops() -> Vec<Stop> {
    vec![
        Stop {
            title: "HAMT: hash bits pick the path",
            text: &[
                "Every `contextvars.Context` is an immutable map: `ContextVar.set()` makes a new \
                 one and the old one must stay valid for whoever still holds it. CPython \
                 (PEP 550/567) uses a hash array mapped trie, Python/hamt.c, for this. A key's \
                 hash is folded to 32 bits and cut into 5-bit chunks: chunk L0 picks one of 32 \
                 slots in the root, chunk L1 a slot one level down, and so on.",
                "Ints hash to themselves, so 1 and 33 share chunk L0 = 1 and differ at L1: the \
                 second set pushes both keys into a new BitmapNode one level down. A \
                 BitmapNode stores only the slots in use; the bitmap says which, and a slot's \
                 index is the number of bits set below it (a popcount). Watch `set 2`: the \
                 root is copied, the level-1 node is shared with the previous map.",
            ],
            args: &["hamt", "set", "1", "set", "33", "set", "2"],
            try_next: &[
                "hamt set 1 set 33 set 65 set 1025",
                "hamt set name=ada set 7=seven",
            ],
        },
        Stop {
            title: "HAMT: seventeen slots make an ArrayNode",
            text: &[
                "A BitmapNode holds at most 16 slots. Keys 0..15 fill 16 slots of the root \
                 (--fill builds that map in place); key 16 needs a 17th, so the root becomes an \
                 ArrayNode: 32 plain child slots, indexed by the chunk with no popcount. Each \
                 key now sits in its own small BitmapNode under the array, which is why CPython \
                 keeps arrays for crowded levels only (it turns one back into a BitmapNode when \
                 it drops to 15 children).",
            ],
            args: &["hamt", "--fill", "16", "set", "16"],
            try_next: &[
                "hamt --fill 17 del 3 del 4",
                "hamt --fill 16 set 16 --format svg > tree.svg",
            ],
        },
        Stop {
            title: "HAMT: when hashes collide",
            text: &[
                "4294967300 is 2**32 + 4: its 64-bit hash folds (high half XOR low half) to \
                 1 XOR 4 = 5, the same 32-bit hash as the key 5. No number of levels can \
                 separate them, so they share a CollisionNode, a flat list searched key by key. \
                 Then 37 arrives with chunk L0 = 5 too but another hash: the CollisionNode is \
                 wrapped in a new BitmapNode one level down, next to 37.",
            ],
            args: &["hamt", "set", "5", "set", "4294967300", "set", "37"],
            try_next: &[
                "hamt set 5 set 4294967300 set 37 del 5",
                "hamt set -1 set 1",
            ],
        },
        Stop {
            title: "HAMT: a hundred thousand keys, a handful of copies",
            text: &[
                "Here is why a persistent map is cheap. An update copies the nodes on one path, \
                 root to leaf, and the new root points at every other node of the old tree. \
                 With 100,000 keys the tree has tens of thousands of nodes and an update \
                 copies one per level; the old map stays intact, and a `Context` copy is just a pointer to \
                 the root. The tree is too big to print, so only the path and the counts are \
                 shown.",
            ],
            args: &["hamt", "--fill", "100000", "set", "100000", "del", "7"],
            try_next: &["hamt --fill 1000000 set 1000000 del 7"],
        },
        Stop {
            title: "HAMT: the same tree CPython builds",
            text: &[
                "The `hamt` crate follows hamt.c's decisions node for node, so for int keys it \
                 builds exactly the tree a CPython debug build shows with `__dump__()`. This \
                 output is compared byte for byte with CPython 3.13's own dump in the tests.",
            ],
            args: &[
                "hamt",
                "--format",
                "cpython",
                "set",
                "1",
                "set",
                "33",
                "set",
                "65",
                "set",
                "2",
                "set",
                "1025",
                "set",
                "1099511627776",
            ],
            try_next: &[
                "hamt --format json set 1 set 33",
                "hamt --format dot set 1 set 33 set 2",
            ],
        },
    ]
}
