//! Programs run by the VM, compared with the output CPython 3.13 gives for them.

use tracer::vm::{run_source, with_big_stack, VmOptions};

/// Runs `source` with and without specialization; both must print `expected`.
fn check(source: &str, expected: &str) {
    for specialize in [true, false] {
        let src = source.to_string();
        let out = with_big_stack(move || {
            run_source(
                &src,
                "<test>",
                VmOptions {
                    specialize,
                    ..VmOptions::default()
                },
            )
            .expect("compiles")
        });
        assert_eq!(
            out.error, None,
            "unexpected error (specialize={specialize})"
        );
        assert_eq!(out.stdout, expected, "specialize={specialize}");
    }
}

#[test]
fn arithmetic_and_printing() {
    check(
        "print(1 + 2, 7 // 2, 7 % 3, 2 ** 10, 7 / 2)\n",
        "3 3 1 1024 3.5\n",
    );
    check(
        "print(0.1 + 0.2, 1e16, 1e-5, -0.0, 2 ** 100)\n",
        "0.30000000000000004 1e+16 1e-05 -0.0 1267650600228229401496703205376\n",
    );
}

#[test]
fn iterative_fibonacci() {
    check(
        include_str!("../../../../shared/reference/cpython-3.13/fib.py"),
        "6765\n",
    );
}
