//! The scenarios `explain isolates` shows: the hand-off (by handle, then the pickle way) and
//! the demo of N isolates sharing one map. Their records are checked here; the CLI's tests
//! check how they are drawn.

use isolates::demo::{self, DemoOptions};
use isolates::handoff::{self, HandoffOptions};

#[test]
fn handoff_shares_the_root_and_copies_one_path() {
    let report = handoff::run(&HandoffOptions {
        keys: 1000,
        stride: 1,
        key: Some(500),
        measure: true,
    })
    .expect("the scenario runs");
    assert_eq!(report.built.len, 1000);
    assert!(report.sent.same_root, "the worker holds main's root");
    assert_eq!((report.sent.bytes_copied, report.sent.nodes_built), (0, 0));
    let update = &report.update;
    assert_eq!(
        (update.old_value.as_str(), update.new_value.as_str()),
        ("500", "-500")
    );
    assert!(update.path.last().is_some_and(|p| p.holds_key));
    assert_eq!(
        update.sharing.new,
        update.path.len(),
        "one copy per level of the path"
    );
    assert_eq!(
        update.sharing.shared + update.sharing.new,
        update.sharing.nodes
    );
    assert!(
        update.path.iter().all(|p| p.before != p.after),
        "every path node was copied"
    );
    assert!(
        report.returned.same_root,
        "main got the worker's version itself"
    );
    assert_eq!(report.pickled.nodes_built, report.built.nodes);
    assert_eq!(report.pickled.shared_with_original, 0);
    assert!(report.pickled.equal && report.pickled.bytes > 1000);
    let t = report.timings.expect("measured");
    assert!(t.pickle > t.share, "{t:?}");
    let (v1, v2) = &report.maps;
    assert_eq!(v2.sharing_with(v1), update.sharing);
}

#[test]
fn demo_isolates_look_up_update_and_share() {
    let options = DemoOptions {
        isolates: 2,
        keys: 20_000,
        lookups: 4000,
        update_every: 100,
    };
    let report = demo::run(&options).expect("the demo runs");
    assert_eq!(report.isolates.len(), 2);
    assert_eq!(
        report.final_len, 20_000,
        "updates replace values, never add keys"
    );
    for w in &report.isolates {
        assert_eq!(w.updates, 40);
        assert!(
            w.hits > 3000 && w.hits < 4000,
            "about 1 in 11 keys is absent: {w:?}"
        );
    }
    // The key sequences are fixed: a second run finds the same keys.
    let again = demo::run(&options).expect("runs again");
    let hits = |r: &demo::DemoReport| r.isolates.iter().map(|w| w.hits).collect::<Vec<_>>();
    assert_eq!(hits(&report), hits(&again));
    assert_eq!(
        report.sharing, again.sharing,
        "the final map is the same tree"
    );
    assert!(
        report.sharing.new < report.sharing.nodes / 4,
        "{:?}",
        report.sharing
    );
    assert!(report.lookups_per_second > 0.0);
}
