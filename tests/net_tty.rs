//! The Rust Tty handle on a pseudo-terminal: reopening, reading what the
//! master end writes, writing through the line discipline, modes, window
//! size, and descriptors that are refused.

use ruv::net::{Tty, TtyMode};
use ruv::sys::tty::open_pty;
use ruv::{Loop, RunMode};
use std::cell::RefCell;
use std::io::{Read, Write};
use std::rc::Rc;

#[test]
fn reads_what_the_master_writes_in_raw_mode() {
    let lp = Loop::new().unwrap();
    let (master, slave) = open_pty().unwrap();
    let tty = Tty::open(&lp, slave).unwrap();
    tty.set_mode(TtyMode::Raw).unwrap();
    let mut master = std::fs::File::from(master);
    // In raw mode a byte is readable at once, no newline needed.
    master.write_all(b"q").unwrap();
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    tty.read_start(move |t, data| {
        sink.borrow_mut().extend_from_slice(data.unwrap());
        t.read_stop().unwrap();
    })
    .unwrap();
    lp.run(RunMode::Default);
    assert_eq!(&*got.borrow(), b"q");

    tty.write(b"out\n".to_vec()).unwrap();
    lp.run(RunMode::Default);
    let mut out = [0; 5];
    master.read_exact(&mut out).unwrap();
    assert_eq!(&out, b"out\r\n");

    tty.set_mode(TtyMode::Normal).unwrap();
    assert_eq!(tty.window_size().unwrap(), (0, 0));
    tty.close(|| ());
    lp.run(RunMode::Default);
}

#[test]
fn files_are_refused_and_pipes_are_not_terminals() {
    let lp = Loop::new().unwrap();
    let file = std::fs::File::open("/proc/self/exe").unwrap();
    assert_eq!(Tty::open(&lp, file).err().unwrap().name(), "EINVAL");
    let (reader, _writer) = std::io::pipe().unwrap();
    let tty = Tty::open(&lp, reader).unwrap();
    assert_eq!(tty.window_size().unwrap_err().name(), "ENOTTY");
    assert_eq!(tty.set_mode(TtyMode::Raw).unwrap_err().name(), "ENOTTY");
    tty.close(|| ());
    lp.run(RunMode::Default);
}
