//! `ruv::net::dns`: lookups and reverse lookups, on the calling thread and
//! on the pool, with libuv's refusals and error codes. Only numeric
//! addresses and `localhost` are looked up: no test needs the network.

mod util;

use ruv::net::dns::{self, Family, LookupOptions, NameFlags, NameInfo, SocketType};
use ruv::{Loop, RunMode, WorkRequest};
use std::net::SocketAddr;
use std::sync::{mpsc, Arc, Mutex};
use util::*;

/// The pool is shared by the tests here; the one that blocks every worker
/// must not have company while it does.
static POOL_LOCK: Mutex<()> = Mutex::new(());

fn pool_lock() -> std::sync::MutexGuard<'static, ()> {
    POOL_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn addr(text: &str) -> SocketAddr {
    text.parse().unwrap()
}

fn err_name<T: std::fmt::Debug>(result: ruv::Result<T>) -> &'static str {
    result.unwrap_err().name()
}

#[test]
fn numeric_hosts_resolve_to_themselves_with_the_port() {
    assert_eq!(
        dns::lookup_host("127.0.0.1", 80).unwrap(),
        [addr("127.0.0.1:80")]
    );
    assert_eq!(dns::lookup_host("::1", 443).unwrap(), [addr("[::1]:443")]);
    assert_eq!(
        dns::lookup_host("10.1.2.3", 0).unwrap(),
        [addr("10.1.2.3:0")]
    );
}

#[test]
fn localhost_is_loopback() {
    let addrs = dns::lookup_host("localhost", 8080).unwrap();
    assert!(!addrs.is_empty());
    assert!(
        addrs
            .iter()
            .all(|a| a.ip().is_loopback() && a.port() == 8080),
        "{addrs:?}"
    );
}

#[test]
fn bad_names_are_refused_before_any_lookup() {
    assert_eq!(err_name(dns::lookup_host("", 80)), "EINVAL");
    assert_eq!(err_name(dns::lookup_host("a\0b", 80)), "EINVAL");
    assert_eq!(err_name(dns::lookup_host(&"a".repeat(256), 80)), "EINVAL");
    // 250 x U+00FC becomes 256 bytes of Punycode: too long.
    assert_eq!(err_name(dns::lookup_host(&"ü".repeat(250), 80)), "EINVAL");
    let both_missing = dns::lookup(None, None, &LookupOptions::new());
    assert_eq!(err_name(both_missing), "EINVAL");
    let service_with_nul = dns::lookup(None, Some("8\x000"), &LookupOptions::new());
    assert_eq!(err_name(service_with_nul), "EINVAL");
}

#[test]
fn names_are_converted_to_ascii_first() {
    // The ideographic full stop separates labels, as "." does.
    let numeric = LookupOptions::new().numeric_host(true);
    let addrs = dns::lookup(Some("127。0。0。1"), Some("7"), &numeric).unwrap();
    assert_eq!(addrs, [addr("127.0.0.1:7")]);
    // A non-ASCII name is valid (it becomes "xn--..."), just not numeric.
    let err = dns::lookup(Some("bücher.example"), None, &numeric);
    assert_eq!(err_name(err), "EAI_NONAME");
}

#[test]
fn options_shape_the_lookup() {
    let v4 = LookupOptions::new().family(Family::Ipv4);
    let v6 = LookupOptions::new().family(Family::Ipv6);
    assert_eq!(
        dns::lookup(None, Some("8080"), &v4).unwrap(),
        [addr("127.0.0.1:8080")]
    );
    assert_eq!(
        dns::lookup(None, Some("8080"), &v6).unwrap(),
        [addr("[::1]:8080")]
    );
    let any = dns::lookup(None, Some("8080"), &v4.passive(true)).unwrap();
    assert_eq!(any, [addr("0.0.0.0:8080")]);
    let any = dns::lookup(None, Some("8080"), &v6.passive(true)).unwrap();
    assert_eq!(any, [addr("[::]:8080")]);

    let mapped = v6.v4_mapped(true).numeric_host(true);
    let addrs = dns::lookup(Some("127.0.0.1"), Some("1"), &mapped).unwrap();
    assert_eq!(addrs, [addr("[::ffff:127.0.0.1]:1")]);

    // One entry per socket type when any type is asked for.
    let every_type = LookupOptions::new().socket_type(SocketType::Any);
    let addrs = dns::lookup(Some("::1"), Some("9"), &every_type).unwrap();
    assert_eq!(addrs, [addr("[::1]:9"); 3]);
    let dgram = LookupOptions::new().socket_type(SocketType::Datagram);
    assert_eq!(
        dns::lookup(Some("::1"), Some("9"), &dgram).unwrap(),
        [addr("[::1]:9")]
    );

    let numeric = LookupOptions::new().numeric_host(true);
    assert_eq!(
        err_name(dns::lookup(Some("localhost"), None, &numeric)),
        "EAI_NONAME"
    );
    let numeric_service = LookupOptions::new().numeric_service(true);
    let err = dns::lookup(Some("127.0.0.1"), Some("http"), &numeric_service);
    assert_eq!(err_name(err), "EAI_NONAME");
    let err = dns::lookup(Some("::1"), None, &v4.numeric_host(true));
    assert_eq!(err_name(err), "EAI_ADDRFAMILY");
    // Turning a flag off again.
    let off = numeric.numeric_host(false);
    assert_eq!(off, LookupOptions::new());
}

#[test]
fn reverse_lookups_of_numeric_addresses() {
    let numeric = NameFlags::NUMERIC_HOST | NameFlags::NUMERIC_SERVICE;
    let names = dns::lookup_addr(addr("127.0.0.1:80"), numeric).unwrap();
    assert_eq!(
        names,
        NameInfo {
            host: "127.0.0.1".into(),
            service: "80".into()
        }
    );
    let names = dns::lookup_addr(addr("[::1]:8080"), numeric | NameFlags::DATAGRAM).unwrap();
    assert_eq!(
        (names.host.as_str(), names.service.as_str()),
        ("::1", "8080")
    );
    assert_eq!(numeric.bits(), libc::NI_NUMERICHOST | libc::NI_NUMERICSERV);
}

#[test]
fn async_lookups_call_back_on_the_loop_thread() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let loop_thread = std::thread::current().id();
    let log = Log::new();
    let on_loop = move || assert_eq!(std::thread::current().id(), loop_thread);

    let l = log.clone();
    dns::lookup_host_async(&lp, "::1", 443, move |_, result| {
        on_loop();
        l.push(format!("host: {:?}", result.unwrap()));
    })
    .unwrap();
    let l = log.clone();
    let numeric = LookupOptions::new().numeric_host(true);
    dns::lookup_async(&lp, Some("localhost"), None, &numeric, move |_, result| {
        on_loop();
        l.push(format!("numeric only: {}", result.unwrap_err().name()));
    })
    .unwrap();
    let l = log.clone();
    let flags = NameFlags::NUMERIC_HOST | NameFlags::NUMERIC_SERVICE;
    dns::lookup_addr_async(&lp, addr("127.0.0.1:53"), flags, move |lp, result| {
        on_loop();
        let names = result.unwrap();
        l.push(format!("reverse: {} {}", names.host, names.service));
        // Chain the next lookup from the callback.
        let l = l.clone();
        dns::lookup_host_async(lp, "127.0.0.1", 1, move |_, result| {
            l.push(format!("chained: {:?}", result.unwrap()));
        })
        .unwrap();
    })
    .unwrap();
    assert!(lp.alive(), "pending lookups keep the loop alive");
    assert!(!lp.run(RunMode::Default));
    let mut entries = log.take();
    entries.sort();
    assert_eq!(
        entries,
        [
            "chained: [127.0.0.1:1]",
            "host: [[::1]:443]",
            "numeric only: EAI_NONAME",
            "reverse: 127.0.0.1 53",
        ]
    );
}

#[test]
fn async_refusals_return_at_once_and_never_call_back() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let calls = Counter::new();
    let c = calls.clone();
    let err = dns::lookup_host_async(&lp, "", 1, move |_, _| {
        c.bump();
    });
    assert_eq!(err.unwrap_err().name(), "EINVAL");
    let c = calls.clone();
    let err = dns::lookup_async(&lp, None, None, &LookupOptions::new(), move |_, _| {
        c.bump();
    });
    assert_eq!(err.unwrap_err().name(), "EINVAL");
    assert!(!lp.alive());
    assert!(!lp.run(RunMode::Default));
    assert_eq!(calls.get(), 0);
}

#[test]
fn cancelled_lookups_get_eai_canceled() {
    let _pool = pool_lock();
    let (lp, _guard) = guarded_loop();
    let workers = ruv::pool_size();

    // Occupy every worker with work that waits for our word.
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let release_rx = Arc::new(Mutex::new(release_rx));
    for _ in 0..workers {
        let started = started_tx.clone();
        let release = Arc::clone(&release_rx);
        lp.queue_work(
            move || {
                started.send(()).unwrap();
                // Err (the sender gone) releases as well as a message.
                let _ = release.lock().unwrap().recv_timeout(GUARD);
            },
            |_, result| result.unwrap(),
        )
        .unwrap();
    }
    for _ in 0..workers {
        recv(&started_rx);
    }

    let log = Log::new();
    let outcome = |name: &'static str, log: &Log| {
        let log = log.clone();
        move |_: &Loop, result: ruv::Result<Vec<SocketAddr>>| match result {
            Ok(addrs) => log.push(format!("{name}: {addrs:?}")),
            Err(err) => log.push(format!("{name}: {}", err.name())),
        }
    };
    let first: WorkRequest =
        dns::lookup_host_async(&lp, "127.0.0.1", 1, outcome("first", &log)).unwrap();
    let l = log.clone();
    let flags = NameFlags::NUMERIC_HOST;
    let reverse = dns::lookup_addr_async(&lp, addr("[::1]:1"), flags, move |_, result| {
        l.push(format!("reverse: {}", result.unwrap_err().name()));
    })
    .unwrap();
    dns::lookup_host_async(&lp, "127.0.0.1", 3, outcome("kept", &log)).unwrap();
    assert_eq!(first.cancel(), Ok(()));
    assert_eq!(reverse.cancel(), Ok(()));
    // Again before the callback ran, as libuv allows.
    assert_eq!(first.cancel(), Ok(()));

    drop(release_tx);
    assert!(!lp.run(RunMode::Default));
    let mut entries = log.take();
    entries.sort();
    assert_eq!(
        entries,
        [
            "first: EAI_CANCELED",
            "kept: [127.0.0.1:3]",
            "reverse: EAI_CANCELED"
        ]
    );
    assert_eq!(first.cancel().unwrap_err().name(), "EBUSY");
}
