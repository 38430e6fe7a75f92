//! `explain specialize --format json`: the same facts as the text story, for programs.
//!
//! The keys print in a fixed order (structs, not a sorted `serde_json::Value` map):
//! `output`, `error` (the traceback of an uncaught exception, or null), `code` (per code object:
//! each instruction before and after the run with its folded story) and `stats`.

use std::collections::BTreeMap;

use tracer::code::CodeObject;
use tracer::specialize::code_id;

use super::stretch::{stretches, Stretch};
use super::Outcome;

/// `--format json`: keys print in this order (structs, not a sorted `serde_json::Value` map).
#[derive(serde::Serialize)]
struct JsonStory<'a> {
    output: &'a str,
    error: Option<&'a str>,
    code: Vec<JsonCode>,
    /// pystats' counters of the code objects in `code` only (all of them without
    /// `--function`).
    stats: BTreeMap<&'static str, JsonFamily>,
}

/// One code object: its instructions before and after the run, each with its story.
#[derive(serde::Serialize)]
struct JsonCode {
    qualname: String,
    firstlineno: u32,
    instructions: Vec<JsonInstruction>,
}

#[derive(serde::Serialize)]
struct JsonInstruction {
    offset: usize,
    before: &'static str,
    after: &'static str,
    arg: Option<u32>,
    argrepr: String,
    line: Option<u32>,
    story: Vec<JsonStretch>,
}

/// A folded stretch of runs (`kind` is the fold key, `detail` the sentence of the text form).
#[derive(serde::Serialize)]
struct JsonStretch {
    first_run: usize,
    last_run: usize,
    kind: String,
    detail: String,
}

/// pystats' counters of one family.
#[derive(serde::Serialize)]
struct JsonFamily {
    success: u64,
    failure: u64,
    hit: u64,
    deopt: u64,
    deferred: u64,
}

/// The story as pretty-printed JSON, ending with a newline.
pub fn json_story(run: &Outcome) -> String {
    let Outcome {
        vm,
        stats,
        root,
        codes,
        per_site,
        ..
    } = run;
    // The same placeholder addresses as the text story and `explain dis`.
    let addresses = tracer::dis::Addresses::new(root);
    let addr = |c: &CodeObject| addresses.of(c);
    let code = codes
        .iter()
        .map(|code| {
            let cold = tracer::dis::get_instructions(code, None, false, &addr);
            let units = vm.adaptive_code(code);
            let warm = tracer::dis::get_instructions(code, units.as_deref(), false, &addr);
            let instructions = cold
                .into_iter()
                .zip(&warm)
                .map(|(c, w)| {
                    let events = per_site.get(&(code_id(code), c.offset / 2));
                    let story = events.map(|e| stretches(e)).unwrap_or_default();
                    JsonInstruction {
                        offset: c.offset,
                        before: c.opname,
                        after: w.opname,
                        arg: c.arg,
                        argrepr: c.argrepr,
                        line: c.line,
                        story: story.into_iter().map(json_stretch).collect(),
                    }
                })
                .collect();
            JsonCode {
                qualname: code.qualname.to_string(),
                firstlineno: code.firstlineno,
                instructions,
            }
        })
        .collect();
    let stats = stats
        .families
        .iter()
        .map(|(name, s)| {
            let family = JsonFamily {
                success: s.success,
                failure: s.failure,
                hit: s.hit,
                deopt: s.deopt,
                deferred: s.deferred,
            };
            (*name, family)
        })
        .collect();
    let story = JsonStory {
        output: &run.output,
        error: run
            .ending
            .uncaught
            .is_some()
            .then_some(run.ending.stderr.as_str()),
        code,
        stats,
    };
    serde_json::to_string_pretty(&story).unwrap_or_default() + "\n"
}

fn json_stretch(s: Stretch) -> JsonStretch {
    JsonStretch {
        first_run: s.first,
        last_run: s.last,
        kind: s.kind,
        detail: s.detail,
    }
}
