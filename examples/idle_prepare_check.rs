//! Where idle, prepare and check handles run within one loop iteration:
//! timers, idle, prepare, (wait for I/O), check, close callbacks.
//!
//! Run with `cargo run --example idle_prepare_check`.

use ruv::{Check, Idle, Loop, Prepare, RunMode, Timer};
use std::cell::Cell;
use std::rc::Rc;

fn main() -> ruv::Result<()> {
    let lp = Loop::new()?;
    // The iteration number, advanced by the check handle at the end of each.
    let iteration = Rc::new(Cell::new(1u32));

    // A due timer runs first, in the first iteration.
    let timer = Timer::new(&lp)?;
    let it = Rc::clone(&iteration);
    timer.start(std::time::Duration::ZERO, None, move |_| {
        println!("iteration {}: timer", it.get());
    })?;

    // An idle handle runs every iteration and, while active, keeps the
    // loop from blocking in its wait for I/O.
    let idle = Idle::new(&lp)?;
    let it = Rc::clone(&iteration);
    idle.start(move |_| println!("iteration {}: idle", it.get()))?;

    // Prepare runs just before the wait for I/O...
    let prepare = Prepare::new(&lp)?;
    let it = Rc::clone(&iteration);
    prepare.start(move |_| println!("iteration {}: prepare (about to poll for I/O)", it.get()))?;

    // ...and check just after it. After three iterations the check handle
    // closes everything, and the close callbacks end that iteration.
    let check = Check::new(&lp)?;
    let it = Rc::clone(&iteration);
    let (idle2, prepare2) = (idle.clone(), prepare.clone());
    check.start(move |me| {
        let n = it.get();
        println!("iteration {n}: check (just polled)");
        if n == 3 {
            idle2.close(move || println!("iteration {n}: close callback of idle"));
            prepare2.close(move || println!("iteration {n}: close callback of prepare"));
            me.close(move || println!("iteration {n}: close callback of check"));
        }
        it.set(n + 1);
    })?;

    lp.run(RunMode::Default);
    println!("done: handles closed most recent first, as in libuv");
    Ok(())
}
