//! Argument parsing, and what bad input gets: one line on stderr, exit
//! status 2, never a panic.

use clap::Parser;
use ruv_stress::cli::{Cli, Command, MixedArgs, Pattern};
use std::process::Command as Process;
use std::time::Duration;

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("ruv-stress").chain(args.iter().copied()))
}

#[test]
fn no_subcommand_means_the_mixed_defaults() {
    let cli = parse(&[]).unwrap();
    assert!(cli.command.is_none());
    assert_eq!(cli.run.duration, None);
    let mixed = MixedArgs::defaults();
    assert_eq!(mixed.stream.connections, 16);
    assert_eq!(mixed.fs.pattern, Pattern::Random);
    assert_eq!(mixed.fs.mix, 50);
}

#[test]
fn tcp_options_and_global_options_anywhere() {
    let cli = parse(&[
        "--json",
        "tcp",
        "--connections",
        "3",
        "--message-size",
        "64k",
        "--in-flight",
        "2",
        "--rate",
        "500",
        "--reset-ratio",
        "0.25",
        "--duration",
        "1500ms",
        "--threads-pool",
        "2",
    ])
    .unwrap();
    assert!(cli.run.json);
    assert_eq!(cli.run.duration, Some(Duration::from_millis(1500)));
    assert_eq!(cli.run.threads_pool, Some(2));
    let Some(Command::Tcp(tcp)) = cli.command else {
        panic!("not tcp")
    };
    assert_eq!(tcp.stream.connections, 3);
    assert_eq!(tcp.stream.message_size, 65536);
    assert_eq!(tcp.stream.in_flight, 2);
    assert_eq!(tcp.stream.rate, 500.0);
    assert_eq!(tcp.reset_ratio, 0.25);
    assert_eq!(tcp.addr.to_string(), "127.0.0.1:0");
}

#[test]
fn fs_options() {
    let cli = parse(&[
        "fs",
        "--pattern",
        "sequential",
        "--mix",
        "70/30",
        "--block-size",
        "8k",
        "--file-size",
        "1M",
        "--files",
        "2",
        "--in-flight",
        "8",
        "--fsync-every",
        "10",
        "--cancel-ratio",
        "0.1",
        "--count",
        "100",
    ])
    .unwrap();
    assert_eq!(cli.run.count, Some(100));
    let Some(Command::Fs(fs)) = cli.command else {
        panic!("not fs")
    };
    assert_eq!(fs.fs.pattern, Pattern::Sequential);
    assert_eq!(fs.fs.mix, 70);
    assert_eq!(fs.fs.block_size, 8192);
    assert_eq!(fs.fs.file_size, 1 << 20);
    assert_eq!((fs.fs.files, fs.in_flight, fs.fs.fsync_every), (2, 8, 10));
    assert_eq!(fs.fs.cancel_ratio, 0.1);
}

#[test]
fn nonsense_is_refused_by_the_parser() {
    for args in [
        &["bogus"][..],
        &["tcp", "--message-size", "-5"],
        &["fs", "--block-size", "-1"],
        &["tcp", "--connections", "0"],
        &["tcp", "--reset-ratio", "2"],
        &["fs", "--mix", "sideways"],
        &["fs", "--pattern", "zigzag"],
        &["udp", "--addr", "nowhere"],
        &["--duration", "soon"],
    ] {
        assert!(parse(args).is_err(), "{args:?} was accepted");
    }
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Process::new(env!("CARGO_BIN_EXE_ruv-stress"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_input_gets_one_line_and_exit_status_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["bogus"], "unrecognized subcommand 'bogus'"),
        (&["tcp", "--message-size", "-5"], "must not be negative"),
        (&["fs", "--block-size", "-1"], "must not be negative"),
        (&["tcp", "--message-size", "8"], "too small"),
        (
            &["fs", "--file-size", "5000"],
            "whole number of 4096-byte blocks",
        ),
        (&["udp", "--message-size", "70000"], "more than 65507"),
        // Not an address of this machine: bind fails before any traffic.
        (
            &["tcp", "--addr", "192.0.2.1:9", "--count", "1"],
            "cannot bind 192.0.2.1:9",
        ),
        (
            &["server", "--addr", "192.0.2.1:9", "--count", "1"],
            "cannot bind",
        ),
        (
            &["fs", "--dir", "/dev/null", "--count", "1"],
            "cannot make a directory in /dev/null",
        ),
        (
            &["pipe", "--dir", "/nonexistent/dir", "--count", "1"],
            "cannot make a directory",
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?} printed {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("ruv-stress: "), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_and_version_exit_0() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for word in [
        "tcp",
        "udp",
        "pipe",
        "fs",
        "mixed",
        "server",
        "--duration",
        "--json",
    ] {
        assert!(stdout.contains(word), "help lacks {word}");
    }
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("ruv-stress "));
}
