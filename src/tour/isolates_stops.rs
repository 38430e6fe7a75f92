//! Tour stops for isolates: interpreters that share an immutable map by handle instead of
//! copying it (PEP 684's per-interpreter GIL, PEP 734's `interpreters` API, memhive's idea).
//!
//! The first stop follows one map from the main interpreter to a worker and back, then does the
//! same hand-off the "pickle" way; the second runs the talk's demo, several isolates reading and
//! updating one big map. Both run with `--no-timings`, so the tour reads the same every time;
//! the "try next" commands show the times.

use super::Stop;

pub fn stops() -> Vec<Stop> {
    vec![
        Stop {
            title: "Isolates: a map crosses to another interpreter as a handle",
            text: &[
                "CPython 3.12 gives every subinterpreter its own GIL (PEP 684), and 3.14's \
                 `concurrent.interpreters` (PEP 734) runs Python in several of them at once. \
                 Their objects stay apart: data crosses by copy or pickle. But a map whose \
                 nodes never change (the HAMT of the first stops) can be read by every \
                 interpreter at the same time, so it can cross as a handle on its root.",
                "Here each interpreter is a `tracer` VM on its own thread. Main builds a map \
                 in Python and puts it into a queue; the worker gets main's very root (bytes \
                 copied: 0), sets one key, which copies the nodes on that key's path, and \
                 sends its version back: every other node is shared by both versions. Step 5 \
                 does the hand-off by serializing instead, which copies every pair and builds \
                 every node again.",
            ],
            args: &["isolates", "--no-timings"],
            try_next: &[
                "isolates",
                "isolates --keys 1000000",
                "isolates --keys 12 --stride 8 --format svg > versions.svg",
            ],
        },
        Stop {
            title: "Isolates: many interpreters, one map",
            text: &[
                "The talk's demo: isolates share one map published under a name. Each reads \
                 it (a handle, O(1)), looks up keys without any lock, and now and then updates \
                 it: `swap(name, cur, cur.set(k, v))` publishes the path-copied version only \
                 if nobody published since `cur` was read, else the worker redoes its update \
                 on the newer version. After all the updates, almost every node of the final \
                 map is still shared with the original.",
            ],
            args: &[
                "isolates",
                "demo",
                "--isolates",
                "2",
                "--keys",
                "100000",
                "--lookups",
                "20000",
                "--no-timings",
            ],
            try_next: &[
                "isolates demo",
                "isolates demo --isolates 1",
                "isolates event-loops",
            ],
        },
    ]
}
