//! Serde for [`Shareable`]: the "pickle" way across the boundary, for comparison with sharing.
//!
//! Serializing copies every scalar and, for a map, every pair (recursively); deserializing
//! builds everything again on the other side. A queue refuses to serialize: it is shared by
//! handle or not at all. The format is serde's externally tagged enum, so a compact binary
//! format (postcard, in this crate's benchmarks and `explain isolates`) writes a variant
//! index and the payload.

use std::sync::Arc;

use num_bigint::BigInt;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::map::SharedMap;
use crate::share::Shareable;

const NAME: &str = "Shareable";

impl Serialize for Shareable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shareable::None => s.serialize_unit_variant(NAME, 0, "None"),
            Shareable::Bool(b) => s.serialize_newtype_variant(NAME, 1, "Bool", b),
            Shareable::Int(i) => s.serialize_newtype_variant(NAME, 2, "Int", i),
            Shareable::BigInt(b) => {
                s.serialize_newtype_variant(NAME, 3, "BigInt", &b.to_signed_bytes_le())
            }
            Shareable::Float(x) => s.serialize_newtype_variant(NAME, 4, "Float", x),
            Shareable::Str(t) => s.serialize_newtype_variant(NAME, 5, "Str", &**t),
            Shareable::Bytes(b) => s.serialize_newtype_variant(NAME, 6, "Bytes", &**b),
            Shareable::Tuple(items) => s.serialize_newtype_variant(NAME, 7, "Tuple", &**items),
            Shareable::Map(m) => s.serialize_newtype_variant(NAME, 8, "Map", m),
            Shareable::Queue(q) => Err(S::Error::custom(format!(
                "{q:?} cannot be serialized: a queue is shared by handle, never copied"
            ))),
        }
    }
}

/// The owned form serde builds, in the same variant order as `Serialize` above writes.
#[derive(Deserialize)]
#[serde(rename = "Shareable")]
enum Wire {
    None,
    Bool(bool),
    Int(i64),
    BigInt(Vec<u8>),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Shareable>),
    Map(SharedMap),
}

impl<'de> Deserialize<'de> for Shareable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shareable, D::Error> {
        Ok(match Wire::deserialize(d)? {
            Wire::None => Shareable::None,
            Wire::Bool(b) => Shareable::Bool(b),
            Wire::Int(i) => Shareable::Int(i),
            Wire::BigInt(bytes) => Shareable::int(BigInt::from_signed_bytes_le(&bytes)),
            Wire::Float(x) => Shareable::Float(x),
            Wire::Str(t) => Shareable::Str(Arc::from(t)),
            Wire::Bytes(b) => Shareable::Bytes(Arc::from(b)),
            Wire::Tuple(items) => Shareable::Tuple(Arc::from(items)),
            Wire::Map(m) => Shareable::Map(m),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_copyable_kind_round_trips() {
        let values = vec![
            Shareable::None,
            Shareable::Bool(false),
            Shareable::Int(-5),
            Shareable::int(BigInt::from(1u128 << 100)),
            Shareable::Float(2.5),
            Shareable::str("héllo"),
            Shareable::Bytes(Arc::from(&b"\x00\xff"[..])),
            Shareable::tuple(vec![Shareable::Int(1), Shareable::str("x")]),
            Shareable::Map(SharedMap::ints(10)),
        ];
        for v in values {
            let bytes = postcard::to_allocvec(&v).expect("serializes");
            let back: Shareable = postcard::from_bytes(&bytes).expect("deserializes");
            assert_eq!(back, v);
        }
    }

    #[test]
    fn a_queue_refuses_to_be_serialized() {
        let q = crate::queue::create_queue(0);
        let err = postcard::to_allocvec(&Shareable::Queue(q)).expect_err("a queue is not copied");
        assert!(err.to_string().contains("Serde"), "{err}");
    }
}
