//! Setting each subcommand's workload up: checking its options, binding
//! its sockets, making its files, then starting it on the loop.

use crate::cli::{
    Command, FsArgs, FsOpts as FsCli, MixedArgs, PipeArgs, ServerArgs, StreamArgs, TcpArgs, UdpArgs,
};
use crate::fs::{FsFiles, FsOpts, FsWork};
use crate::report::{human_bytes, Meta};
use crate::run::{Ctx, Workload};
use crate::stream::client::{ClientOpts, Clients};
use crate::stream::server::{EchoServer, ServerOpts};
use crate::stream::SocketPath;
use crate::udp::{UdpClients, UdpOpts, UdpServer};
use crate::{block, Failure};
use ruv::net::{Pipe, PipeListener, TcpListener, TcpStream};
use std::any::Any;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Largest message a stream workload sends.
const MAX_MESSAGE: u64 = 64 << 20;
/// Largest UDP payload over IPv4.
const MAX_DATAGRAM: u64 = 65_507;
const MAX_CONNECTIONS: u64 = 100_000;
const MAX_IN_FLIGHT: u64 = 100_000;

/// A started workload: its parts, what the report says about it, and
/// what must live until the run is over (temporary directories).
pub struct Launched {
    pub parts: Vec<Rc<dyn Workload>>,
    pub meta: Meta,
    pub keep: Vec<Box<dyn Any>>,
}

pub fn launch(ctx: &Rc<Ctx>, command: &Command) -> Result<Launched, Failure> {
    match command {
        Command::Tcp(args) => tcp(ctx, args),
        Command::Udp(args) => udp(ctx, args),
        Command::Pipe(args) => pipe(ctx, args),
        Command::Fs(args) => fs(ctx, args),
        Command::Mixed(args) => mixed(ctx, args),
        Command::Server(args) => server(ctx, args),
    }
}

fn settings(args: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(args).unwrap_or(serde_json::Value::Null)
}

fn limit(name: &str, value: u64, max: u64) -> Result<(), Failure> {
    if value > max {
        return Err(Failure::usage(format!(
            "--{name} {value} is more than {max}"
        )));
    }
    Ok(())
}

fn message_size(name: &str, value: u64, max: u64) -> Result<usize, Failure> {
    if value < block::HEADER as u64 {
        return Err(Failure::usage(format!(
            "--{name} {value} is too small: blocks carry a {}-byte integrity header",
            block::HEADER
        )));
    }
    limit(name, value, max)?;
    Ok(value as usize)
}

fn client_opts(a: &StreamArgs, reset_ratio: f64) -> Result<ClientOpts, Failure> {
    limit("connections", a.connections, MAX_CONNECTIONS)?;
    limit("in-flight", a.in_flight, MAX_IN_FLIGHT)?;
    Ok(ClientOpts {
        connections: a.connections as usize,
        message_size: message_size("message-size", a.message_size, MAX_MESSAGE)?,
        in_flight: a.in_flight as usize,
        rate: a.rate,
        slow_reader: a.slow_reader,
        reset_ratio,
    })
}

fn rate_text(rate: f64) -> String {
    if rate.is_finite() {
        format!("{rate} ops/s target")
    } else {
        "unlimited rate".into()
    }
}

fn stream_summary(o: &ClientOpts, server: &str) -> String {
    let mut s = format!(
        "{} connections x {} in flight, {}-byte messages, {}, {server}",
        o.connections,
        o.in_flight,
        o.message_size,
        rate_text(o.rate)
    );
    if o.reset_ratio > 0.0 {
        s += &format!(", reset ratio {}", o.reset_ratio);
    }
    if o.slow_reader {
        s += ", slow readers";
    }
    s
}

fn bind_failure(addr: impl std::fmt::Display, e: ruv::Error) -> Failure {
    Failure::setup(format!("cannot bind {addr}: {e}"))
}

/// A client workload and the local server it talks to, closed together.
struct Paired {
    clients: Rc<dyn Workload>,
    close_server: Box<dyn Fn()>,
}

impl Workload for Paired {
    fn done(&self) -> bool {
        self.clients.done()
    }

    fn finish(&self, forced: bool) {
        self.clients.finish(forced);
        (self.close_server)();
    }
}

/// A local TCP echo server on `addr`; returns it and the address it got.
fn tcp_server(
    ctx: &Rc<Ctx>,
    addr: SocketAddr,
    opts: ServerOpts,
) -> Result<(Rc<EchoServer<TcpListener>>, SocketAddr), Failure> {
    let listener = TcpListener::bind(&ctx.lp, addr).map_err(|e| bind_failure(addr, e))?;
    let bound = listener.local_addr().map_err(|e| bind_failure(addr, e))?;
    let server = EchoServer::start(ctx, listener, opts)
        .map_err(|e| Failure::setup(format!("cannot listen on {addr}: {e}")))?;
    Ok((server, bound))
}

fn tcp_clients(
    ctx: &Rc<Ctx>,
    a: &StreamArgs,
    target: Option<SocketAddr>,
    addr: SocketAddr,
    reset_ratio: f64,
) -> Result<(Rc<dyn Workload>, String), Failure> {
    let opts = client_opts(a, reset_ratio)?;
    let (server, target, where_) = match target {
        Some(target) => (None, target, format!("echo server at {target}")),
        None => {
            let server_opts = ServerOpts {
                resets_expected: reset_ratio > 0.0,
                record: None,
            };
            let (server, bound) = tcp_server(ctx, addr, server_opts)?;
            (Some(server), bound, format!("echo server on {bound}"))
        }
    };
    let summary = stream_summary(&opts, &where_);
    ctx.begin();
    let clients = Clients::<TcpStream>::start(ctx, target, opts, "tcp echo")
        .map_err(|e| Failure::setup(format!("cannot start the clients: {e}")))?;
    let part = Paired {
        clients,
        close_server: Box::new(move || {
            if let Some(server) = &server {
                server.close();
            }
        }),
    };
    Ok((Rc::new(part), summary))
}

fn tcp(ctx: &Rc<Ctx>, a: &TcpArgs) -> Result<Launched, Failure> {
    let (part, summary) = tcp_clients(ctx, &a.stream, a.target, a.addr, a.reset_ratio)?;
    Ok(Launched {
        parts: vec![part],
        meta: Meta {
            workload: "tcp",
            settings: settings(a),
            summary,
        },
        keep: Vec::new(),
    })
}

/// A temporary directory, removed with everything in it when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(base: Option<&Path>) -> Result<TempDir, Failure> {
        let base = base.map_or_else(std::env::temp_dir, Path::to_path_buf);
        ruv::fs::create_temp_dir(base.join("ruv-stress-"))
            .map(TempDir)
            .map_err(|e| {
                Failure::setup(format!(
                    "cannot make a directory in {}: {e}",
                    base.display()
                ))
            })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = ruv::fs::remove_dir_all(&self.0);
    }
}

fn pipe(ctx: &Rc<Ctx>, a: &PipeArgs) -> Result<Launched, Failure> {
    let opts = client_opts(&a.stream, 0.0)?;
    let dir = TempDir::new(a.dir.as_deref())?;
    let path = dir.0.join("echo.sock");
    let listener =
        PipeListener::bind(&ctx.lp, &path).map_err(|e| bind_failure(path.display(), e))?;
    let server_opts = ServerOpts {
        resets_expected: false,
        record: None,
    };
    let server = EchoServer::start(ctx, listener, server_opts)
        .map_err(|e| Failure::setup(format!("cannot listen on {}: {e}", path.display())))?;
    let summary = stream_summary(&opts, &format!("echo server on {}", path.display()));
    ctx.begin();
    let clients = Clients::<Pipe>::start(ctx, SocketPath(path), opts, "pipe echo")
        .map_err(|e| Failure::setup(format!("cannot start the clients: {e}")))?;
    let part = Paired {
        clients,
        close_server: Box::new(move || server.close()),
    };
    Ok(Launched {
        parts: vec![Rc::new(part)],
        meta: Meta {
            workload: "pipe",
            settings: settings(a),
            summary,
        },
        keep: vec![Box::new(dir)],
    })
}

fn udp(ctx: &Rc<Ctx>, a: &UdpArgs) -> Result<Launched, Failure> {
    limit("connections", a.connections, MAX_CONNECTIONS)?;
    limit("in-flight", a.in_flight, MAX_IN_FLIGHT)?;
    let opts = UdpOpts {
        sockets: a.connections as usize,
        message_size: message_size("message-size", a.message_size, MAX_DATAGRAM)?,
        in_flight: a.in_flight as usize,
        rate: a.rate,
        reply_timeout: a.reply_timeout,
    };
    let (server, target) = match a.target {
        Some(target) => (None, target),
        None => {
            let server =
                UdpServer::start(ctx, a.addr, None).map_err(|e| bind_failure(a.addr, e))?;
            let bound = server.local_addr().map_err(|e| bind_failure(a.addr, e))?;
            (Some(server), bound)
        }
    };
    let summary = format!(
        "{} sockets x {} in flight, {}-byte datagrams, {}, echo socket {target}, reply timeout {:?}",
        opts.sockets,
        opts.in_flight,
        opts.message_size,
        rate_text(opts.rate),
        opts.reply_timeout
    );
    ctx.begin();
    let clients = UdpClients::start(ctx, target, opts)
        .map_err(|e| Failure::setup(format!("cannot start the client sockets: {e}")))?;
    let part = Paired {
        clients,
        close_server: Box::new(move || {
            if let Some(server) = &server {
                server.close();
            }
        }),
    };
    Ok(Launched {
        parts: vec![Rc::new(part)],
        meta: Meta {
            workload: "udp",
            settings: settings(a),
            summary,
        },
        keep: Vec::new(),
    })
}

fn fs_opts(a: &FsCli, in_flight: u64, flag: &str) -> Result<FsOpts, Failure> {
    let block_size = message_size("block-size", a.block_size, MAX_MESSAGE)? as u64;
    if a.file_size < block_size || !a.file_size.is_multiple_of(block_size) {
        return Err(Failure::usage(format!(
            "--file-size {} is not a whole number of {block_size}-byte blocks",
            a.file_size
        )));
    }
    limit("files", a.files, 10_000)?;
    let blocks = a.file_size / block_size * a.files;
    if in_flight >= blocks {
        return Err(Failure::usage(format!(
            "--{flag} {in_flight} needs more than {in_flight} blocks; there are {blocks}"
        )));
    }
    Ok(FsOpts {
        pattern: a.pattern,
        read_percent: a.mix,
        block_size,
        file_size: a.file_size,
        files: a.files,
        in_flight,
        fsync_every: a.fsync_every,
        cancel_ratio: a.cancel_ratio,
    })
}

fn fs_summary(o: &FsOpts, dir: &Path) -> String {
    let mut s = format!(
        "{} {}% reads, {}-byte blocks, {} files of {}, {} in flight, in {}",
        format!("{:?}", o.pattern).to_lowercase(),
        o.read_percent,
        o.block_size,
        o.files,
        human_bytes(o.file_size as f64),
        o.in_flight,
        dir.display()
    );
    if o.fsync_every > 0 {
        s += &format!(", fdatasync every {} writes", o.fsync_every);
    }
    if o.cancel_ratio > 0.0 {
        s += &format!(", cancel ratio {}", o.cancel_ratio);
    }
    s
}

fn make_files(a: &FsCli, opts: &FsOpts) -> Result<FsFiles, Failure> {
    let base = a.dir.clone().unwrap_or_else(std::env::temp_dir);
    FsFiles::create(&base, opts)
}

fn fs(ctx: &Rc<Ctx>, a: &FsArgs) -> Result<Launched, Failure> {
    let opts = fs_opts(&a.fs, a.in_flight, "in-flight")?;
    let files = make_files(&a.fs, &opts)?;
    let summary = fs_summary(&opts, files.dir());
    ctx.begin();
    let work: Rc<dyn Workload> = FsWork::start(ctx, files, opts);
    Ok(Launched {
        parts: vec![work],
        meta: Meta {
            workload: "fs",
            settings: settings(a),
            summary,
        },
        keep: Vec::new(),
    })
}

fn mixed(ctx: &Rc<Ctx>, a: &MixedArgs) -> Result<Launched, Failure> {
    let fs_opts = fs_opts(&a.fs, a.fs_in_flight, "fs-in-flight")?;
    let files = make_files(&a.fs, &fs_opts)?;
    let fs_text = fs_summary(&fs_opts, files.dir());
    // Starts the clock, so the files go first.
    let (tcp, tcp_text) = tcp_clients(ctx, &a.stream, None, a.addr, a.reset_ratio)?;
    let work: Rc<dyn Workload> = FsWork::start(ctx, files, fs_opts);
    Ok(Launched {
        parts: vec![tcp, work],
        meta: Meta {
            workload: "mixed",
            settings: settings(a),
            summary: format!("tcp: {tcp_text}; fs: {fs_text}"),
        },
        keep: Vec::new(),
    })
}

/// The server subcommand: serves until the run is over.
struct Serving {
    ctx: Rc<Ctx>,
    tcp: Rc<EchoServer<TcpListener>>,
    udp: Option<Rc<UdpServer>>,
}

impl Workload for Serving {
    fn done(&self) -> bool {
        let budget = &self.ctx.budget;
        let counted = budget
            .limit()
            .is_some_and(|n| self.ctx.stats.total_operations() >= n);
        counted || !budget.running()
    }

    fn finish(&self, _forced: bool) {
        self.tcp.close();
        if let Some(udp) = &self.udp {
            udp.close();
        }
    }
}

fn server(ctx: &Rc<Ctx>, a: &ServerArgs) -> Result<Launched, Failure> {
    let record = Some(ctx.stats.op("server echo"));
    let opts = ServerOpts {
        resets_expected: true,
        record,
    };
    let (tcp, bound) = tcp_server(ctx, a.addr, opts)?;
    let udp = match a.udp {
        true => {
            let record = Some(ctx.stats.op("server udp echo"));
            Some(UdpServer::start(ctx, bound, record).map_err(|e| bind_failure(bound, e))?)
        }
        false => None,
    };
    let protocols = if a.udp { "tcp and udp" } else { "tcp" };
    eprintln!("ruv-stress: echo server on {bound} ({protocols})");
    ctx.begin();
    let part = Serving {
        ctx: Rc::clone(ctx),
        tcp,
        udp,
    };
    Ok(Launched {
        parts: vec![Rc::new(part)],
        meta: Meta {
            workload: "server",
            settings: settings(a),
            summary: format!(
                "echo server on {bound} ({protocols}); echoes are checked by the clients"
            ),
        },
        keep: Vec::new(),
    })
}
