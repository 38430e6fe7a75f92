//! `explain specialize`'s unit of story: a *stretch*, consecutive runs of one instruction that
//! did the same thing ("runs 3-30  28 hits of BINARY_OP_ADD_INT").
//!
//! One run is one execution of the instruction, rebuilt from the observer's events: a `Tick`
//! (a generic run that counted down), an `Attempt` with its `Success` or `Failure`, a `Deopt`
//! (a guard failed and the generic instruction ran), a `Hit` (the specialized form ran). A run
//! that specializes re-executes as its new form at once, as CPython does, so it ends with a
//! `Hit`: the story says "then runs it (1 hit)", and pystats counts it among the hits.

use tracer::observe::Event;
use tracer::specialize::counter;

/// One folded stretch of runs of one instruction.
#[derive(Debug, Clone, PartialEq)]
pub struct Stretch {
    pub first: usize,
    pub last: usize,
    /// The fold key: `generic`, `hit FORM`, `deopt FORM`, `specialize -> FORM`, ...
    pub kind: String,
    /// The sentence of the text form.
    pub detail: String,
}

pub fn counter_text(c: u16) -> String {
    format!(
        "{} (value {}, backoff {})",
        c,
        counter::value(c),
        counter::backoff_of(c)
    )
}

/// Splits one instruction's events into runs (one per execution) and folds equal neighbours.
pub fn stretches(events: &[Event]) -> Vec<Stretch> {
    let mut runs: Vec<Vec<&Event>> = Vec::new();
    let mut open = false;
    for e in events {
        match e {
            Event::Deopt { .. } => {
                runs.push(vec![e]);
                open = true;
            }
            Event::Attempt { .. } => {
                if open {
                    runs.last_mut().expect("open run").push(e);
                } else {
                    runs.push(vec![e]);
                }
                open = true;
            }
            Event::Success { .. } | Event::Failure { .. } => match runs.last_mut() {
                Some(r) if open => r.push(e),
                _ => runs.push(vec![e]),
            },
            Event::Tick { .. } | Event::Hit { .. } => {
                if open {
                    runs.last_mut().expect("open run").push(e);
                } else {
                    runs.push(vec![e]);
                }
                open = false;
            }
        }
    }
    let mut out: Vec<Stretch> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let (kind, detail) = classify(run);
        let n = i + 1;
        if let Some(last) = out.last_mut() {
            let foldable =
                kind == "generic" || kind.starts_with("hit ") || kind.starts_with("deopt ");
            if foldable && last.kind == kind && last.last + 1 == n {
                last.last = n;
                let head = last.detail.split(" .. ").next().unwrap_or("").to_string();
                let tail = detail.rsplit("counter ").next().unwrap_or("").to_string();
                last.detail = if tail.is_empty() || head.is_empty() {
                    head
                } else {
                    format!("{head} .. {tail}")
                };
                continue;
            }
        }
        out.push(Stretch {
            first: n,
            last: n,
            kind,
            detail,
        });
    }
    out
}

/// A key (equal keys fold together) and a sentence for one run.
fn classify(run: &[&Event]) -> (String, String) {
    let mut deopt = None;
    let mut attempt = None;
    let mut parts = Vec::new();
    for e in run {
        match e {
            Event::Deopt {
                form,
                guard,
                operands,
                ..
            } => {
                deopt = Some(*form);
                parts.push(format!("{guard} for ({operands})"));
            }
            Event::Attempt { operands, .. } => {
                attempt = Some(operands.clone());
                parts.push(format!("counter reached 0, operands ({operands})"));
            }
            Event::Success { form, .. } => {
                parts.push(format!(
                    "rewritten to {form}, counter = {}",
                    counter_text(counter::COOLDOWN)
                ));
            }
            Event::Failure {
                reason, counter: c, ..
            } => {
                parts.push(format!(
                    "no form fits ({reason}), back off: counter = {}",
                    counter_text(*c)
                ));
            }
            Event::Tick { counter: c, .. } => {
                parts.push(format!("generic run, counter {}", counter::value(*c)))
            }
            // The run that specialized goes on as the new form; pystats counts that as a hit.
            Event::Hit { .. } if attempt.is_some() => parts.push("then runs it (1 hit)".into()),
            Event::Hit { .. } => {}
        }
    }
    let kind = match (run.first(), deopt, &attempt) {
        (_, _, Some(_)) => {
            let outcome = run.iter().find_map(|e| match e {
                Event::Success { form, .. } => Some(format!("specialize -> {form}")),
                Event::Failure { .. } => Some("specialize failed".to_string()),
                _ => None,
            });
            let base = outcome.unwrap_or_else(|| "attempt".into());
            if let Some(form) = deopt {
                format!("deopt {form} + re-{base}")
            } else {
                base
            }
        }
        (_, Some(form), None) => format!("deopt {form}"),
        (Some(Event::Hit { form, .. }), _, _) => format!("hit {form}"),
        _ => "generic".to_string(),
    };
    (kind, parts.join("; "))
}

pub fn describe(s: &Stretch) -> String {
    let runs = if s.first == s.last {
        format!("run {}", s.first)
    } else {
        format!("runs {}-{}", s.first, s.last)
    };
    let count = s.last - s.first + 1;
    let what = if let Some(form) = s.kind.strip_prefix("hit ") {
        if count == 1 {
            format!("hit {form}")
        } else {
            format!("{count} hits of {form}")
        }
    } else if s.kind == "generic" {
        s.detail.clone()
    } else if count > 1 {
        format!("{} ({count}x): {}", s.kind, s.detail)
    } else {
        format!("{}: {}", s.kind, s.detail)
    };
    let line = format!("      {runs:<14} {what}");
    if s.kind.starts_with("deopt") || s.kind == "specialize failed" {
        format!("{}\n", crate::style::failed(&line))
    } else {
        format!("{line}\n")
    }
}
