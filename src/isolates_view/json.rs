//! `--format json`: the scenario's record as the `isolates` crate returns it, with durations
//! in nanoseconds (`*_ns`) and the scenario's name on top. With `--no-timings` the measured
//! fields are `null`, so the document is the same on every run.

use std::time::Duration;

use isolates::aio::EventLoopsReport;
use isolates::demo::{DemoOptions, DemoReport};
use isolates::handoff::HandoffReport;
use serde_json::{json, Value};

fn ns(d: Duration) -> Value {
    json!(d.as_nanos() as u64)
}

fn pretty(v: &Value) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(v)? + "\n")
}

pub fn handoff(r: &HandoffReport) -> anyhow::Result<String> {
    let timings = r.timings.as_ref().map(|t| {
        json!({
            "share_ns": ns(t.share),
            "share_repeats": t.share_repeats,
            "pickle_ns": ns(t.pickle),
            "pickle_repeats": t.pickle_repeats,
            "serialize_ns": ns(t.serialize),
            "deserialize_ns": ns(t.deserialize),
            "ratio": t.ratio(),
        })
    });
    pretty(&json!({
        "scenario": "handoff",
        "source": r.source,
        "main": r.main,
        "worker": r.worker,
        "built": r.built,
        "sent": r.sent,
        "update": r.update,
        "returned": r.returned,
        "pickled": r.pickled,
        "timings": timings,
    }))
}

pub fn demo(r: &DemoReport, o: &DemoOptions, measure: bool) -> anyhow::Result<String> {
    let isolates: Vec<Value> = r
        .isolates
        .iter()
        .map(|w| {
            json!({
                "interpreter": w.interpreter,
                "lookups": w.lookups,
                "hits": w.hits,
                "updates": w.updates,
                "conflicts": measure.then_some(w.conflicts),
                "elapsed_ns": measure.then(|| ns(w.elapsed)),
            })
        })
        .collect();
    pretty(&json!({
        "scenario": "demo",
        "keys": r.keys,
        "lookups_per_isolate": o.lookups,
        "update_every": o.update_every,
        "isolates": isolates,
        "final_len": r.final_len,
        "sharing": r.sharing,
        "build_ns": measure.then(|| ns(r.build)),
        "elapsed_ns": measure.then(|| ns(r.elapsed)),
        "lookups_per_second": measure.then_some(r.lookups_per_second),
    }))
}

pub fn event_loops(r: &EventLoopsReport, measure: bool) -> anyhow::Result<String> {
    let loops: Vec<Value> = r
        .loops
        .iter()
        .map(|l| {
            json!({
                "interpreter": l.interpreter,
                "answered": measure.then_some(l.answered),
                "ticks": l.ticks,
            })
        })
        .collect();
    pretty(&json!({
        "scenario": "event-loops",
        "requests": r.requests,
        "answered": r.loops.iter().map(|l| l.answered).sum::<usize>(),
        "loops": loops,
        "elapsed_ns": measure.then(|| ns(r.elapsed)),
    }))
}
