//! `explain hamt --format json`: the same facts as the text view, for programs.
//!
//! The output is one pretty-printed JSON array with one object per op, in order (an array
//! rather than JSON lines, so the whole output is one valid JSON document; `jq '.[]'` turns it
//! into lines). Node ids are the run's deterministic numbers (`#3` in the text view is `3`
//! here), never addresses. Each object:
//!
//! ```text
//! { "op": "set"|"del", "key": repr, "value": repr (set only),
//!   "hash": full Python hash, "folded_hash": 32-bit hash, "chunks": [L0..L6],
//!   "path": [{"level", "bits", "index", "node", "kind", "bitmap", "slot"}],
//!   "copied": [{"old", "new", "kind", "level"}], "created": [{"node", "kind", "level"}],
//!   "converted": [{"conversion", ...node numbers..., "level"}],
//!   "outcome": "added"|"replaced"|"unchanged"|"removed"|"not_found",
//!   "len_before", "len_after", "total_nodes", "new_nodes", "shared" }
//! ```

use hamt::{Conversion, SlotState, UpdateEvent};
use serde::Serialize;
use serde_json::{json, Value};

use super::explain::outcome_name;
use super::names::Names;
use super::text::TREE_CUTOFF;
use super::{Map, Op, Session, Step};

#[derive(Serialize)]
struct OpJson {
    op: &'static str,
    key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    hash: i64,
    folded_hash: u32,
    chunks: [u8; 7],
    path: Vec<PathJson>,
    copied: Vec<Value>,
    created: Vec<Value>,
    converted: Vec<Value>,
    outcome: &'static str,
    len_before: usize,
    len_after: usize,
    total_nodes: usize,
    new_nodes: usize,
    shared: usize,
}

#[derive(Serialize)]
struct PathJson {
    level: u32,
    bits: u32,
    index: Option<usize>,
    node: usize,
    kind: &'static str,
    bitmap: Option<u32>,
    slot: &'static str,
}

pub fn render(session: &Session) -> anyhow::Result<String> {
    // Name nodes in the same order as the text view, so `#3` there is `3` here.
    let mut names = Names::default();
    name_small_tree(&session.start, &mut names);
    let mut ops = Vec::with_capacity(session.steps.len());
    for step in &session.steps {
        ops.push(op_json(step, &mut names));
        name_small_tree(&step.after, &mut names);
    }
    let mut text = serde_json::to_string_pretty(&ops)?;
    text.push('\n');
    Ok(text)
}

fn name_small_tree(map: &Map, names: &mut Names) {
    if map.stats().nodes() <= TREE_CUTOFF {
        names.name_tree(&map.view());
    }
}

fn op_json(step: &Step, names: &mut Names) -> OpJson {
    let event = &step.event;
    let (op, value) = match &step.op {
        Op::Set { value, .. } => ("set", Some(value.to_string())),
        Op::Del { .. } => ("del", None),
    };
    let total_nodes = step.stats.nodes();
    let new_nodes = event.copied.len() + event.created.len();
    OpJson {
        op,
        key: step.op.key().to_string(),
        value,
        hash: event.hash.full,
        folded_hash: event.hash.folded,
        chunks: event.hash.chunks(),
        path: path_json(event, names),
        copied: event
            .copied
            .iter()
            .map(|c| {
                json!({"old": names.number(c.old), "new": names.number(c.new),
                            "kind": c.kind.cpython_name(), "level": c.level})
            })
            .collect(),
        created: event
            .created
            .iter()
            .map(|c| {
                json!({"node": names.number(c.id), "kind": c.kind.cpython_name(),
                            "level": c.level})
            })
            .collect(),
        converted: event
            .converted
            .iter()
            .map(|c| conversion_json(c, names))
            .collect(),
        outcome: outcome_name(event.outcome),
        len_before: event.len_before,
        len_after: event.len_after,
        total_nodes,
        new_nodes,
        shared: total_nodes.saturating_sub(new_nodes),
    }
}

fn path_json(event: &UpdateEvent, names: &mut Names) -> Vec<PathJson> {
    let slot_name = |slot: SlotState| match slot {
        SlotState::Empty => "empty",
        SlotState::Pair { same_key: true } => "same_key",
        SlotState::Pair { same_key: false } => "other_key",
        SlotState::Child => "child",
        SlotState::Collision { found: true, .. } => "collision_found",
        SlotState::Collision {
            found: false,
            same_hash: true,
        } => "collision_not_found",
        SlotState::Collision {
            same_hash: false, ..
        } => "collision_other_hash",
    };
    event
        .path
        .iter()
        .map(|step| PathJson {
            level: step.level,
            bits: step.bits,
            index: step.index,
            node: names.number(step.node),
            kind: step.kind.cpython_name(),
            bitmap: step.bitmap,
            slot: slot_name(step.slot),
        })
        .collect()
}

fn conversion_json(conversion: &Conversion, names: &mut Names) -> Value {
    match *conversion {
        Conversion::BitmapToArray { old, new, level } => json!({"conversion": "bitmap_to_array",
            "old": names.number(old), "new": names.number(new), "level": level}),
        Conversion::ArrayToBitmap { old, new, level } => json!({"conversion": "array_to_bitmap",
            "old": names.number(old), "new": names.number(new), "level": level}),
        Conversion::PairPushedDown { new, level } => json!({"conversion": "pair_pushed_down",
            "new": names.number(new), "level": level}),
        Conversion::PairToCollision { new, level } => json!({"conversion": "pair_to_collision",
            "new": names.number(new), "level": level}),
        Conversion::CollisionWrapped {
            collision,
            new,
            level,
        } => json!({"conversion": "collision_wrapped", "collision": names.number(collision),
            "new": names.number(new), "level": level}),
        Conversion::CollisionDissolved { old, level } => json!({
            "conversion": "collision_dissolved", "old": names.number(old), "level": level}),
        Conversion::PulledUp { from, into_level } => json!({"conversion": "pulled_up",
            "from": names.number(from), "into_level": into_level}),
    }
}
