//! Sentences about one update: the hash and its chunks, each path step's decision, each
//! conversion. Kept apart from the layout in `text.rs` so every line can be unit-tested.
//!
//! The wording follows `Python/hamt.c`: a Bitmap node finds a slot at
//! `popcount(bitmap & (bit - 1))`; an Array node indexes its 32 slots with the chunk directly;
//! a Collision node searches its flat list of keys.

use hamt::{Conversion, HashInfo, NodeKind, Outcome, PathStep, SlotState};

use super::names::Names;
use super::pyobj::PyObj;

/// The hash, its 32-bit fold and the folded bits grouped by level (level 6 has two bits).
pub fn hash_lines(key: &PyObj, hash: HashInfo) -> Vec<String> {
    let folded_i32 = hash.folded_i32();
    let signed = if i64::from(folded_i32) == i64::from(hash.folded) {
        String::new()
    } else {
        format!(" (int32 {folded_i32})")
    };
    let fold = if i64::from(hash.folded) == hash.full {
        format!("fits in 32 bits: {}{signed}", hash.folded)
    } else {
        // Two's complement bits of the full hash, as CPython's `hamt_hash` sees them.
        let bits = hash.full as u64;
        format!(
            "folded to 32 bits: high half {} XOR low half {} = {}{signed}",
            bits >> 32,
            bits & 0xffff_ffff,
            hash.folded
        )
    };
    let bits = format!("{:032b}", hash.folded);
    let mut groups = vec![&bits[0..2]];
    groups.extend((0..6).map(|i| &bits[2 + 5 * i..7 + 5 * i]));
    let labels: Vec<String> = (0..7)
        .map(|i| format!("{:<width$}", format!("L{}", 6 - i), width = groups[i].len()))
        .collect();
    let chunks: Vec<String> = hash.chunks().iter().map(u8::to_string).collect();
    vec![
        format!("hash({key}) = {}; {fold}", hash.full),
        format!("  bits by level   {}", labels.join(" ").trim_end()),
        format!("                  {}", groups.join(" ")),
        format!("  chunks L0..L6   {}", chunks.join(" ")),
    ]
}

/// Two lines per visited node: where the key's chunk leads, then what the update does there.
pub fn describe_step(step: &PathStep, is_set: bool, names: &mut Names) -> String {
    let node = format!("{} {}", step.kind.cpython_name(), names.name(step.node));
    let index = step.index.unwrap_or(0);
    let head = match step.kind {
        NodeKind::Bitmap => {
            let bitmap = step.bitmap.unwrap_or(0);
            let bit = 1u32 << step.bits;
            format!(
                "L{} {node} bitmap={bitmap:#b}: chunk {} -> bit {bit:#b}, \
                 index popcount({bitmap:#b} & {:#b}) = {index}",
                step.level,
                step.bits,
                bit - 1
            )
        }
        NodeKind::Array => format!(
            "L{} {node}: chunk {} -> slot {}",
            step.level, step.bits, step.bits
        ),
        NodeKind::Collision => format!("L{} {node}: compare the keys one by one", step.level),
    };
    format!("{head}\n     -> {}", slot_decision(step.slot, is_set))
}

/// What the update does with the slot it found.
fn slot_decision(slot: SlotState, is_set: bool) -> String {
    let text = match (slot, is_set) {
        (SlotState::Empty, true) => "empty, the new pair goes here",
        (SlotState::Empty, false) => "empty, the key is not in the map",
        (SlotState::Pair { same_key: true }, true) => "holds this key, set its value here",
        (SlotState::Pair { same_key: true }, false) => "holds this key, remove it",
        (SlotState::Pair { same_key: false }, true) => {
            "holds another key: a new node one level down takes both"
        }
        (SlotState::Pair { same_key: false }, false) => {
            "holds another key, the key is not in the map"
        }
        (SlotState::Child, _) => "a child node, go down",
        (
            SlotState::Collision {
                same_hash: false, ..
            },
            true,
        ) => "another hash: wrap this node in a new BitmapNode",
        (
            SlotState::Collision {
                same_hash: false, ..
            },
            false,
        ) => "another hash, the key is not in the map",
        (SlotState::Collision { found: true, .. }, true) => "same hash, key found: set its value",
        (SlotState::Collision { found: true, .. }, false) => "same hash, key found: remove it",
        (SlotState::Collision { found: false, .. }, true) => "same hash, new key: append it",
        (SlotState::Collision { found: false, .. }, false) => {
            "same hash, but the key is not in the map"
        }
    };
    text.to_string()
}

/// One sentence per structural change, named after the decision in `hamt.c`.
pub fn describe_conversion(conversion: &Conversion, names: &mut Names) -> String {
    match *conversion {
        Conversion::BitmapToArray { old, new, level } => format!(
            "converted BitmapNode {} -> ArrayNode {} at L{level}: a 17th slot was needed",
            names.name(old),
            names.name(new)
        ),
        Conversion::ArrayToBitmap { old, new, level } => format!(
            "converted ArrayNode {} -> BitmapNode {} at L{level}: down to 15 children",
            names.name(old),
            names.name(new)
        ),
        Conversion::PairPushedDown { new, level } => format!(
            "pushed down: the two keys share a chunk, so they moved into BitmapNode {} at L{level}",
            names.name(new)
        ),
        Conversion::PairToCollision { new, level } => format!(
            "collision: both keys have the same 32-bit hash, so they share CollisionNode {} at L{level}",
            names.name(new)
        ),
        Conversion::CollisionWrapped {
            collision,
            new,
            level,
        } => format!(
            "wrapped: CollisionNode {} moved under the new BitmapNode {} at L{level}",
            names.name(collision),
            names.name(new)
        ),
        Conversion::CollisionDissolved { old, level } => format!(
            "dissolved: CollisionNode {} at L{level} had one key left, now a plain pair",
            names.name(old)
        ),
        Conversion::PulledUp { from, into_level } => format!(
            "pulled up: node {} was left with one pair, which moved up into L{into_level}",
            names.name(from)
        ),
    }
}

pub fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Added => "added",
        Outcome::Replaced => "replaced the value",
        Outcome::Unchanged => "unchanged, equal value: the same map is returned, nothing copied",
        Outcome::Removed => "removed",
        Outcome::NotFound => "not found: the same map is returned, nothing copied",
    }
}

/// Machine names for JSON.
pub fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Added => "added",
        Outcome::Replaced => "replaced",
        Outcome::Unchanged => "unchanged",
        Outcome::Removed => "removed",
        Outcome::NotFound => "not_found",
    }
}

#[cfg(test)]
mod tests {
    use hamt::NodeId;

    use super::*;

    #[test]
    fn hash_lines_show_the_fold_and_the_chunks() {
        let key = PyObj::parse("4294967300");
        let lines = hash_lines(&key, HashInfo::new(4_294_967_300));
        assert_eq!(
            lines,
            [
                "hash(4294967300) = 4294967300; folded to 32 bits: high half 1 XOR low half 4 = 5",
                "  bits by level   L6 L5    L4    L3    L2    L1    L0",
                "                  00 00000 00000 00000 00000 00000 00101",
                "  chunks L0..L6   5 0 0 0 0 0 0",
            ]
        );
        // A negative hash folds its two's complement halves.
        let lines = hash_lines(&PyObj::parse("-3"), HashInfo::new(-3));
        assert_eq!(
            lines[0],
            "hash(-3) = -3; folded to 32 bits: high half 4294967295 XOR low half 4294967293 = 2"
        );
    }

    #[test]
    fn bitmap_step_names_bit_index_and_decision() {
        let step = PathStep {
            level: 1,
            shift: 5,
            bits: 2,
            node: NodeId(0x1000),
            kind: NodeKind::Bitmap,
            bitmap: Some(0b1011),
            index: Some(2),
            slot: SlotState::Empty,
        };
        let mut names = Names::default();
        assert_eq!(
            describe_step(&step, true, &mut names),
            "L1 BitmapNode #0 bitmap=0b1011: chunk 2 -> bit 0b100, index popcount(0b1011 & 0b11) = 2\n     \
             -> empty, the new pair goes here"
        );
        let array = PathStep {
            kind: NodeKind::Array,
            bitmap: None,
            slot: SlotState::Child,
            ..step
        };
        assert_eq!(
            describe_step(&array, false, &mut names),
            "L1 ArrayNode #0: chunk 2 -> slot 2\n     -> a child node, go down"
        );
    }
}
