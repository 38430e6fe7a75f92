//! W^X: compiled traces live in memory that is readable and executable, never writable, and
//! the memory is freed (back to the thread's code arena) when the executor goes. One test in
//! this binary, so no other test maps memory meanwhile. (The arena's reuse of freed pages is
//! tested in `memory.rs`.)

#[path = "support.rs"]
mod support;

/// The permissions (`r-xp`) of the mapping containing `address`, from /proc/self/maps.
fn permissions(address: usize) -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    maps.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        let range = words.next()?;
        let perms = words.next()?;
        let (lo, hi) = range.split_once('-')?;
        let lo = usize::from_str_radix(lo, 16).ok()?;
        let hi = usize::from_str_radix(hi, 16).ok()?;
        (lo <= address && address < hi).then(|| perms.to_string())
    })
}

/// `g`'s executor depends on the globals dict: `K = 2` invalidates it (and, detached from
/// the code, it is dropped); the next call compiles a new one.
const INVALIDATED: &str = "
K = 1
def g(n):
    t = 0
    for i in range(n):
        t += K
    return t
print(g(100))
K = 2
print(g(100))
";

#[test]
fn code_is_read_execute_and_freed_with_its_executor() {
    if !stencil_jit::supported() {
        return;
    }
    let mut dead = 0;
    let before = stencil_jit::live_code();
    let run = support::run_with(INVALIDATED, true, false, |vm, compiled| {
        let live: Vec<usize> = vm
            .tier2
            .executors
            .iter()
            .filter_map(|e| e.upgrade())
            .map(|e| e.id)
            .collect();
        let live_addresses: Vec<usize> = compiled
            .iter()
            .filter(|c| live.contains(&c.executor))
            .map(|c| c.address)
            .collect();
        assert!(!live_addresses.is_empty(), "a live executor was compiled");
        for c in compiled {
            let perms = permissions(c.address);
            if live.contains(&c.executor) {
                assert_eq!(perms.as_deref(), Some("r-xp"), "executor #{}", c.executor);
            } else {
                dead += 1;
            }
        }
        // Exactly the live executors' code is alive: the invalidated one's was freed.
        assert_eq!(stencil_jit::live_code() - before, live_addresses.len());
        let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
        assert!(
            !maps
                .lines()
                .any(|l| l.split_whitespace().nth(1) == Some("rwxp")),
            "a writable and executable mapping exists:\n{maps}"
        );
    });
    assert_eq!(run.stdout, "100\n200\n");
    assert!(
        dead > 0,
        "the invalidated executor was dropped and its code freed"
    );
}
