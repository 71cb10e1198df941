//! The pending timers whose state the host lends: a pairing heap threaded
//! through each timer's [`HeapLinks`], ordered by (due time, start order).
//!
//! A pairing heap needs three links per timer and no array beside them, so
//! pending timers cost no memory beyond what they lend. Starting a timer is
//! one comparison with the root; taking the earliest pairs up the root's
//! children, left to right and then right to left. Keys are unique (the
//! start order breaks ties), so the order timers fire in does not depend
//! on the heap's shape.

use super::handle::TimerStorage;
use super::host::Host;

#[derive(Default)]
pub(crate) struct LentTimers {
    /// The earliest timer's token, 0 when empty.
    root: usize,
    len: usize,
}

fn storage(host: &dyn Host, token: usize) -> TimerStorage<'_> {
    host.lent_timer(token)
        .expect("a pending lent timer stays lent")
}

fn key(timer: TimerStorage<'_>) -> (u64, u64) {
    (timer.timer.state.due_or_epoch(), timer.timer.seq.get())
}

/// Makes the later of two roots the first child of the earlier, and
/// returns the earlier.
fn meld(host: &dyn Host, a: usize, b: usize) -> usize {
    let (sa, sb) = (storage(host, a), storage(host, b));
    let (first, later, s_first, s_later) = if key(sb) < key(sa) {
        (b, a, sb, sa)
    } else {
        (a, b, sa, sb)
    };
    let child = s_first.links.child.get();
    s_later.links.sibling.set(child);
    if child != 0 {
        storage(host, child).links.prev.set(later);
    }
    s_later.links.prev.set(first);
    s_first.links.child.set(later);
    first
}

/// Melds a list of siblings, starting at `first`, into one tree; returns
/// its root.
fn merge_siblings(host: &dyn Host, first: usize) -> usize {
    // Left to right: meld neighbours in pairs, stacking each result
    // through its `sibling` link.
    let mut stack = 0;
    let mut next = first;
    while next != 0 {
        let a = next;
        let sa = storage(host, a);
        let b = sa.links.sibling.get();
        sa.links.prev.set(0);
        sa.links.sibling.set(0);
        let merged = if b == 0 {
            next = 0;
            a
        } else {
            let sb = storage(host, b);
            next = sb.links.sibling.get();
            sb.links.prev.set(0);
            sb.links.sibling.set(0);
            meld(host, a, b)
        };
        storage(host, merged).links.sibling.set(stack);
        stack = merged;
    }
    // Right to left: meld each pair into the tree so far.
    let mut tree = stack;
    let top = storage(host, tree);
    stack = top.links.sibling.get();
    top.links.sibling.set(0);
    while stack != 0 {
        let pair = storage(host, stack);
        let below = pair.links.sibling.get();
        pair.links.sibling.set(0);
        tree = meld(host, tree, stack);
        stack = below;
    }
    tree
}

impl LentTimers {
    pub fn len(&self) -> usize {
        self.len
    }

    /// The earliest timer: (due, start order, token).
    #[inline]
    pub fn peek(&self, host: &dyn Host) -> Option<(u64, u64, usize)> {
        if self.root == 0 {
            return None;
        }
        let (due, seq) = key(storage(host, self.root));
        Some((due, seq, self.root))
    }

    pub fn contains(&self, host: &dyn Host, token: usize) -> bool {
        token == self.root || storage(host, token).links.prev.get() != 0
    }

    /// Adds a timer whose due time and start order are set, and whose links
    /// are clear.
    pub fn insert(&mut self, host: &dyn Host, token: usize) {
        debug_assert!(!self.contains(host, token));
        self.root = match self.root {
            0 => token,
            root => meld(host, root, token),
        };
        self.len += 1;
    }

    /// Takes the timer out if it is pending, and clears its links.
    pub fn remove(&mut self, host: &dyn Host, token: usize) {
        if !self.contains(host, token) {
            return;
        }
        let node = storage(host, token);
        let children = node.links.child.get();
        if token == self.root {
            self.root = match children {
                0 => 0,
                first => merge_siblings(host, first),
            };
        } else {
            let prev = node.links.prev.get();
            let sibling = node.links.sibling.get();
            let before = storage(host, prev);
            if before.links.child.get() == token {
                before.links.child.set(sibling);
            } else {
                before.links.sibling.set(sibling);
            }
            if sibling != 0 {
                storage(host, sibling).links.prev.set(prev);
            }
            if children != 0 {
                let subtree = merge_siblings(host, children);
                self.root = meld(host, self.root, subtree);
            }
        }
        node.links.child.set(0);
        node.links.sibling.set(0);
        node.links.prev.set(0);
        self.len -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::handle::{HeapLinks, LentTimer};
    use crate::engine::{Event, HandleId, Kind, Loop};
    use std::cell::Cell;

    /// A host that lends timers from a table: token `i + 1` is entry `i`.
    struct TableHost {
        timers: Vec<(LentTimer, HeapLinks)>,
        counters: [Cell<u32>; 3],
    }

    impl TableHost {
        fn new(n: usize) -> TableHost {
            let timers = (0..n)
                .map(|_| {
                    let timer = LentTimer::zeroed();
                    let links = HeapLinks {
                        child: Cell::new(0),
                        sibling: Cell::new(0),
                        prev: Cell::new(0),
                    };
                    (timer, links)
                })
                .collect();
            TableHost {
                timers,
                counters: Default::default(),
            }
        }

        fn set_key(&self, token: usize, due: u64, seq: u64) {
            let timer = &self.timers[token - 1].0;
            timer.state.set_due_or_epoch(due);
            timer.seq.set(seq);
        }
    }

    impl Host for TableHost {
        fn active_handles(&self) -> &Cell<u32> {
            &self.counters[0]
        }
        fn active_reqs(&self) -> &Cell<u32> {
            &self.counters[1]
        }
        fn stop_flag(&self) -> &Cell<u32> {
            &self.counters[2]
        }
        fn fire(&self, _: &Loop, _: HandleId, _: usize, _: Kind, _: &Event<'_>) {}
        fn closed(&self, _: &Loop, _: usize, _: Kind) {}
        fn work_done(&self, _: &Loop, _: usize, _: i32) {}
        fn lent_timer(&self, token: usize) -> Option<TimerStorage<'_>> {
            let (timer, links) = self.timers.get(token.checked_sub(1)?)?;
            Some(TimerStorage { timer, links })
        }
    }

    fn drain(heap: &mut LentTimers, host: &TableHost) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some((_, _, token)) = heap.peek(host) {
            heap.remove(host, token);
            out.push(token);
        }
        assert_eq!(heap.len(), 0);
        out
    }

    #[test]
    fn orders_by_due_then_start_order() {
        let host = TableHost::new(4);
        let mut heap = LentTimers::default();
        for (token, due, seq) in [(1, 10, 3), (2, 5, 4), (3, 10, 1), (4, 10, 2)] {
            host.set_key(token, due, seq);
            heap.insert(&host, token);
        }
        assert_eq!(drain(&mut heap, &host), vec![2, 3, 4, 1]);
    }

    #[test]
    fn matches_a_sorted_reference_under_random_churn() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let host = TableHost::new(512);
        let mut heap = LentTimers::default();
        let mut reference: Vec<(u64, u64, usize)> = Vec::new();
        let mut seq = 0;
        for _ in 0..20_000 {
            let token = (next() % 512) as usize + 1;
            if heap.contains(&host, token) {
                heap.remove(&host, token);
                reference.retain(|&(_, _, t)| t != token);
            } else {
                let due = next() % 64;
                host.set_key(token, due, seq);
                heap.insert(&host, token);
                reference.push((due, seq, token));
                seq += 1;
            }
            if next() % 7 == 0 {
                reference.sort_unstable();
                if let Some(&(due, s, token)) = reference.first() {
                    assert_eq!(heap.peek(&host), Some((due, s, token)));
                    heap.remove(&host, token);
                    reference.remove(0);
                }
            }
            assert_eq!(heap.len(), reference.len());
        }
        reference.sort_unstable();
        let expected: Vec<usize> = reference.iter().map(|&(_, _, t)| t).collect();
        assert_eq!(drain(&mut heap, &host), expected);
    }
}
