//! Short, deterministic node names (`#0`, `#1`, ...) in place of addresses.
//!
//! The `hamt` crate identifies nodes by the address of their allocation (`NodeId`), which is
//! stable while the tree lives but differs from run to run. Output that people compare, and
//! snapshot tests, need the same names every time: a node gets the next number the first time
//! it is mentioned, and names are given in a fixed order (trees in pre-order, then events in
//! path order). Invariant: the caller keeps every map version alive while names are in use,
//! so two live nodes never share an address.

use std::collections::HashMap;

use hamt::{NodeId, TreeView};

#[derive(Debug, Default)]
pub struct Names {
    numbers: HashMap<NodeId, usize>,
}

impl Names {
    /// The node's number, giving it the next free one on first mention.
    pub fn number(&mut self, id: NodeId) -> usize {
        let next = self.numbers.len();
        *self.numbers.entry(id).or_insert(next)
    }

    /// `#N`, as the text view prints it.
    pub fn name(&mut self, id: NodeId) -> String {
        format!("#{}", self.number(id))
    }

    /// Numbers every node of a tree not named yet, in pre-order (root first).
    pub fn name_tree<K, V>(&mut self, tree: &TreeView<'_, K, V>) {
        for node in &tree.nodes {
            self.number(node.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_mention_order_and_stable() {
        let mut names = Names::default();
        assert_eq!(names.name(NodeId(0x500)), "#0");
        assert_eq!(names.name(NodeId(0x100)), "#1");
        assert_eq!(names.name(NodeId(0x500)), "#0");
    }
}
