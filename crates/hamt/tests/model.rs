//! Model-based property tests: random operation sequences run against both a
//! `Hamt` and a `std::collections::HashMap`, with keys whose hash the test chooses,
//! so runs hit collisions, long shared prefixes (deep trees), Array nodes and all
//! delete-time conversions. After every update: the invariant checker passes, the
//! old version is unchanged (persistence), and every node of the new tree that the
//! update did not report as copied/created is a node of the old tree (sharing).
//! The last test checks through counters that the interesting shapes really occurred.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use hamt::{Conversion, Hamt, NodeId, NodeKind, Outcome, PyHash, UpdateEvent};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A key whose Python hash is whatever the test says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    id: u16,
    hash: i64,
}

impl PyHash for Key {
    fn py_hash(&self) -> i64 {
        self.hash
    }
}

/// The hash of key `id`: a mix of schemes so one run sees every shape.
/// * `id % 4 == 0`: small values (distinct level-0 chunks: wide nodes, Array nodes);
/// * `id % 4 == 1`: one of three full hashes (Collision nodes);
/// * `id % 4 == 2`: 25 equal low bits, differing higher up (deep trees);
/// * `id % 4 == 3`: spread over all bits.
fn key(id: u16) -> Key {
    let n = i64::from(id);
    let hash = match id % 4 {
        0 => n / 4,
        1 => 7 + (n % 3) * (1 << 40),
        2 => 0x1ab_cdef | ((n % 13) << 25),
        _ => n.wrapping_mul(0x9e37_79b9_7f4a_7c15_u64 as i64),
    };
    Key {
        id,
        hash: if hash == -1 { -2 } else { hash },
    }
}

#[derive(Clone, Debug)]
enum Op {
    Insert(u16, u8),
    Remove(u16),
    Get(u16),
    Iterate,
    Batch(Vec<(bool, u16, u8)>),
}

fn op() -> impl Strategy<Value = Op> {
    let id = 0u16..160;
    prop_oneof![
        6 => (id.clone(), any::<u8>()).prop_map(|(k, v)| Op::Insert(k, v)),
        4 => id.clone().prop_map(Op::Remove),
        2 => id.clone().prop_map(Op::Get),
        1 => Just(Op::Iterate),
        1 => proptest::collection::vec((any::<bool>(), id, any::<u8>()), 0..40).prop_map(Op::Batch),
    ]
}

/// Shapes seen across all runs.
static SEEN_ARRAY: AtomicUsize = AtomicUsize::new(0);
static SEEN_COLLISION: AtomicUsize = AtomicUsize::new(0);
static SEEN_DEPTH_6: AtomicUsize = AtomicUsize::new(0);
static BITMAP_TO_ARRAY: AtomicUsize = AtomicUsize::new(0);
static ARRAY_TO_BITMAP: AtomicUsize = AtomicUsize::new(0);
static DISSOLVED: AtomicUsize = AtomicUsize::new(0);
static PULLED_UP: AtomicUsize = AtomicUsize::new(0);

type Map = Hamt<Key, u8>;
type Model = HashMap<u16, u8>;

fn same(map: &Map, model: &Model) -> Result<(), TestCaseError> {
    prop_assert_eq!(map.len(), model.len());
    for (id, v) in model {
        prop_assert_eq!(map.get(&key(*id)), Some(v));
    }
    let ids: HashSet<u16> = map.keys().map(|k| k.id).collect();
    prop_assert_eq!(ids.len(), model.len());
    Ok(())
}

/// Sharing is real: nodes of `new` not made by the update belong to `old`, and
/// every old node off the updated path (except pairs inlined by an Array -> Bitmap
/// conversion) is still in `new`.
fn shares(old: &Map, new: &Map, event: &UpdateEvent) -> Result<(), TestCaseError> {
    let (old_view, new_view) = (old.view(), new.view());
    let made = event.new_nodes();
    for node in &new_view.nodes {
        prop_assert!(
            made.contains(&node.id) || old_view.contains(node.id),
            "unreported new node"
        );
    }
    let mut may_go: HashSet<NodeId> = event.path.iter().map(|s| s.node).collect();
    for c in &event.converted {
        if let Conversion::ArrayToBitmap { old: array, .. } = c {
            let children = old_view.nodes.iter().filter(|n| n.parent == Some(*array));
            may_go.extend(children.map(|n| n.id));
        }
    }
    for node in &old_view.nodes {
        prop_assert!(
            may_go.contains(&node.id) || new_view.contains(node.id),
            "off-path node not shared"
        );
    }
    if matches!(event.outcome, Outcome::Unchanged | Outcome::NotFound) {
        prop_assert!(old.ptr_eq(new) && made.is_empty());
    }
    Ok(())
}

fn record(map: &Map, event: &UpdateEvent) {
    let stats = map.stats();
    let bump = |c: &AtomicUsize, yes: bool| {
        if yes {
            c.fetch_add(1, Ordering::Relaxed);
        }
    };
    bump(&SEEN_ARRAY, stats.array_nodes > 0);
    bump(&SEEN_COLLISION, stats.collision_nodes > 0);
    bump(&SEEN_DEPTH_6, stats.depth >= 6);
    for c in &event.converted {
        bump(
            &BITMAP_TO_ARRAY,
            matches!(c, Conversion::BitmapToArray { .. }),
        );
        bump(
            &ARRAY_TO_BITMAP,
            matches!(c, Conversion::ArrayToBitmap { .. }),
        );
        bump(
            &DISSOLVED,
            matches!(c, Conversion::CollisionDissolved { .. }),
        );
        bump(&PULLED_UP, matches!(c, Conversion::PulledUp { .. }));
    }
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut map = Map::new();
    let mut model = Model::new();
    let mut history: Vec<(Map, Model)> = Vec::new();
    for op in ops {
        let before = model.clone();
        let (next, event) = match op {
            Op::Insert(id, v) => {
                model.insert(id, v);
                let (next, event) = map.insert_traced(key(id), v);
                (next, Some(event))
            }
            Op::Remove(id) => {
                model.remove(&id);
                let (next, event) = map.remove_traced(&key(id));
                (next, Some(event))
            }
            Op::Get(id) => {
                prop_assert_eq!(map.get(&key(id)), model.get(&id));
                prop_assert_eq!(map.contains_key(&key(id)), model.contains_key(&id));
                (map.clone(), None)
            }
            Op::Iterate => {
                let pairs: HashMap<u16, u8> = map.iter().map(|(k, v)| (k.id, *v)).collect();
                prop_assert_eq!(&pairs, &model);
                prop_assert_eq!(map.iter().len(), model.len());
                (map.clone(), None)
            }
            Op::Batch(batch) => {
                let mut m = map.mutate();
                for (insert, id, v) in batch {
                    if insert {
                        prop_assert_eq!(m.insert(key(id), v), !model.contains_key(&id));
                        model.insert(id, v);
                    } else {
                        prop_assert_eq!(m.remove(&key(id)), model.remove(&id).is_some());
                    }
                    prop_assert_eq!(m.len(), model.len());
                    prop_assert_eq!(m.get(&key(id)), model.get(&id));
                }
                (m.finish(), None)
            }
        };
        if let Err(e) = next.debug_check() {
            return Err(TestCaseError::fail(format!("{e}\n{:?}", next)));
        }
        same(&next, &model)?;
        if let Some(event) = &event {
            shares(&map, &next, event)?;
            record(&next, event);
            prop_assert_eq!(event.len_after, next.len());
        }
        history.push((map, before));
        map = next;
        // Persistence: no update may have changed an older version.
        if let Some((old, old_model)) = history.last() {
            same(old, old_model)?;
        }
    }
    for (old, old_model) in &history {
        same(old, old_model)?;
        prop_assert!(old.debug_check().is_ok());
    }
    Ok(())
}

#[test]
fn hamt_behaves_like_hashmap_and_every_shape_occurs() {
    // A fixed seed: the shape-coverage assertions below are about this exact sequence of runs, so
    // they must not depend on luck (a random seed sometimes produced no Array -> Bitmap). Every
    // run still checks the map against the model; change the cases count to explore further.
    let config = Config {
        cases: 200,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let strategy = proptest::collection::vec(op(), 1..220);
    if let Err(e) = runner.run(&strategy, run) {
        panic!("{e}");
    }
    let seen = |c: &AtomicUsize| c.load(Ordering::Relaxed);
    for (what, counter) in [
        ("an Array node", &SEEN_ARRAY),
        ("a Collision node", &SEEN_COLLISION),
        ("a tree of depth >= 6", &SEEN_DEPTH_6),
        ("Bitmap -> Array", &BITMAP_TO_ARRAY),
        ("Array -> Bitmap", &ARRAY_TO_BITMAP),
        ("a dissolved Collision node", &DISSOLVED),
        ("a pair pulled up", &PULLED_UP),
    ] {
        assert!(seen(counter) > 0, "no run produced {what}");
    }
}

/// Nodes made by a `Mutation` are edited in place by later updates of the same
/// mutation, while the map it started from keeps its nodes untouched.
#[test]
fn mutation_never_touches_the_source_map() {
    let base: Map = (0..200u16).map(|i| (key(i), 1)).collect();
    let before = base.view().ids();
    let snapshot: Vec<(u16, u8)> = base.iter().map(|(k, v)| (k.id, *v)).collect();
    let mut m = base.mutate();
    for i in 0..200u16 {
        m.insert(key(i), 2);
        m.insert(key(i + 500), 3);
    }
    for i in (0..200u16).step_by(3) {
        m.remove(&key(i));
    }
    let done = m.finish();
    assert!(done.debug_check().is_ok());
    assert_eq!(base.view().ids(), before);
    let after: Vec<(u16, u8)> = base.iter().map(|(k, v)| (k.id, *v)).collect();
    assert_eq!(after, snapshot);
    assert_eq!(done.len(), 200 + 200 - 67);
}

/// Kinds in the stats add up to the nodes in the view.
#[test]
fn stats_match_view() {
    let map: Map = (0..1000u16).map(|i| (key(i), 0)).collect();
    let stats = map.stats();
    let view = map.view();
    assert_eq!(stats.nodes(), view.nodes.len());
    let arrays = view
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Array)
        .count();
    assert_eq!(stats.array_nodes, arrays);
    assert_eq!(
        stats.bytes,
        view.nodes.iter().map(|n| n.bytes).sum::<usize>()
    );
    assert_eq!(stats.len, 1000);
}
