//! The text layout of `explain isolates`: one numbered step per thing that happened, with the
//! numbers that tell the story (bytes copied, nodes built, nodes shared) next to each.

use std::fmt::Write as _;
use std::time::Duration;

use isolates::aio::EventLoopsReport;
use isolates::demo::{DemoOptions, DemoReport};
use isolates::handoff::HandoffReport;

use crate::hamt_view::text::{group, plural};
use crate::style;

/// `1.23 s`, `45.6 ms`, `789 µs`, `12 ns`: three significant digits.
pub fn duration(d: Duration) -> String {
    let ns = d.as_secs_f64() * 1e9;
    for (unit, scale) in [("s", 1e9), ("ms", 1e6), ("µs", 1e3)] {
        if ns >= scale {
            return format!("{} {unit}", sig3(ns / scale));
        }
    }
    format!("{} ns", sig3(ns))
}

fn sig3(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// `99.7%`; more digits where one would round a part up to `100.0%`.
fn percent(part: usize, whole: usize) -> String {
    let p = 100.0 * part as f64 / whole.max(1) as f64;
    let short = format!("{p:.1}");
    if short == "100.0" && part < whole {
        format!("{p:.4}%")
    } else {
        format!("{short}%")
    }
}

pub fn handoff(r: &HandoffReport) -> String {
    let mut out = String::new();
    let b = &r.built;
    let _ = writeln!(
        out,
        "{}\n",
        style::heading("Isolates: handing a map to another interpreter without copying it")
    );
    let _ = writeln!(
        out,
        "1. main (interpreter {}) builds a map in Python: {}",
        r.main, r.source
    );
    let _ = writeln!(
        out,
        "   {} in {} (root {} is {} {} node: {} Array, {} Bitmap, {} Collision; depth {}), {} bytes",
        plural(b.len, "key"),
        plural(b.nodes, "node"),
        b.root,
        if b.root_kind == "Array" { "an" } else { "a" },
        b.root_kind,
        group(b.array_nodes),
        group(b.bitmap_nodes),
        group(b.collision_nodes),
        b.depth,
        group(b.bytes)
    );
    let s = &r.sent;
    let _ = writeln!(
        out,
        "\n2. main puts it into a queue; the worker (interpreter {}) gets it",
        r.worker
    );
    let same = if s.same_root {
        "main's root itself"
    } else {
        "a different root"
    };
    let _ = writeln!(
        out,
        "   the worker's `index` is root {} ({same}): bytes copied {}, nodes built {}",
        s.worker_root,
        group(s.bytes_copied),
        group(s.nodes_built)
    );
    let _ = writeln!(
        out,
        "   {}",
        style::dim(
            "(the handle is one Arc on the root: crossing costs a reference-count increment)"
        )
    );
    let u = &r.update;
    let _ = writeln!(
        out,
        "\n3. the worker runs v2 = index.set({k}, {v}): key {k} has folded hash {h}",
        k = u.key,
        v = u.new_value,
        h = u.folded_hash
    );
    let _ = writeln!(out, "   level  bits   node    main's  worker's");
    for p in &u.path {
        let mark = if p.before == p.after {
            "shared".to_string()
        } else {
            style::copied(&format!("{} *", p.after)).to_string()
        };
        let holds = if p.holds_key {
            format!("  holds {}", u.key)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "   {:<6} {:05b}  {:<7} {:<7} {mark}{holds}",
            p.level, p.chunk, p.kind, p.before
        );
    }
    let sh = &u.sharing;
    let _ = writeln!(
        out,
        "   {} copied ({} bytes, marked *); {} of {} shared with main's version ({})",
        plural(sh.new, "node"),
        group(sh.new_bytes),
        group(sh.shared),
        group(sh.nodes),
        percent(sh.shared, sh.nodes)
    );
    let ret = &r.returned;
    let _ = writeln!(out, "\n4. the worker puts v2 into a queue back to main");
    let _ = writeln!(
        out,
        "   main holds both versions: index.get({k}) = {}, v2.get({k}) = {}",
        ret.main_sees.0,
        ret.main_sees.1,
        k = u.key
    );
    let _ = writeln!(
        out,
        "   main's v2 is root {} ({}), and index is unchanged",
        ret.root,
        if ret.same_root {
            "the worker's own, not a copy"
        } else {
            "a copy"
        }
    );
    let p = &r.pickled;
    let _ = writeln!(
        out,
        "\n5. the same hand-off the pickle way: serialize (serde, {}), deserialize on the other side",
        p.format
    );
    let row = |out: &mut String, what: &str, a: &str, b: &str| {
        let _ = writeln!(out, "   {what:<26} {a:<18} {b}");
    };
    row(&mut out, "", "shared handle", "serialize + deserialize");
    row(&mut out, "bytes copied", "0", &group(p.bytes));
    row(
        &mut out,
        "nodes built by receiver",
        "0",
        &group(p.nodes_built),
    );
    row(
        &mut out,
        "nodes shared with main",
        &format!("all {}", group(b.nodes)),
        &group(p.shared_with_original),
    );
    match &r.timings {
        Some(t) => {
            row(
                &mut out,
                "time",
                &duration(t.share),
                &format!(
                    "{} ({} + {})",
                    duration(t.pickle),
                    duration(t.serialize),
                    duration(t.deserialize)
                ),
            );
            let _ = writeln!(
                out,
                "   the pickle way took {}x as long {}",
                group(t.ratio().round() as usize),
                style::dim(&format!(
                    "(handle: mean of {}; pickle: median of {})",
                    group(t.share_repeats as usize),
                    t.pickle_repeats
                ))
            );
        }
        None => {
            let _ = writeln!(out, "   {}", style::dim("(times left out: --no-timings)"));
        }
    }
    out
}

pub fn demo(r: &DemoReport, o: &DemoOptions, measure: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        style::heading(&format!(
            "The demo: {} sharing one map of {}",
            plural(r.isolates.len(), "isolate"),
            plural(r.keys, "key")
        ))
    );
    let built = if measure {
        format!(", in {}", duration(r.build))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "the map: ints 0..{} built once in Rust (Hamt::mutate){built}, published as the root \"index\"",
        group(r.keys)
    );
    let _ = writeln!(
        out,
        "each isolate (its own tracer VM on its own thread) runs Python:\n    \
         m = read('index'), then {} lookups of pseudo-random keys (1 in 11 absent);\n    \
         every {} lookups: swap('index', cur, cur.set(k, -k))   # path copy + publish\n",
        group(o.lookups),
        group(o.update_every)
    );
    if measure {
        let _ = writeln!(
            out,
            "isolate  lookups    hits       updates  conflicts  time"
        );
    } else {
        let _ = writeln!(out, "isolate  lookups    hits       updates");
    }
    for (i, w) in r.isolates.iter().enumerate() {
        let _ = write!(
            out,
            "{:<8} {:<10} {:<10} {:<8}",
            i + 1,
            group(w.lookups),
            group(w.hits),
            group(w.updates)
        );
        if measure {
            let _ = write!(out, " {:<10} {}", group(w.conflicts), duration(w.elapsed));
        }
        out = out.trim_end().to_string();
        out.push('\n');
    }
    let total: usize = r.isolates.iter().map(|w| w.lookups).sum();
    if measure {
        let _ = writeln!(
            out,
            "together: {} lookups in {} = {} lookups/s",
            group(total),
            duration(r.elapsed),
            group(r.lookups_per_second.round() as usize)
        );
    } else {
        let _ = writeln!(
            out,
            "together: {} lookups {}",
            group(total),
            style::dim("(times and publish conflicts left out: --no-timings)")
        );
    }
    let sh = &r.sharing;
    let _ = writeln!(
        out,
        "\nthe final map: {} in {}; {} new (the updates' path copies), {} shared with the original ({})",
        plural(r.final_len, "key"),
        plural(sh.nodes, "node"),
        group(sh.new),
        group(sh.shared),
        percent(sh.shared, sh.nodes)
    );
    out
}

pub fn event_loops(r: &EventLoopsReport, measure: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        style::heading(&format!(
            "Level 3: {}, each running its own event loop",
            plural(r.loops.len(), "interpreter")
        ))
    );
    let _ = writeln!(
        out,
        "each interpreter's thread runs a current-thread tokio runtime serving two queues:\n    \
         requests (answer((q, reply)) puts q * q into the reply queue) and broadcasts (tick(msg))\n\
         async Rust sends {} requests at once (Requests::request_async) and {} broadcasts\n",
        group(r.requests),
        r.loops.first().map_or(0, |l| l.ticks)
    );
    let answered: usize = r.loops.iter().map(|l| l.answered).sum();
    if measure {
        let _ = writeln!(out, "loop  answered  broadcasts handled");
        for (i, l) in r.loops.iter().enumerate() {
            let _ = writeln!(out, "{:<5} {:<9} {}", i + 1, l.answered, l.ticks);
        }
        let _ = writeln!(
            out,
            "every answer checked: {} of {} right, in {}",
            group(answered),
            group(r.requests),
            duration(r.elapsed)
        );
    } else {
        let _ = writeln!(out, "loop  broadcasts handled");
        for (i, l) in r.loops.iter().enumerate() {
            let _ = writeln!(out, "{:<5} {}", i + 1, l.ticks);
        }
        let _ = writeln!(
            out,
            "every answer checked: {} of {} right {}",
            group(answered),
            group(r.requests),
            style::dim("(who answered how many, and times, left out: --no-timings)")
        );
    }
    out
}
