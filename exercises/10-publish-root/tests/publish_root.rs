//! Tests for exercise 10: a stale or merely equal version is refused, a fresh one is
//! published, and many threads updating one root through `update` lose nothing.

use std::collections::BTreeMap;
use std::sync::Arc;

use ex10_publish_root::{Roots, Version};

fn version(pairs: &[(u64, u64)]) -> Arc<Version> {
    Arc::new(pairs.iter().copied().collect())
}

/// The problem: two writers start from the same version and publish blindly.
#[test]
fn blind_publishing_loses_an_update() {
    let roots = Roots::new();
    roots.publish("index", version(&[]));
    let (a_read, b_read) = (roots.read("index").unwrap(), roots.read("index").unwrap());
    let mut a = (*a_read).clone();
    a.insert(1, 1);
    let mut b = (*b_read).clone();
    b.insert(2, 2);
    roots.publish("index", Arc::new(a));
    roots.publish("index", Arc::new(b));
    assert!(
        !roots.read("index").unwrap().contains_key(&1),
        "A's key is gone"
    );
}

#[test]
fn the_first_publish_expects_nothing() {
    let roots = Roots::new();
    let v1 = version(&[(1, 1)]);
    assert!(roots.compare_and_publish("index", None, v1.clone()).is_ok());
    assert!(Arc::ptr_eq(&roots.read("index").unwrap(), &v1));
    // Now something is there: expecting nothing is stale.
    let err = roots
        .compare_and_publish("index", None, version(&[]))
        .unwrap_err();
    assert!(Arc::ptr_eq(&err.unwrap(), &v1));
}

#[test]
fn a_stale_version_is_refused_and_the_current_one_returned() {
    let roots = Roots::new();
    let v1 = version(&[]);
    roots.publish("index", v1.clone());
    let a = version(&[(1, 1)]);
    assert!(roots
        .compare_and_publish("index", Some(&v1), a.clone())
        .is_ok());
    let b = version(&[(2, 2)]);
    let current = roots
        .compare_and_publish("index", Some(&v1), b)
        .unwrap_err();
    assert!(Arc::ptr_eq(&current.unwrap(), &a), "the winner comes back");
    assert!(
        Arc::ptr_eq(&roots.read("index").unwrap(), &a),
        "nothing changed"
    );
}

#[test]
fn an_equal_but_different_version_is_not_the_expected_one() {
    let roots = Roots::new();
    roots.publish("index", version(&[(1, 1)]));
    let look_alike = version(&[(1, 1)]);
    assert!(
        roots
            .compare_and_publish("index", Some(&look_alike), version(&[]))
            .is_err(),
        "identity, not equality"
    );
}

#[test]
fn update_retries_on_top_of_the_winner() {
    let roots = Roots::new();
    roots.publish("index", version(&[]));
    let mut calls = 0;
    let (published, conflicts) = roots.update("index", |current| {
        calls += 1;
        if calls == 1 {
            // Someone else publishes while this update is being computed.
            roots.publish("index", version(&[(9, 9)]));
        }
        let mut next = current.cloned().unwrap_or_default();
        next.insert(1, 1);
        next
    });
    assert_eq!(conflicts, 1);
    assert_eq!(calls, 2);
    assert_eq!(
        *published,
        BTreeMap::from([(1, 1), (9, 9)]),
        "built on the winner"
    );
    assert!(Arc::ptr_eq(&roots.read("index").unwrap(), &published));
}

#[test]
fn many_writers_lose_nothing() {
    let roots = Roots::new();
    roots.publish("index", version(&[]));
    std::thread::scope(|s| {
        for t in 0..8u64 {
            let roots = &roots;
            s.spawn(move || {
                for i in 0..200u64 {
                    roots.update("index", |current| {
                        let mut next = current.cloned().unwrap_or_default();
                        next.insert(t * 1000 + i, i);
                        next
                    });
                }
            });
        }
    });
    let index = roots.read("index").unwrap();
    assert_eq!(index.len(), 8 * 200, "every update published");
}
