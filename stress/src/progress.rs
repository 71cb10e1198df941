//! The live progress bar: elapsed time (or operations done) against the
//! run's bound, and the current rate. Drawn on stderr only when stderr is
//! a terminal; otherwise nothing at all is drawn.

use crate::report::human_bytes;
use crate::run::Ctx;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::Cell;
use std::io::IsTerminal;
use std::time::Instant;

pub struct Progress {
    bar: Option<ProgressBar>,
    /// Counts at the previous tick, for the current rate.
    last: Cell<(Instant, u64, u64)>,
}

impl Progress {
    /// A bar if stderr is a terminal and `wanted`; a no-op otherwise.
    pub fn new(ctx: &Ctx, wanted: bool) -> Progress {
        let last = Cell::new((Instant::now(), 0, 0));
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress { bar: None, last };
        }
        // Bounded by time, the bar counts milliseconds; by count alone,
        // operations started.
        let (len, template) = match (ctx.budget.deadline(), ctx.budget.limit()) {
            (Some(deadline), _) => (
                deadline
                    .saturating_duration_since(Instant::now())
                    .as_millis() as u64,
                "{elapsed:>4} [{bar:30}] {msg}",
            ),
            (None, count) => (
                count.unwrap_or(0),
                "{elapsed:>4} [{bar:30}] {pos}/{len} ops {msg}",
            ),
        };
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar: Some(bar),
            last,
        }
    }

    pub fn tick(&self, ctx: &Ctx) {
        let Some(bar) = &self.bar else {
            return;
        };
        let now = Instant::now();
        match ctx.budget.deadline() {
            Some(_) => bar.set_position(now.duration_since(ctx.stats.start()).as_millis() as u64),
            None => bar.set_position(ctx.budget.issued()),
        }
        let (ops, bytes) = (ctx.stats.total_operations(), ctx.stats.total_bytes());
        let (then, last_ops, last_bytes) = self.last.replace((now, ops, bytes));
        let secs = now.duration_since(then).as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{:.0} ops/s, {}/s, {} ops",
            (ops - last_ops) as f64 / secs,
            human_bytes((bytes - last_bytes) as f64 / secs),
            ops
        ));
    }

    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
