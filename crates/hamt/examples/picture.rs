//! Draw the running example: the tree of keys 1, 33, 65, 2, 1025, 2**40 before and
//! after inserting 97, as DOT and SVG files in the directory given as the first
//! argument (default: the current directory).
//!
//! Run: `cargo run -p hamt --example picture -- /tmp`

use hamt::{render, Hamt};

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".to_string());
    let old: Hamt<i64, i64> = [1, 33, 65, 2, 1025, 1 << 40]
        .into_iter()
        .map(|k| (k, k))
        .collect();
    let (new, event) = old.insert_traced(97, 97);
    std::fs::write(
        format!("{dir}/hamt-versions.dot"),
        render::dot_versions(&old, &new, Some(&event)),
    )?;
    std::fs::write(
        format!("{dir}/hamt-versions.svg"),
        render::svg_versions(&old, &new, Some(&event)).0,
    )?;
    std::fs::write(format!("{dir}/hamt.svg"), render::svg(&new, Some(&event)).0)?;
    println!("wrote {dir}/hamt-versions.dot, hamt-versions.svg, hamt.svg");
    Ok(())
}
