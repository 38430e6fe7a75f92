//! The instrumentation contract the `explain hamt` CLI relies on: for known int
//! trees, the traced updates report exactly the path, copies, creations and
//! conversions that `Python/hamt.c` performs.

use hamt::{Conversion, Hamt, NodeKind, Outcome, PathStep, SlotState, UpdateEvent};

type Map = Hamt<i64, i64>;

fn build(keys: &[i64]) -> Map {
    keys.iter().fold(Map::new(), |m, &k| m.insert(k, k))
}

/// Compact form of a path: (level, bits, kind, index, slot).
fn path(event: &UpdateEvent) -> Vec<(u32, u32, NodeKind, Option<usize>, SlotState)> {
    event
        .path
        .iter()
        .map(|s: &PathStep| (s.level, s.bits, s.kind, s.index, s.slot))
        .collect()
}

/// One `check` per scenario: run the op on the tree of `keys`, compare the
/// outcome, the compact path, and the numbers of copied and created nodes.
fn check(
    keys: &[i64],
    insert: Option<i64>,
    remove: Option<i64>,
    expected: (Outcome, usize, usize),
) -> (Map, Map, UpdateEvent) {
    let old = build(keys);
    let (new, event) = match (insert, remove) {
        (Some(k), _) => old.insert_traced(k, k),
        (_, Some(k)) => old.remove_traced(&k),
        _ => unreachable!("a scenario needs an op"),
    };
    assert_eq!(
        (event.outcome, event.copied.len(), event.created.len()),
        expected,
        "{event:#?}"
    );
    assert_eq!(event.old_root, old.root_id());
    assert_eq!(event.new_root, new.root_id());
    assert!(new.debug_check().is_ok());
    (old, new, event)
}

const SMALL: [i64; 6] = [1, 33, 65, 2, 1025, 1 << 40];

/// 97 has chunks 1, 3: through the root's slot 1 (a child) into the level-1
/// Bitmap node, whose bit 3 is free. Two nodes are copied, nothing is created,
/// and every other node is shared between the versions.
#[test]
fn insert_copies_one_node_per_level() {
    let (old, new, event) = check(&SMALL, Some(97), None, (Outcome::Added, 2, 0));
    assert_eq!(
        path(&event),
        vec![
            (0, 1, NodeKind::Bitmap, Some(1), SlotState::Child),
            (1, 3, NodeKind::Bitmap, Some(3), SlotState::Empty),
        ]
    );
    assert_eq!(event.path[0].bitmap, Some(0b111));
    assert_eq!(event.hash.full, 97);
    assert_eq!(event.hash.chunks(), [1, 3, 0, 0, 0, 0, 0]);
    assert_eq!(event.copied[0].old, old.root_id());
    assert_eq!(event.copied[0].new, new.root_id());
    let (old_view, new_view) = (old.view(), new.view());
    assert_eq!(
        new_view.shared_with(&old_view).len(),
        new_view.nodes.len() - 2
    );
    assert_eq!((event.len_before, event.len_after), (6, 7));
}

/// Setting an existing key to an equal value walks the path, copies nothing and
/// returns the same root; a different value copies the path (`Replaced`).
#[test]
fn equal_value_is_unchanged_and_other_value_replaces() {
    let (old, new, event) = check(&SMALL, Some(1025), None, (Outcome::Unchanged, 0, 0));
    assert!(old.ptr_eq(&new));
    assert_eq!(event.path.len(), 3);
    assert_eq!(event.path[2].slot, SlotState::Pair { same_key: true });
    let (replaced, event) = old.insert_traced(1025, 7);
    assert_eq!((event.outcome, event.copied.len()), (Outcome::Replaced, 3));
    assert_eq!(replaced.get(&1025), Some(&7));
    assert_eq!(old.get(&1025), Some(&1025));
}

/// 4294967300 meets 5 in the root's slot 5 with an equal folded hash: the pair
/// becomes a Collision node one level down.
#[test]
fn pair_to_collision() {
    let (_, new, event) = check(&[5], Some(4294967300), None, (Outcome::Added, 1, 1));
    assert_eq!(event.path[0].slot, SlotState::Pair { same_key: false });
    let collision = new.view().nodes[1].id;
    assert_eq!(
        event.converted,
        vec![Conversion::PairToCollision {
            new: collision,
            level: 1
        }]
    );
    assert_eq!(event.created[0].kind, NodeKind::Collision);
}

/// The 17th key of a level: one Array node and 17 one-pair Bitmap nodes are
/// created in place of the old root.
#[test]
fn bitmap_to_array() {
    let keys: Vec<i64> = (0..16).collect();
    let (old, new, event) = check(&keys, Some(16), None, (Outcome::Added, 0, 18));
    assert_eq!(
        event.converted,
        vec![Conversion::BitmapToArray {
            old: old.root_id(),
            new: new.root_id(),
            level: 0
        }]
    );
    assert_eq!(new.stats().array_nodes, 1);
}

/// Deleting 1025 empties its two-pair node: the remaining pair (1) is pulled up
/// into the level-1 node, which is copied, and so is the root.
#[test]
fn remove_pulls_single_pair_up() {
    let (old, _, event) = check(&SMALL, None, Some(1025), (Outcome::Removed, 2, 0));
    let vanished = old.view().nodes.iter().find(|n| n.level == 2).map(|n| n.id);
    assert_eq!(
        event.converted,
        vec![Conversion::PulledUp {
            from: vanished.expect("a level-2 node"),
            into_level: 1
        }]
    );
    assert_eq!(
        path(&event).last().map(|s| s.4),
        Some(SlotState::Pair { same_key: true })
    );
}

/// Removing an absent key: NotFound, nothing copied, same root.
#[test]
fn remove_absent_key() {
    let (old, new, event) = check(&SMALL, None, Some(3), (Outcome::NotFound, 0, 0));
    assert!(old.ptr_eq(&new));
    assert_eq!(
        path(&event),
        vec![(0, 3, NodeKind::Bitmap, Some(3), SlotState::Empty)]
    );
}

/// An Array node losing its 17th.. 16th child stays; at 15 it becomes a Bitmap node.
#[test]
fn array_to_bitmap() {
    let keys: Vec<i64> = (0..17).collect();
    let (_, sixteen, event) = check(&keys, None, Some(16), (Outcome::Removed, 1, 0));
    assert!(event.converted.is_empty());
    let (fifteen, event) = sixteen.remove_traced(&15);
    assert!(matches!(
        event.converted[..],
        [Conversion::ArrayToBitmap { level: 0, .. }]
    ));
    assert_eq!(fifteen.stats().array_nodes, 0);
    assert_eq!(event.created.len(), 1);
}

/// A Collision node losing its second-to-last key dissolves.
#[test]
fn collision_dissolved() {
    let (old, _, event) = check(&[5, 4294967300], None, Some(5), (Outcome::Removed, 1, 0));
    let collision = old.view().nodes[1].id;
    assert_eq!(
        event.converted,
        vec![
            Conversion::CollisionDissolved {
                old: collision,
                level: 1
            },
            Conversion::PulledUp {
                from: collision,
                into_level: 0
            }
        ]
    );
}

/// Maps cross threads when their contents can: nodes are `Arc`s.
#[test]
fn maps_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Hamt<String, Vec<u8>>>();
    assert_send_sync::<hamt::Mutation<i64, i64, hamt::PyHasher>>();
}

/// `String` keys are found through `&str` (Borrow), and the std hasher option
/// works for keys without a Python hash.
#[test]
fn borrowed_lookups_and_std_hasher() {
    let map: Hamt<String, i32> = ["a", "b", "héllo"]
        .iter()
        .map(|s| (s.to_string(), 1))
        .collect();
    assert_eq!(map.get("héllo"), Some(&1));
    assert!(!map.contains_key("c"));
    assert_eq!(map.remove("a").len(), 2);
    let hasher = hamt::StdHasher(std::hash::BuildHasherDefault::<
        std::collections::hash_map::DefaultHasher,
    >::default());
    let tuples = Hamt::with_hasher(hasher)
        .insert((1, 'x'), "one")
        .insert((2, 'y'), "two");
    assert_eq!(tuples.get(&(2, 'y')), Some(&"two"));
    assert!(tuples.debug_check().is_ok());
    let other: Hamt<(i32, char), &str, _> = tuples.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(other, tuples);
}
