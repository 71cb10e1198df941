//! The clock a bench batch is timed with.
//!
//! By default wall time, as criterion reports it. With `RUV_BENCH_CLOCK=cpu`,
//! the CPU time the whole process used during the batch (every thread:
//! the loop, pool workers, tokio's blocking threads), through
//! `CLOCK_PROCESS_CPUTIME_ID`: criterion's "time" is then CPU time per
//! operation and "thrpt" operations per CPU-second. On a shared machine
//! that is far steadier than wall time, since time spent waiting for a
//! core does not count; it measures what an operation costs, not how fast
//! one machine got through them.

use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
pub enum Clock {
    Wall(Instant),
    Cpu(Duration),
}

fn process_cpu_time() -> Duration {
    Duration::from_nanos(ruv::sys::time::process_cpu_time())
}

fn cpu_selected() -> bool {
    std::env::var("RUV_BENCH_CLOCK").is_ok_and(|v| v == "cpu")
}

impl Clock {
    /// Starts timing a batch.
    pub fn start() -> Clock {
        if cpu_selected() {
            Clock::Cpu(process_cpu_time())
        } else {
            Clock::Wall(Instant::now())
        }
    }

    /// The time since `start`, on the same clock.
    pub fn elapsed(self) -> Duration {
        match self {
            Clock::Wall(began) => began.elapsed(),
            Clock::Cpu(began) => process_cpu_time().saturating_sub(began),
        }
    }
}
