//! Concurrent publish and read of one shared root: writer interpreters update it with
//! compare-and-publish (`swap`) while reader interpreters and Rust threads read it. No update
//! may be lost, and no reader may ever see a torn or shrinking map.

use isolates::{create_with, Config, Roots, Shareable, SharedMap};

const WRITERS: i64 = 4;
const PER_WRITER: i64 = 300;

const WRITER: &str = "\
from sharing import read, swap
def write(base, n):
    conflicts = 0
    for i in range(n):
        while True:
            cur = read('index')
            if swap('index', cur, cur.set(base + i, base + i)):
                break
            conflicts += 1
    return conflicts
";

const READER: &str = "\
from sharing import read
def check(rounds):
    last = 0
    for r in range(rounds):
        m = read('index')
        n = len(m)
        if n < last:
            raise AssertionError('the root shrank')
        last = n
        for k in m:
            if m[k] != k:
                raise AssertionError('a torn map')
    return last
";

#[test]
fn concurrent_publish_and_read_lose_nothing() {
    let roots = Roots::new();
    roots.publish("index", Shareable::Map(SharedMap::new()));
    let config = Config {
        roots: Some(roots.clone()),
        ..Config::default()
    };
    let writers: Vec<_> = (0..WRITERS).map(|_| create_with(config.clone())).collect();
    let readers: Vec<_> = (0..2).map(|_| create_with(config.clone())).collect();
    for w in &writers {
        w.exec(WRITER).expect("defines write");
    }
    for r in &readers {
        r.exec(READER).expect("defines check");
    }
    let writing: Vec<_> = writers
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let base = Shareable::Int(i as i64 * 100_000);
            w.call_in_thread("write", &[base, Shareable::Int(PER_WRITER)])
        })
        .collect();
    let reading: Vec<_> = readers
        .iter()
        .map(|r| r.call_in_thread("check", &[Shareable::Int(200)]))
        .collect();
    // A Rust thread reads too, without any interpreter.
    let rust_reader = {
        let roots = roots.clone();
        std::thread::spawn(move || {
            let mut last = 0;
            for _ in 0..2000 {
                let m = roots.read("index").expect("published");
                let m = m.as_map().expect("a map");
                assert!(m.len() >= last, "the root shrank");
                last = m.len();
            }
        })
    };
    let mut conflicts = 0;
    for w in writing {
        let got = w.join().expect("no panic").expect("write ran");
        conflicts += got.as_i64().expect("an int");
    }
    for r in reading {
        r.join().expect("no panic").expect("check ran");
    }
    rust_reader.join().expect("no torn reads");
    let index = roots.read("index").expect("published");
    let index = index.as_map().expect("a map");
    assert_eq!(index.len() as i64, WRITERS * PER_WRITER, "no update lost");
    for w in 0..WRITERS {
        for i in 0..PER_WRITER {
            let k = Shareable::Int(w * 100_000 + i);
            assert_eq!(index.get(&k), Some(&k));
        }
    }
    index
        .hamt()
        .debug_check()
        .expect("the final tree is a valid HAMT");
    // Conflicts happen or not depending on scheduling; each one was retried, so every
    // writer published exactly PER_WRITER times whatever their number.
    eprintln!("{conflicts} conflicting swaps were retried");
}
