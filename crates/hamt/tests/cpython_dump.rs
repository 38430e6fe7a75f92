//! CPython tree-shape tests: int keys must build exactly the trees CPython builds.
//!
//! Two expectations are CPython's own output (made by a debug build, kept in
//! `tests/cpython/` so that a fresh clone tests on its own). The others were derived by hand from `Python/hamt.c`'s
//! decisions, as explained next to each; no CPython debug build is available here.

use hamt::Hamt;

/// A map operation: set `key` (value = key) or delete it.
#[derive(Clone, Copy)]
enum Op {
    Set(i128),
    Del(i128),
}
use Op::{Del, Set};

/// Apply `ops` to an empty map, checking invariants after each, and compare the
/// final `cpython_dump()` with `expected`.
fn check(ops: &[Op], expected: &str) {
    let mut map: Hamt<i128, i128> = Hamt::new();
    for op in ops {
        map = match *op {
            Set(k) => map.insert(k, k),
            Del(k) => map.remove(&k),
        };
        if let Err(e) = map.debug_check() {
            panic!("invariant broken after an op: {e}\n{}", map.cpython_dump());
        }
    }
    let got = map.cpython_dump();
    assert_eq!(
        got, expected,
        "\n--- got ---\n{got}\n--- expected ---\n{expected}"
    );
}

fn reference(name: &str) -> String {
    let path = format!("{}/tests/cpython/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn sets(keys: &[i128]) -> Vec<Op> {
    keys.iter().map(|&k| Set(k)).collect()
}

#[test]
fn hamt_small_matches_cpython_byte_for_byte() {
    // The file was saved from print(), which adds one newline to __dump__().
    let expected = reference("hamt_small.txt");
    let ops = sets(&[1, 33, 65, 2, 1025, 1 << 40]);
    check(
        &ops,
        expected
            .strip_suffix('\n')
            .expect("file ends with print()'s newline"),
    );
}

#[test]
fn hamt_collision_matches_cpython_byte_for_byte() {
    let expected = reference("hamt_collision.txt");
    let ops = sets(&[5, 4294967300, 37]);
    check(
        &ops,
        expected
            .strip_suffix('\n')
            .expect("file ends with print()'s newline"),
    );
}

/// 17 keys with distinct level-0 chunks: the 17th overflows the root Bitmap node
/// (16 entries, `n >= 16` in `hamt_node_bitmap_assoc`), which becomes an Array
/// node whose children are one-pair Bitmap nodes at shift 5 (each key's chunk 1
/// is 0, hence `bitmap=0b1`). The array dump prints `i::` then the child one
/// level deeper, then a blank line.
#[test]
fn seventeenth_key_turns_the_root_into_an_array_node() {
    let mut expected = String::from("HAMT(len=17):\n    ArrayNode():\n");
    for k in 0..17 {
        expected += &format!("        {k}::\n        BitmapNode(size=2 count=1 bitmap=0b1):\n            {k}: {k}\n\n");
    }
    check(&sets(&(0..17).collect::<Vec<_>>()), &expected);
}

/// Deleting from the 17-child Array node: at 16 children it stays an Array node
/// (`new_count >= 16`); at 15 it becomes a Bitmap node and the one-pair Bitmap
/// children are inlined as pairs, giving the same tree as inserting 0..15 directly.
#[test]
fn array_node_back_to_bitmap_at_fifteen_children() {
    let mut ops = sets(&(0..17).collect::<Vec<_>>());
    ops.push(Del(16));
    let mut sixteen = String::from("HAMT(len=16):\n    ArrayNode():\n");
    for k in 0..16 {
        sixteen += &format!("        {k}::\n        BitmapNode(size=2 count=1 bitmap=0b1):\n            {k}: {k}\n\n");
    }
    check(&ops, &sixteen);
    ops.push(Del(15));
    let mut fifteen =
        String::from("HAMT(len=15):\n    BitmapNode(size=30 count=15 bitmap=0b111111111111111):\n");
    for k in 0..15 {
        fifteen += &format!("        {k}: {k}\n");
    }
    check(&ops, &fifteen);
}

/// 17 multiples of 32 share chunk 0 (= 0) and differ in chunk 1: the level-1
/// Bitmap node overflows into an Array node under the root.
#[test]
fn array_node_below_the_root() {
    let keys: Vec<i128> = (0..17).map(|i| 32 * i).collect();
    let mut expected =
        String::from("HAMT(len=17):\n    BitmapNode(size=2 count=1 bitmap=0b1):\n        NULL:\n            ArrayNode():\n");
    for (i, k) in keys.iter().enumerate() {
        expected += &format!(
            "                {i}::\n                BitmapNode(size=2 count=1 bitmap=0b1):\n                    {k}: {k}\n\n"
        );
    }
    expected += "\n";
    check(&sets(&keys), &expected);
}

/// hash(-1) is -2 in Python (hash(-2) too), and -2 folds to 1: keys -1, -2 and 1
/// share their full 32-bit hash. The second one turns the pair into a Collision
/// node (`hamt_node_new_bitmap_or_collision`), the third is appended to it.
#[test]
fn minus_one_collides_with_one() {
    check(
        &sets(&[1, -1]),
        "HAMT(len=2):
    BitmapNode(size=2 count=1 bitmap=0b10):
        NULL:
            CollisionNode(size=4):
                1: 1
                -1: -1

",
    );
    check(
        &sets(&[-1, -2, 1]),
        "HAMT(len=3):
    BitmapNode(size=2 count=1 bitmap=0b10):
        NULL:
            CollisionNode(size=6):
                -1: -1
                -2: -2
                1: 1

",
    );
}

/// Deleting from a Collision node: 3 -> 2 keys keeps a Collision node; 2 -> 1
/// dissolves it into a one-pair Bitmap node, which the root inlines.
#[test]
fn collision_node_dissolves_and_is_pulled_up() {
    let mut ops = sets(&[-1, -2, 1]);
    ops.push(Del(-2));
    check(
        &ops,
        "HAMT(len=2):
    BitmapNode(size=2 count=1 bitmap=0b10):
        NULL:
            CollisionNode(size=4):
                -1: -1
                1: 1

",
    );
    ops.push(Del(-1));
    check(
        &ops,
        "HAMT(len=1):\n    BitmapNode(size=2 count=1 bitmap=0b10):\n        1: 1\n",
    );
}

/// The reference collision tree plus 1029 (chunks 5, 0, 1): at shift 10 the key
/// meets the Collision node with a different hash, so a new Bitmap node wraps it
/// (`hamt_node_collision_assoc`). Deleting 1029 again does not flatten the levels
/// (Bitmap nodes whose only entry is a child are never inlined); deleting 5 then
/// dissolves the Collision node and its last pair climbs two levels.
#[test]
fn collision_wrapped_then_dissolved() {
    let mut ops = sets(&[5, 4294967300, 37, 1029]);
    check(
        &ops,
        "HAMT(len=4):
    BitmapNode(size=2 count=1 bitmap=0b100000):
        NULL:
            BitmapNode(size=4 count=2 bitmap=0b11):
                NULL:
                    BitmapNode(size=4 count=2 bitmap=0b11):
                        NULL:
                            CollisionNode(size=4):
                                5: 5
                                4294967300: 4294967300

                        1029: 1029

                37: 37

",
    );
    ops.push(Del(1029));
    check(
        &ops,
        "HAMT(len=3):
    BitmapNode(size=2 count=1 bitmap=0b100000):
        NULL:
            BitmapNode(size=4 count=2 bitmap=0b11):
                NULL:
                    BitmapNode(size=2 count=1 bitmap=0b1):
                        NULL:
                            CollisionNode(size=4):
                                5: 5
                                4294967300: 4294967300


                37: 37

",
    );
    ops.push(Del(5));
    check(
        &ops,
        "HAMT(len=2):
    BitmapNode(size=2 count=1 bitmap=0b100000):
        NULL:
            BitmapNode(size=4 count=2 bitmap=0b11):
                4294967300: 4294967300
                37: 37

",
    );
}

/// Deleting every key returns to the empty root (`W_EMPTY` at the top), and
/// deleting from an empty map changes nothing.
#[test]
fn empty_map_dump() {
    check(
        &[],
        "HAMT(len=0):\n    BitmapNode(size=0 count=0 bitmap=0b0):\n",
    );
    check(
        &[Set(7), Del(7), Del(7)],
        "HAMT(len=0):\n    BitmapNode(size=0 count=0 bitmap=0b0):\n",
    );
}

/// Strings print with their Python repr (hash("it's") under PYTHONHASHSEED=0 folds
/// to chunk 29, computed with python3.13); `-5` folds to 4 and so collides with 4.
#[test]
fn str_keys_print_as_python_reprs() {
    let map: Hamt<String, i64> = Hamt::new().insert("it's".to_string(), 1);
    assert_eq!(map.cpython_dump(), "HAMT(len=1):\n    BitmapNode(size=2 count=1 bitmap=0b100000000000000000000000000000):\n        \"it's\": 1\n");
    check(&sets(&[4, -5]), "HAMT(len=2):\n    BitmapNode(size=2 count=1 bitmap=0b10000):\n        NULL:\n            CollisionNode(size=4):\n                4: 4\n                -5: -5\n\n");
}

/// Iteration order is CPython's: `hamt_iterator_next` walks the tree depth first,
/// the same order in which `__dump__()` lists the pairs. So the keys, read off
/// the reference dumps line by line, must come out of `keys()` in that order.
#[test]
fn iteration_order_follows_the_reference_dumps() {
    for (file, keys) in [
        ("hamt_small.txt", vec![1, 33, 65, 2, 1025, 1 << 40]),
        ("hamt_collision.txt", vec![5, 4294967300, 37]),
    ] {
        let in_dump: Vec<i128> = reference(file)
            .lines()
            .filter_map(|line| line.trim().split_once(": "))
            .map(|(k, _)| k.parse().expect("int key"))
            .collect();
        let map: Hamt<i128, i128> = keys.iter().map(|&k| (k, k)).collect();
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), in_dump, "{file}");
    }
}
