//! Iteration in hash order, as CPython's `hamt_iterator_next` walks the tree:
//! depth first, Bitmap entries in bit order (descending into child slots where
//! they sit), Array slots 0..32, Collision entries in insertion order.

use crate::map::Hamt;
use crate::node::{Entry, Node};

/// Iterator over `(&K, &V)` in hash order. Made by [`Hamt::iter`].
pub struct Iter<'a, K, V> {
    /// Nodes being walked and the next position in each (CPython keeps the same
    /// two arrays, `i_nodes` and `i_pos`).
    stack: Vec<(&'a Node<K, V>, usize)>,
    remaining: usize,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (node, pos) = self.stack.last_mut()?;
            let node: &'a Node<K, V> = node;
            let at = *pos;
            *pos += 1;
            let child = match node {
                Node::Bitmap { entries, .. } => match entries.get(at) {
                    Some(Entry::Leaf { key, value, .. }) => {
                        self.remaining -= 1;
                        return Some((key, value));
                    }
                    Some(Entry::Child(child)) => Some(child),
                    // Spare capacity only follows the live entries: the node is done.
                    Some(Entry::Spare) | None => None,
                },
                Node::Array(array) => match array.slots.get(at) {
                    Some(slot) => match slot {
                        Some(child) => Some(child),
                        None => continue,
                    },
                    None => None,
                },
                Node::Collision { entries, .. } => match entries.get(at) {
                    Some((key, value)) => {
                        self.remaining -= 1;
                        return Some((key, value));
                    }
                    None => None,
                },
            };
            match child {
                Some(child) => self.stack.push((child, 0)),
                None => {
                    self.stack.pop();
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<K, V, H> Hamt<K, V, H> {
    /// All `(key, value)` pairs in hash order (CPython's iteration order).
    pub fn iter(&self) -> Iter<'_, K, V> {
        let mut stack = Vec::with_capacity(8);
        stack.push((&self.root, 0));
        Iter {
            stack,
            remaining: self.len,
        }
    }

    /// All keys in hash order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &K> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// All values in hash order of their keys.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> + '_ {
        self.iter().map(|(_, v)| v)
    }
}

impl<'a, K, V, H> IntoIterator for &'a Hamt<K, V, H> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
