//! The pending timers: a binary min-heap ordered by (due time, start order),
//! with each slot's heap position remembered so stopping a timer is
//! O(log n) instead of a search.

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

    /// The earliest timer: (due, slot index).
    pub fn peek(&self) -> Option<(u64, u32)> {
        self.entries.first().map(|e| (e.due, e.slot))
    }

    pub fn insert(&mut self, slot: u32, due: u64, seq: u64) {
        debug_assert!(!self.contains(slot));
        if self.position.len() <= slot as usize {
            self.position.resize(slot as usize + 1, ABSENT);
        }
        self.entries.push(Entry { due, seq, slot });
        let at = self.entries.len() - 1;
        self.position[slot as usize] = at as u32;
        self.sift_up(at);
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
        if at < self.entries.len() {
            self.entries[at] = last;
            self.position[last.slot as usize] = at as u32;
            // The moved entry may belong above or below its new place.
            self.sift_up(at);
            let now_at = self.position[last.slot as usize] as usize;
            self.sift_down(now_at);
        }
    }

    fn sift_up(&mut self, mut at: usize) {
        while at > 0 {
            let parent = (at - 1) / 2;
            if self.entries[parent].key() <= self.entries[at].key() {
                break;
            }
            self.swap(at, parent);
            at = parent;
        }
    }

    fn sift_down(&mut self, mut at: usize) {
        let len = self.entries.len();
        loop {
            let left = 2 * at + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.entries[right].key() < self.entries[left].key() {
                right
            } else {
                left
            };
            if self.entries[at].key() <= self.entries[child].key() {
                break;
            }
            self.swap(at, child);
            at = child;
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.entries.swap(a, b);
        self.position[self.entries[a].slot as usize] = a as u32;
        self.position[self.entries[b].slot as usize] = b as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(heap: &mut TimerHeap) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some((_, slot)) = heap.peek() {
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
}
