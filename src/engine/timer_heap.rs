//! The pending timers: a 4-ary min-heap ordered by (due time, start order),
//! with each slot's heap position remembered so stopping a timer is
//! O(log n) instead of a search.
//!
//! Four children per node halve the depth of a binary heap and keep
//! siblings in adjacent cache lines, which is what popping a million timers
//! spends its time on. Sifting moves a hole instead of swapping, so each
//! level costs one write of an entry and of its position.

#[derive(Clone, Copy)]
struct Entry {
    due: u64,
    /// Start order: equal due times fire in the order they were started.
    seq: u64,
    slot: u32,
}

impl Entry {
    fn key(&self) -> (u64, u64) {
        (self.due, self.seq)
    }
}

const ABSENT: u32 = u32::MAX;
const ARITY: usize = 4;

#[derive(Default)]
pub(crate) struct TimerHeap {
    entries: Vec<Entry>,
    /// Heap position of each slot index, or ABSENT.
    position: Vec<u32>,
}

impl TimerHeap {
    pub fn new() -> TimerHeap {
        TimerHeap::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The earliest timer: (due, start order, slot index).
    pub fn peek(&self) -> Option<(u64, u64, u32)> {
        self.entries.first().map(|e| (e.due, e.seq, e.slot))
    }

    pub fn insert(&mut self, slot: u32, due: u64, seq: u64) {
        debug_assert!(!self.contains(slot));
        if self.position.len() <= slot as usize {
            let grown = (slot as usize + 1).max(self.position.len() * 2);
            self.position.resize(grown, ABSENT);
        }
        self.entries.push(Entry { due, seq, slot });
        self.sift_up(self.entries.len() - 1, Entry { due, seq, slot });
    }

    pub fn contains(&self, slot: u32) -> bool {
        self.position
            .get(slot as usize)
            .is_some_and(|&p| p != ABSENT)
    }

    /// Removes the slot's timer if it is pending.
    pub fn remove(&mut self, slot: u32) {
        let Some(&at) = self.position.get(slot as usize) else {
            return;
        };
        if at == ABSENT {
            return;
        }
        let at = at as usize;
        self.position[slot as usize] = ABSENT;
        let last = self.entries.pop().expect("a pending timer is in the heap");
        if at == self.entries.len() {
            return;
        }
        // Refill the hole with the last entry, which may belong above or below.
        if at > 0 && last.key() < self.entries[(at - 1) / ARITY].key() {
            self.sift_up(at, last);
        } else {
            self.sift_down(at, last);
        }
    }

    /// Places `entry` at or above the hole at `at`.
    fn sift_up(&mut self, mut at: usize, entry: Entry) {
        while at > 0 {
            let parent = (at - 1) / ARITY;
            let above = self.entries[parent];
            if above.key() <= entry.key() {
                break;
            }
            self.put(at, above);
            at = parent;
        }
        self.put(at, entry);
    }

    /// Places `entry` at or below the hole at `at`.
    fn sift_down(&mut self, mut at: usize, entry: Entry) {
        let len = self.entries.len();
        loop {
            let first = at * ARITY + 1;
            if first >= len {
                break;
            }
            let last = (first + ARITY).min(len);
            let mut best = first;
            for child in first + 1..last {
                if self.entries[child].key() < self.entries[best].key() {
                    best = child;
                }
            }
            let below = self.entries[best];
            if entry.key() <= below.key() {
                break;
            }
            self.put(at, below);
            at = best;
        }
        self.put(at, entry);
    }

    fn put(&mut self, at: usize, entry: Entry) {
        self.entries[at] = entry;
        self.position[entry.slot as usize] = at as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(heap: &mut TimerHeap) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some((_, _, slot)) = heap.peek() {
            assert!(heap.contains(slot));
            heap.remove(slot);
            out.push(slot);
        }
        out
    }

    #[test]
    fn orders_by_due_then_start_order() {
        let mut heap = TimerHeap::new();
        heap.insert(0, 10, 3);
        heap.insert(1, 5, 4);
        heap.insert(2, 10, 1);
        heap.insert(3, 10, 2);
        assert_eq!(drain(&mut heap), vec![1, 2, 3, 0]);
    }

    #[test]
    fn removal_from_the_middle_keeps_order() {
        let mut heap = TimerHeap::new();
        for slot in 0..100u32 {
            heap.insert(slot, u64::from((slot * 37) % 101), u64::from(slot));
        }
        for slot in (0..100).step_by(3) {
            heap.remove(slot);
        }
        let order = drain(&mut heap);
        let dues: Vec<u64> = order.iter().map(|s| u64::from((s * 37) % 101)).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(order.len(), 100 - 34);
        assert!(order.iter().all(|s| s % 3 != 0));
    }

    #[test]
    fn matches_a_sorted_reference_under_random_churn() {
        // A small deterministic generator: no dependency needed.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut heap = TimerHeap::new();
        let mut reference: Vec<(u64, u64, u32)> = Vec::new();
        let mut seq = 0;
        for _ in 0..20_000 {
            let slot = (next() % 512) as u32;
            if heap.contains(slot) {
                heap.remove(slot);
                reference.retain(|&(_, _, s)| s != slot);
            } else {
                let due = next() % 64;
                heap.insert(slot, due, seq);
                reference.push((due, seq, slot));
                seq += 1;
            }
            if next() % 7 == 0 {
                reference.sort_unstable();
                if let Some(&(due, seq, slot)) = reference.first() {
                    assert_eq!(heap.peek(), Some((due, seq, slot)));
                    heap.remove(slot);
                    reference.remove(0);
                }
            }
        }
        reference.sort_unstable();
        let expected: Vec<u32> = reference.iter().map(|&(_, _, s)| s).collect();
        assert_eq!(drain(&mut heap), expected);
    }
}
