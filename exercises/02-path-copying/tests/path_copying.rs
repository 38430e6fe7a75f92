//! Tests for exercise 02: the result is right (checked against `BTreeMap`), the old node is
//! unchanged, and every child not on the insert path is shared (`Arc::ptr_eq`).

use std::collections::BTreeMap;
use std::sync::Arc;

use ex02_path_copying::{BitmapNode, Entry};

/// Builds a map by inserting `keys` in order (value = key * 10), keeping every version.
fn build(keys: &[u32]) -> Vec<BitmapNode<u32>> {
    let mut versions = vec![BitmapNode::empty()];
    for &key in keys {
        let next = versions.last().unwrap().assoc(0, key, key * 10);
        versions.push(next);
    }
    versions
}

/// Checks that `node` holds exactly `expected`.
fn check(node: &BitmapNode<u32>, expected: &BTreeMap<u32, u32>) {
    assert_eq!(node.len(), expected.len(), "len of {node:#?}");
    for (key, value) in expected {
        assert_eq!(node.find(0, *key), Some(value), "find({key}) in {node:#?}");
    }
}

fn child(node: &BitmapNode<u32>, index: usize) -> &Arc<BitmapNode<u32>> {
    match &node.entries[index] {
        Entry::Child(child) => child,
        other => panic!("slot {index} should be a child, found {other:?}"),
    }
}

#[test]
fn insert_into_an_empty_node() {
    let empty = BitmapNode::empty();
    let one = empty.assoc(0, 2, "two");
    assert_eq!(one.bitmap, 0b100);
    assert_eq!(one.entries, vec![Entry::Leaf(2, "two")]);
    assert!(empty.is_empty(), "the old node must not change");
}

#[test]
fn entries_stay_in_bit_order() {
    let node = BitmapNode::empty()
        .assoc(0, 7, 'a')
        .assoc(0, 1, 'b')
        .assoc(0, 3, 'c');
    assert_eq!(node.bitmap, 0b1000_1010);
    assert_eq!(
        node.entries,
        vec![
            Entry::Leaf(1, 'b'),
            Entry::Leaf(3, 'c'),
            Entry::Leaf(7, 'a')
        ]
    );
}

#[test]
fn replacing_a_value_keeps_the_old_version() {
    let versions = build(&[1, 2, 3]);
    let old = &versions[3];
    let new = old.assoc(0, 2, 99);
    assert_eq!(new.find(0, 2), Some(&99));
    assert_eq!(
        old.find(0, 2),
        Some(&20),
        "the old version must still see the old value"
    );
    assert_eq!(new.len(), 3);
}

#[test]
fn a_clash_moves_both_keys_one_level_down() {
    // 1 and 33 share slot 1 at the root (33 = 0b1_00001) and differ one level down.
    let node = BitmapNode::empty().assoc(0, 1, 1).assoc(0, 33, 33);
    assert_eq!(node.bitmap, 0b10);
    let below = child(&node, 0);
    assert_eq!(below.bitmap, 0b11);
    assert_eq!(below.entries, vec![Entry::Leaf(1, 1), Entry::Leaf(33, 33)]);
}

#[test]
fn untouched_children_are_shared() {
    // Root slot 1 gets a child (1, 33); root slot 2 gets a child (2, 34).
    let versions = build(&[1, 33, 2, 34]);
    let old = versions.last().unwrap();
    let old_snapshot = old.clone();

    // 65 goes into the child under slot 1 only.
    let new = old.assoc(0, 65, 650);
    assert!(
        Arc::ptr_eq(child(old, 1), child(&new, 1)),
        "slot 2's child must be shared"
    );
    assert!(
        !Arc::ptr_eq(child(old, 0), child(&new, 0)),
        "slot 1's child is on the path"
    );
    assert_eq!(*old, old_snapshot, "the old root must not change");
    assert_eq!(old.find(0, 65), None);
    assert_eq!(new.find(0, 65), Some(&650));
}

#[test]
fn deep_paths_copy_only_the_path() {
    // 1, 1 + 2^10 and 1 + 2^20 share their first two entries, building a chain three deep;
    // 2 sits beside the chain at the root.
    let keys = [1, 1 + (1 << 10), 2, 1 + (1 << 20)];
    let versions = build(&keys);
    let (before, after) = (&versions[3], &versions[4]);
    // The key 2 is a pair at the root in both; the chain under slot 1 was copied.
    assert_eq!(before.entries[1], after.entries[1]);
    assert!(!Arc::ptr_eq(child(before, 0), child(after, 0)));
    assert_eq!(before.len(), 3);
    assert_eq!(after.len(), 4);
}

#[test]
fn agrees_with_btreemap_and_every_version_survives() {
    // A deterministic spread of keys with many shared prefixes (xorshift, then masked).
    let mut state = 0x2545_f491_u32;
    let mut keys = Vec::new();
    for _ in 0..400 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        keys.push(state & 0x0003_ffff);
    }
    let versions = build(&keys);
    let mut model = BTreeMap::new();
    check(&versions[0], &model);
    for (i, key) in keys.iter().enumerate() {
        model.insert(*key, key * 10);
        if i % 50 == 0 || i == keys.len() - 1 {
            check(&versions[i + 1], &model);
        }
    }
    // The first versions are still intact after 400 more inserts.
    check(&versions[1], &BTreeMap::from([(keys[0], keys[0] * 10)]));
}
