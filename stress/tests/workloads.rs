//! A short run of each workload, and of each fault, through the binary:
//! every byte verified, nothing lost, the JSON report as documented.
//! Runs are bounded by --count (or --duration 1) and stay on loopback.

use ruv_stress::report::Report;
use serde_json::Value;
use std::process::Command;

/// Runs the binary with `--json`; returns the exit code and the report.
fn run(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_ruv-stress"))
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})\n{stdout}\n{stderr}"));
    (out.status.code().unwrap_or(-1), report)
}

/// A clean run: exit 0, work done, every block verified, nothing lost.
fn clean(args: &[&str]) -> Value {
    let (code, report) = run(args);
    let pretty = serde_json::to_string_pretty(&report).unwrap();
    assert_eq!(code, 0, "{args:?}\n{pretty}");
    assert_eq!(report["outcome"], "ok", "{pretty}");
    assert_eq!(report["integrity"]["data_loss"], false, "{pretty}");
    assert_eq!(report["integrity"]["mismatches"], 0, "{pretty}");
    assert_eq!(report["integrity"]["lost"], 0, "{pretty}");
    assert!(report["integrity"]["verified_blocks"].as_u64().unwrap() > 0);
    assert!(report["totals"]["operations"].as_u64().unwrap() > 0);
    assert_eq!(report["errors"], serde_json::json!({}), "{pretty}");
    report
}

fn op<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|op| op["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

#[test]
fn the_json_report_has_the_documented_schema() {
    let report = clean(&["tcp", "--count", "500", "--connections", "2"]);
    // Everything the README documents, with its type.
    assert_eq!(report["schema_version"], 1);
    assert!(report["tool"].as_str().unwrap().starts_with("ruv-stress "));
    assert_eq!(report["workload"], "tcp");
    assert_eq!(report["settings"]["connections"], 2);
    assert_eq!(report["settings"]["count"], 500);
    assert!(report["settings"]["rate"].is_null(), "unlimited is null");
    assert!(report["seconds"].as_f64().unwrap() > 0.0);
    assert!(report["pool_threads"].as_u64().unwrap() >= 1);
    for key in ["operations", "bytes", "ops_per_sec", "bytes_per_sec"] {
        assert!(report["totals"][key].is_number(), "totals.{key}");
    }
    let echo = op(&report, "tcp echo");
    assert_eq!(echo["count"], 500, "--count 500 is exactly 500 echoes");
    assert_eq!(echo["bytes"], 500 * 4096);
    for key in ["p50", "p90", "p99", "p999", "max", "mean"] {
        assert!(
            echo["latency_us"][key].as_f64().unwrap() > 0.0,
            "latency.{key}"
        );
    }
    let l = &echo["latency_us"];
    assert!(l["p50"].as_f64() <= l["p99"].as_f64() && l["p99"].as_f64() <= l["max"].as_f64());
    let seconds = report["per_second"].as_array().unwrap();
    assert_eq!(seconds[0]["second"], 1);
    let summed: u64 = seconds
        .iter()
        .map(|s| s["operations"].as_u64().unwrap())
        .sum();
    assert_eq!(summed, 500);
    assert!(report["errors"].is_object());
    for key in [
        "verified_blocks",
        "verified_bytes",
        "mismatches",
        "lost",
        "late_replies",
    ] {
        assert!(report["integrity"][key].is_u64(), "integrity.{key}");
    }
    assert_eq!(report["integrity"]["verified_blocks"], 500);
    assert!(report["faults"].is_object());
    assert!(report["queue_peaks"]["client_write_queue_bytes"].is_u64());
    let engine = &report["engine"];
    assert!(engine["pool_workers"].as_u64().unwrap() >= 1);
    assert!(engine["loop_iterations"].as_u64().unwrap() > 0);
    for key in [
        "pool_queue_depth_peak",
        "loop_wakeups",
        "pool_completions",
        "emfile_events",
    ] {
        assert!(engine[key].is_u64(), "engine.{key}");
    }
    assert!(engine["wakeups_per_operation"].is_number());
    assert!(engine["pool"].is_object());
    for key in ["p50", "p90", "p99", "max", "mean"] {
        assert!(
            engine["timer_lag_us"][key].is_number(),
            "engine.timer_lag_us.{key}"
        );
    }
    assert_eq!(report["exit_code"], 0);
    // And it reads back into the tool's own type.
    let typed: Report = serde_json::from_value(report).unwrap();
    assert_eq!(typed.schema_version, ruv_stress::report::SCHEMA_VERSION);
}

#[test]
fn tcp_echo_for_one_second() {
    let report = clean(&[
        "tcp",
        "--duration",
        "1",
        "--connections",
        "4",
        "--in-flight",
        "2",
    ]);
    assert!(op(&report, "tcp echo")["count"].as_u64().unwrap() > 0);
}

#[test]
fn tcp_at_a_target_rate() {
    let report = clean(&[
        "tcp",
        "--count",
        "200",
        "--rate",
        "1000",
        "--connections",
        "2",
    ]);
    // 200 echoes at 1000/s take about 0.2 s, not the instant they would.
    assert!(report["seconds"].as_f64().unwrap() >= 0.15, "{report}");
}

#[test]
fn udp_echo() {
    let report = clean(&["udp", "--count", "2000", "--connections", "4"]);
    assert_eq!(op(&report, "udp echo")["count"], 2000);
}

#[test]
fn pipe_echo() {
    let report = clean(&["pipe", "--count", "2000", "--message-size", "1000"]);
    assert_eq!(op(&report, "pipe echo")["count"], 2000);
}

#[test]
fn fs_random_and_sequential() {
    let small = ["--file-size", "256k", "--files", "2", "--count", "2000"];
    let report = clean(&[&["fs", "--fsync-every", "50"][..], &small].concat());
    let (reads, writes) = (op(&report, "fs read"), op(&report, "fs write"));
    let done = reads["count"].as_u64().unwrap() + writes["count"].as_u64().unwrap();
    assert_eq!(done, 2000);
    assert!(op(&report, "fs fsync")["count"].as_u64().unwrap() > 0);
    // The final pass reads all 128 blocks back, beyond the run's reads.
    let verified = report["integrity"]["verified_blocks"].as_u64().unwrap();
    assert_eq!(verified, reads["count"].as_u64().unwrap() + 128);

    let seq = [
        &["fs", "--pattern", "sequential", "--mix", "write"][..],
        &small,
    ]
    .concat();
    let report = clean(&seq);
    assert_eq!(op(&report, "fs write")["count"], 2000);
    assert_eq!(report["integrity"]["verified_blocks"], 128);
}

#[test]
fn mixed_is_tcp_and_fs_at_once() {
    let report = clean(&["mixed", "--count", "3000", "--file-size", "256k"]);
    assert!(op(&report, "tcp echo")["count"].as_u64().unwrap() > 0);
    assert!(op(&report, "fs read")["count"].as_u64().unwrap() > 0);
    assert_eq!(report["workload"], "mixed");
}

#[test]
fn server_serves_until_the_end() {
    let report = clean_server(&[
        "server",
        "--addr",
        "127.0.0.1:0",
        "--udp",
        "--duration",
        "1",
    ]);
    assert_eq!(report["workload"], "server");
}

/// A server nobody talks to does no work: it only has to end cleanly.
fn clean_server(args: &[&str]) -> Value {
    let (code, report) = run(args);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["outcome"], "ok");
    report
}

#[test]
fn resets_mid_stream_are_survived() {
    let report = clean(&[
        "tcp",
        "--count",
        "20000",
        "--reset-ratio",
        "0.5",
        "--seed",
        "3",
    ]);
    let reset = &report["faults"]["reset"];
    assert!(reset["connections_reset"].as_u64().unwrap() > 0, "{report}");
    assert!(reset["server_saw_reset"].is_u64());
}

#[test]
fn slow_readers_make_queues_that_drain() {
    let report = clean(&[
        "pipe",
        "--duration",
        "1",
        "--slow-reader",
        "--connections",
        "2",
        "--in-flight",
        "64",
        "--message-size",
        "64k",
    ]);
    assert!(
        report["faults"]["slow_reader"]["reader_pauses"]
            .as_u64()
            .unwrap()
            > 0
    );
    // 4 MiB in flight per connection cannot all sit in the kernel.
    let client = report["queue_peaks"]["client_write_queue_bytes"]
        .as_u64()
        .unwrap();
    assert!(client > 0, "{report}");
}

#[test]
fn the_loop_survives_running_out_of_descriptors() {
    // 64 connections need 128 descriptors on this side alone.
    let report = clean(&[
        "tcp",
        "--count",
        "20000",
        "--connections",
        "64",
        "--fd-limit",
        "64",
    ]);
    let fd = &report["faults"]["fd_limit"];
    let hits = ["connects_refused", "accepts_refused", "connections_shed"]
        .iter()
        .map(|k| fd[k].as_u64().unwrap())
        .sum::<u64>();
    assert!(hits > 0, "{report}");
    // ... and the connections that got descriptors were served all along.
    assert!(
        op(&report, "tcp echo")["count"].as_u64().unwrap() > 1000,
        "{report}"
    );
}

#[test]
fn cancelled_file_requests_are_survived() {
    // One worker and 16 requests in flight: most requests are still queued
    // when cancelled.
    let report = clean(&[
        "fs",
        "--count",
        "3000",
        "--cancel-ratio",
        "0.5",
        "--threads-pool",
        "1",
        "--file-size",
        "256k",
    ]);
    let fs = &report["engine"]["pool"]["fs"];
    assert!(fs["requests"].as_u64().unwrap() > 0, "{report}");
    for key in ["queue_wait_us", "run_us"] {
        assert!(
            fs[key]["p99"].as_f64().unwrap() > 0.0,
            "engine.pool.fs.{key}"
        );
    }
    let cancel = &report["faults"]["cancel"];
    assert!(cancel["cancelled"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(cancel["cancelled"], cancel["callbacks_canceled"]);
    let requested = cancel["requested"].as_u64().unwrap();
    let outcomes = cancel["cancelled"].as_u64().unwrap() + cancel["too_late"].as_u64().unwrap();
    assert_eq!(requested, outcomes);
}
