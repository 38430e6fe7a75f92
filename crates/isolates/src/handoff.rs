//! The hand-off scenario `explain isolates` tells, run for real and recorded as plain data.
//!
//! 1. The main interpreter builds a map in Python (`Map({i: i for i in range(n)})`).
//! 2. It puts the map into a queue; a worker interpreter gets it: the worker's `index` has the
//!    very root main built (checked by identity), and no byte of the map was copied.
//! 3. The worker sets one key. Its new version copies the nodes on that key's path and
//!    shares all the others with main's version.
//! 4. The worker puts the new version into a queue back to main; main now holds both.
//! 5. The same hand-off the "pickle" way: serialize main's map (serde, postcard's compact
//!    format) and deserialize it on the other side, which copies every pair and builds every
//!    node again. With `measure`, both ways are timed on the same map.
//!
//! Node names (`#0`, `#1`, ...) replace addresses so the record is the same on every run:
//! main's tree is numbered in pre-order, then the worker's new nodes continue the count.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use hamt::{EntryView, HashInfo, NodeId, NodeKind, PyHash, TreeView};

use crate::error::{InterpreterError, InterpreterId};
use crate::interp::{create, get_main};
use crate::map::{SharedMap, Sharing};
use crate::queue::create_queue;
use crate::share::Shareable;

/// What to run.
#[derive(Debug, Clone)]
pub struct HandoffOptions {
    /// How many keys main's map has: the ints `0, stride, 2 * stride, ...`, each mapped to
    /// itself.
    pub keys: usize,
    /// The distance between keys (1: `0..keys`). A stride that shares low hash bits
    /// between keys (8: four slots at the root) gives small, deep trees for pictures.
    pub stride: i64,
    /// The key the worker updates (default: the middle key).
    pub key: Option<i64>,
    /// Time both hand-offs (the other facts never depend on timing).
    pub measure: bool,
}

impl Default for HandoffOptions {
    fn default() -> Self {
        HandoffOptions {
            keys: 1000,
            stride: 1,
            key: None,
            measure: true,
        }
    }
}

/// Everything the scenario did (see the module docs).
#[derive(Debug, Clone, serde::Serialize)]
pub struct HandoffReport {
    /// The Python expression main evaluated to build its map.
    pub source: String,
    pub main: InterpreterId,
    pub worker: InterpreterId,
    /// Step 1: main's map.
    pub built: TreeFacts,
    /// Step 2: the hand-off by handle.
    pub sent: SentFacts,
    /// Step 3: the worker's update.
    pub update: UpdateFacts,
    /// Step 4: the new version back in main.
    pub returned: ReturnedFacts,
    /// Step 5: the pickle way.
    pub pickled: PickledFacts,
    /// Both hand-offs timed, when asked.
    pub timings: Option<Timings>,
    /// Main's map and the worker's update, for pictures (not part of the JSON record).
    #[serde(skip)]
    pub maps: (SharedMap, SharedMap),
}

/// Shape of a tree.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TreeFacts {
    pub len: usize,
    pub root: String,
    pub root_kind: &'static str,
    pub nodes: usize,
    pub bitmap_nodes: usize,
    pub array_nodes: usize,
    pub collision_nodes: usize,
    pub depth: usize,
    pub bytes: usize,
}

/// The hand-off of main's map to the worker through a queue.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SentFacts {
    /// The root the worker's `index` points at.
    pub worker_root: String,
    /// True when it is main's root itself.
    pub same_root: bool,
    /// Bytes of the map copied on the way: a handle carries none.
    pub bytes_copied: usize,
    /// Nodes built by the receiver.
    pub nodes_built: usize,
}

/// One level of the updated key's path, before and after.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PathNode {
    pub level: u32,
    /// The 5 hash bits that pick the slot at this level.
    pub chunk: u32,
    pub kind: &'static str,
    /// Main's node at this level.
    pub before: String,
    /// The worker's node at this level.
    pub after: String,
    /// True when the node holds the key's pair (the end of the path).
    pub holds_key: bool,
}

/// The worker's `index.set(key, -key)`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UpdateFacts {
    pub key: i64,
    pub old_value: String,
    pub new_value: String,
    pub folded_hash: u32,
    pub path: Vec<PathNode>,
    /// The new version against main's.
    pub sharing: Sharing,
}

/// The new version, received by main.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReturnedFacts {
    pub root: String,
    /// True when main's `v2` is the worker's root itself.
    pub same_root: bool,
    /// What main reads for the key in its own version and in the worker's.
    pub main_sees: (String, String),
}

/// The pickle way, on main's map.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PickledFacts {
    pub format: &'static str,
    /// Size of the serialized map.
    pub bytes: usize,
    /// Nodes the receiver built.
    pub nodes_built: usize,
    /// Of those, nodes shared with the original (none: it is a copy).
    pub shared_with_original: usize,
    /// True when the copy has the same pairs.
    pub equal: bool,
}

/// Both hand-offs timed on main's map.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Timings {
    /// Clone the handle, put it in a queue, get it out: mean of `share_repeats`.
    pub share: Duration,
    pub share_repeats: u32,
    /// Serialize, put the bytes in a queue, get them, deserialize: median of `pickle_repeats`.
    pub pickle: Duration,
    pub pickle_repeats: u32,
    /// The two halves of `pickle`, medians.
    pub serialize: Duration,
    pub deserialize: Duration,
}

impl Timings {
    /// How many times longer the pickle way took.
    pub fn ratio(&self) -> f64 {
        self.pickle.as_secs_f64() / self.share.as_secs_f64().max(1e-12)
    }
}

const MAIN_BUILD: &str = "\
from sharing import Map
index = Map({i * STRIDE: i * STRIDE for i in range(KEYS)})
to_worker.put(index)
";

const WORKER: &str = "\
index = to_worker.get()
v2 = index.set(KEY, -KEY)
to_main.put(v2)
def roots():
    return (index, v2)
";

const MAIN_RECEIVE: &str = "\
v2 = to_main.get()
def versions():
    return (index, v2, (index.get(KEY), v2.get(KEY)))
";

/// Runs the scenario (see the module docs).
pub fn run(options: &HandoffOptions) -> Result<HandoffReport, InterpreterError> {
    // The scenario defines names in the one main interpreter of the process: two runs at once
    // (tests on parallel threads) would overwrite each other's queues, so they take turns.
    static MAIN_IN_USE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = MAIN_IN_USE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let keys = options.keys.max(1);
    let stride = options.stride;
    let key = options.key.unwrap_or(keys as i64 / 2 * stride);
    let main = get_main();
    let worker = create();
    let (to_worker, to_main) = (create_queue(1), create_queue(1));
    let queues = [
        ("to_worker", Shareable::Queue(to_worker.clone())),
        ("to_main", Shareable::Queue(to_main.clone())),
        ("KEYS", Shareable::Int(keys as i64)),
        ("STRIDE", Shareable::Int(stride)),
        ("KEY", Shareable::Int(key)),
    ];
    main.prepare_main(queues.clone())?;
    worker.prepare_main(queues)?;
    main.exec(MAIN_BUILD)?;
    worker.exec(WORKER)?;
    main.exec(MAIN_RECEIVE)?;
    let versions = main.call("versions", &[])?;
    let worker_roots = worker.call("roots", &[])?;
    let (v1, v2, seen) = match &versions {
        Shareable::Tuple(t) if t.len() == 3 => (map_of(&t[0])?, map_of(&t[1])?, t[2].clone()),
        other => return Err(InterpreterError::Protocol(other.to_string())),
    };
    let (worker_v1, worker_v2) = match &worker_roots {
        Shareable::Tuple(t) if t.len() == 2 => (map_of(&t[0])?, map_of(&t[1])?),
        other => return Err(InterpreterError::Protocol(other.to_string())),
    };
    let main_sees = match &seen {
        Shareable::Tuple(t) if t.len() == 2 => (t[0].to_string(), t[1].to_string()),
        other => return Err(InterpreterError::Protocol(other.to_string())),
    };

    let old_view = v1.hamt().view();
    let new_view = v2.hamt().view();
    let mut names = Names::default();
    names.name_tree(&old_view);
    names.name_tree(&new_view);
    let key_s = Shareable::Int(key);
    let hash = HashInfo::new(key_s.py_hash());
    let old_path = path_of(&old_view, &hash);
    let new_path = path_of(&new_view, &hash);
    let path = old_path
        .iter()
        .zip(&new_path)
        .map(|(before, after)| PathNode {
            level: before.level,
            chunk: hash.chunk(before.level),
            kind: kind_name(after.kind),
            before: names.name(before.id),
            after: names.name(after.id),
            holds_key: after.holds_key,
        })
        .collect();

    let pickled = pickle_facts(&v1)?;
    let timings = options.measure.then(|| measure(&v1));
    worker.close()?;
    let source = if stride == 1 {
        format!("Map({{i: i for i in range({keys})}})")
    } else {
        format!("Map({{i * {stride}: i * {stride} for i in range({keys})}})")
    };
    Ok(HandoffReport {
        source,
        main: main.id(),
        worker: worker.id(),
        built: tree_facts(&v1, &old_view, &mut names),
        sent: SentFacts {
            worker_root: names.name(worker_v1.root()),
            same_root: worker_v1.ptr_eq(&v1),
            bytes_copied: Shareable::Map(v1.clone()).copied_bytes(),
            nodes_built: v1.sharing_with(&worker_v1).new,
        },
        update: UpdateFacts {
            key,
            old_value: main_sees.0.clone(),
            new_value: main_sees.1.clone(),
            folded_hash: hash.folded,
            path,
            sharing: v2.sharing_with(&v1),
        },
        returned: ReturnedFacts {
            root: names.name(v2.root()),
            same_root: v2.ptr_eq(&worker_v2),
            main_sees,
        },
        pickled,
        timings,
        maps: (v1, v2),
    })
}

fn map_of(s: &Shareable) -> Result<SharedMap, InterpreterError> {
    s.as_map()
        .cloned()
        .ok_or_else(|| InterpreterError::Protocol(format!("expected a map, got {s}")))
}

fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Bitmap => "Bitmap",
        NodeKind::Array => "Array",
        NodeKind::Collision => "Collision",
    }
}

fn tree_facts(
    map: &SharedMap,
    view: &TreeView<'_, Shareable, Shareable>,
    names: &mut Names,
) -> TreeFacts {
    let stats = map.hamt().stats();
    TreeFacts {
        len: map.len(),
        root: names.name(view.root),
        root_kind: view.node(view.root).map_or("Bitmap", |n| kind_name(n.kind)),
        nodes: stats.nodes(),
        bitmap_nodes: stats.bitmap_nodes,
        array_nodes: stats.array_nodes,
        collision_nodes: stats.collision_nodes,
        depth: stats.depth,
        bytes: stats.bytes,
    }
}

/// One node on a key's path.
struct Step {
    id: NodeId,
    level: u32,
    kind: NodeKind,
    holds_key: bool,
}

/// The nodes from the root to the one holding the key (or where it would be).
fn path_of(view: &TreeView<'_, Shareable, Shareable>, hash: &HashInfo) -> Vec<Step> {
    let mut path = Vec::new();
    let mut at = view.node(view.root);
    while let Some(node) = at {
        let chunk = hash.chunk(node.level);
        let slot = node.entries.iter().find(|e| match e {
            EntryView::Pair { slot, .. } | EntryView::Child { slot, .. } => {
                node.kind == NodeKind::Collision || *slot == chunk
            }
        });
        let (holds_key, next) = match slot {
            Some(EntryView::Child { id, .. }) => (false, view.node(*id)),
            Some(EntryView::Pair { .. }) => (true, None),
            None => (false, None),
        };
        path.push(Step {
            id: node.id,
            level: node.level,
            kind: node.kind,
            holds_key,
        });
        at = next;
    }
    path
}

fn pickle_facts(v1: &SharedMap) -> Result<PickledFacts, InterpreterError> {
    let bytes = postcard::to_allocvec(v1).map_err(|e| InterpreterError::Protocol(e.to_string()))?;
    let copy: SharedMap =
        postcard::from_bytes(&bytes).map_err(|e| InterpreterError::Protocol(e.to_string()))?;
    let sharing = copy.sharing_with(v1);
    Ok(PickledFacts {
        format: "postcard",
        bytes: bytes.len(),
        nodes_built: sharing.nodes,
        shared_with_original: sharing.shared,
        equal: copy == *v1,
    })
}

/// Times both hand-offs through a queue on this thread (so only the hand-off is measured,
/// not a thread switch).
fn measure(v1: &SharedMap) -> Timings {
    let q = create_queue(1);
    let share_repeats = 10_000u32;
    let start = Instant::now();
    for _ in 0..share_repeats {
        let _ = q.put_nowait(Shareable::Map(v1.clone()));
        drop(q.get_nowait());
    }
    let share = start.elapsed() / share_repeats;
    // Enough repeats for a median, fewer for big maps (a 1M-key round trip takes ~1 s).
    let pickle_repeats: u32 = if v1.len() > 100_000 { 3 } else { 21 };
    let (mut ser, mut de, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..pickle_repeats {
        let t0 = Instant::now();
        let bytes = postcard::to_allocvec(v1).unwrap_or_default();
        let t1 = Instant::now();
        let _ = q.put_nowait(Shareable::Bytes(bytes.into()));
        let got = q.get_nowait();
        let copy = match got {
            Ok(Shareable::Bytes(b)) => postcard::from_bytes::<SharedMap>(&b).ok(),
            _ => None,
        };
        let t2 = Instant::now();
        drop(copy);
        ser.push(t1 - t0);
        de.push(t2 - t1);
        total.push(t2 - t0);
    }
    Timings {
        share,
        share_repeats,
        pickle: median(&mut total),
        pickle_repeats,
        serialize: median(&mut ser),
        deserialize: median(&mut de),
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Deterministic node names (see the module docs).
#[derive(Default)]
struct Names {
    numbers: HashMap<NodeId, usize>,
}

impl Names {
    fn name(&mut self, id: NodeId) -> String {
        let next = self.numbers.len();
        format!("#{}", *self.numbers.entry(id).or_insert(next))
    }

    fn name_tree(&mut self, view: &TreeView<'_, Shareable, Shareable>) {
        for node in &view.nodes {
            self.name(node.id);
        }
    }
}
