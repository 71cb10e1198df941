//! The command line: subcommands, their options, and the parsers that turn
//! sizes ("4k", "16MiB"), durations ("10s", "500ms"), ratios and rates
//! into values, refusing what makes no sense with a one-line reason.

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How long a run lasts when neither --duration nor --count is given.
pub const DEFAULT_DURATION: Duration = Duration::from_secs(10);

#[derive(Parser, Debug)]
#[command(
    name = "ruv-stress",
    version,
    about = "File and socket workloads through ruv's event loop and thread pool: \
             every byte verified, latencies from an HDR histogram.",
    after_help = "With no subcommand: the mixed workload (a loopback TCP echo server and \
                  clients plus random reads and writes on files in a temporary \
                  directory) for 10 seconds.\n\nExit status: 0 ok, 1 data lost, \
                  2 bad input or setup failure, 3 operation errors without data loss."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Options every workload takes.
#[derive(Args, Debug, Clone, Serialize)]
pub struct RunArgs {
    /// How long to run: 10s, 500ms, 2m (default 10s unless --count is given).
    #[arg(value_name = "TIME", long, global = true, allow_hyphen_values = true, value_parser = parse_duration)]
    #[serde(serialize_with = "seconds_opt")]
    pub duration: Option<Duration>,
    /// Stop after starting this many operations (echoes, file requests).
    #[arg(value_name = "N", long, global = true, allow_hyphen_values = true, value_parser = parse_positive)]
    pub count: Option<u64>,
    /// Print the report as JSON (schema in the crate's README).
    #[arg(long, global = true)]
    pub json: bool,
    /// Worker threads in ruv's pool (default: UV_THREADPOOL_SIZE, or 4).
    #[arg(value_name = "N", long = "threads-pool", global = true, allow_hyphen_values = true, value_parser = parse_positive)]
    pub threads_pool: Option<u64>,
    /// Run under this soft limit on open descriptors (RLIMIT_NOFILE).
    #[arg(value_name = "N", long = "fd-limit", global = true, allow_hyphen_values = true, value_parser = parse_positive)]
    pub fd_limit: Option<u64>,
    /// Seed for every random choice (blocks, operations, fault victims).
    #[arg(long, global = true, default_value_t = 1)]
    pub seed: u64,
    /// No progress bar, even on a terminal.
    #[arg(long = "no-progress", global = true)]
    #[serde(skip)]
    pub no_progress: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// TCP echo: clients send checksummed messages to an echo server and check every reply.
    Tcp(TcpArgs),
    /// UDP echo: sockets send checksummed datagrams to an echo socket and check every reply.
    Udp(UdpArgs),
    /// Unix-socket echo, like tcp over a socket in a temporary directory.
    Pipe(PipeArgs),
    /// Reads and writes of checksummed blocks on files in a temporary directory.
    Fs(FsArgs),
    /// tcp and fs at once on one loop (the default workload).
    Mixed(MixedArgs),
    /// An echo server (TCP, and UDP with --udp) for another machine's clients.
    Server(ServerArgs),
}

/// The client side of a stream echo workload.
#[derive(Args, Debug, Clone, Serialize)]
pub struct StreamArgs {
    /// Client connections.
    #[arg(value_name = "N", long, default_value = "16", allow_hyphen_values = true, value_parser = parse_positive)]
    pub connections: u64,
    /// Bytes per message (at least 32: the integrity header).
    #[arg(value_name = "BYTES", long = "message-size", default_value = "4096", allow_hyphen_values = true, value_parser = parse_size)]
    pub message_size: u64,
    /// Messages in flight per connection.
    #[arg(value_name = "N", long = "in-flight", default_value = "4", allow_hyphen_values = true, value_parser = parse_positive)]
    pub in_flight: u64,
    /// Target echoes per second over all connections, or "unlimited".
    #[arg(value_name = "PER_SEC", long, default_value = "unlimited", allow_hyphen_values = true, value_parser = parse_rate)]
    #[serde(serialize_with = "rate")]
    pub rate: f64,
    /// Backpressure: clients stop reading for 50 ms out of every 100 ms.
    #[arg(long = "slow-reader")]
    pub slow_reader: bool,
}

#[derive(Args, Debug, Clone, Serialize)]
pub struct TcpArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub stream: StreamArgs,
    /// Address of the local echo server (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Hit the echo server at this address instead of starting one.
    #[arg(long)]
    pub target: Option<SocketAddr>,
    /// Share of connections reset (RST) mid-stream, 0 to 1; connections then come and go.
    #[arg(value_name = "RATIO", long = "reset-ratio", default_value = "0", allow_hyphen_values = true, value_parser = parse_ratio)]
    pub reset_ratio: f64,
}

#[derive(Args, Debug, Clone, Serialize)]
pub struct UdpArgs {
    /// Client sockets.
    #[arg(value_name = "N", long, default_value = "8", allow_hyphen_values = true, value_parser = parse_positive)]
    pub connections: u64,
    /// Bytes per datagram (32 to 65507).
    #[arg(value_name = "BYTES", long = "message-size", default_value = "1024", allow_hyphen_values = true, value_parser = parse_size)]
    pub message_size: u64,
    /// Datagrams in flight per socket.
    #[arg(value_name = "N", long = "in-flight", default_value = "4", allow_hyphen_values = true, value_parser = parse_positive)]
    pub in_flight: u64,
    /// Target echoes per second over all sockets, or "unlimited".
    #[arg(value_name = "PER_SEC", long, default_value = "unlimited", allow_hyphen_values = true, value_parser = parse_rate)]
    #[serde(serialize_with = "rate")]
    pub rate: f64,
    /// A reply not back within this time counts as lost.
    #[arg(value_name = "TIME", long = "reply-timeout", default_value = "1s", allow_hyphen_values = true, value_parser = parse_duration)]
    #[serde(serialize_with = "seconds")]
    pub reply_timeout: Duration,
    /// Address of the local echo socket (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Hit the echo socket at this address instead of starting one.
    #[arg(long)]
    pub target: Option<SocketAddr>,
}

#[derive(Args, Debug, Clone, Serialize)]
pub struct PipeArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub stream: StreamArgs,
    /// Directory for the socket's temporary directory (default: the system's).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pattern {
    Sequential,
    Random,
}

/// The file side of a workload (fs and mixed).
#[derive(Args, Debug, Clone, Serialize)]
pub struct FsOpts {
    /// Which blocks requests go to.
    #[arg(long, value_enum, default_value = "random")]
    pub pattern: Pattern,
    /// read, write, mixed (half each) or a reads/writes ratio such as 70/30.
    #[arg(long, default_value = "mixed", value_parser = parse_mix)]
    #[serde(rename = "read_percent")]
    pub mix: u8,
    /// Bytes per request (at least 32: the integrity header).
    #[arg(value_name = "BYTES", long = "block-size", default_value = "4096", allow_hyphen_values = true, value_parser = parse_size)]
    pub block_size: u64,
    /// Bytes per file (a multiple of the block size).
    #[arg(value_name = "BYTES", long = "file-size", default_value = "16MiB", allow_hyphen_values = true, value_parser = parse_size)]
    pub file_size: u64,
    /// Files to spread requests over.
    #[arg(value_name = "N", long, default_value = "4", allow_hyphen_values = true, value_parser = parse_positive)]
    pub files: u64,
    /// fdatasync a file after every N writes (0: never).
    #[arg(value_name = "N", long = "fsync-every", default_value = "0", allow_hyphen_values = true, value_parser = parse_count)]
    pub fsync_every: u64,
    /// Share of requests cancelled right after they are queued, 0 to 1.
    #[arg(value_name = "RATIO", long = "cancel-ratio", default_value = "0", allow_hyphen_values = true, value_parser = parse_ratio)]
    pub cancel_ratio: f64,
    /// Directory for the files' temporary directory (default: the system's).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug, Clone, Serialize)]
pub struct FsArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub fs: FsOpts,
    /// File requests in flight.
    #[arg(value_name = "N", long = "in-flight", default_value = "16", allow_hyphen_values = true, value_parser = parse_positive)]
    pub in_flight: u64,
}

#[derive(Args, Debug, Clone, Serialize)]
pub struct MixedArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub stream: StreamArgs,
    #[command(flatten)]
    #[serde(flatten)]
    pub fs: FsOpts,
    /// File requests in flight.
    #[arg(value_name = "N", long = "fs-in-flight", default_value = "16", allow_hyphen_values = true, value_parser = parse_positive)]
    pub fs_in_flight: u64,
    /// Address of the local echo server (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Share of connections reset (RST) mid-stream, 0 to 1.
    #[arg(value_name = "RATIO", long = "reset-ratio", default_value = "0", allow_hyphen_values = true, value_parser = parse_ratio)]
    pub reset_ratio: f64,
}

#[derive(Args, Debug, Clone, Serialize)]
pub struct ServerArgs {
    /// Address to serve on (0.0.0.0:PORT for other machines).
    #[arg(long, default_value = "127.0.0.1:7777")]
    pub addr: SocketAddr,
    /// Echo UDP datagrams on the same address too.
    #[arg(long)]
    pub udp: bool,
}

/// Only the mixed workload's options, for runs without a subcommand.
#[derive(Parser)]
struct MixedDefaults {
    #[command(flatten)]
    args: MixedArgs,
}

impl MixedArgs {
    pub fn defaults() -> MixedArgs {
        MixedDefaults::parse_from(["ruv-stress"]).args
    }
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

fn seconds_opt<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_f64(d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

/// "unlimited" is null.
fn rate<S: serde::Serializer>(r: &f64, s: S) -> Result<S::Ok, S::Error> {
    if r.is_finite() {
        s.serialize_f64(*r)
    } else {
        s.serialize_none()
    }
}

fn no_sign(s: &str) -> Result<&str, String> {
    let s = s.trim();
    if s.starts_with('-') {
        return Err("must not be negative".into());
    }
    if s.is_empty() {
        return Err("is empty".into());
    }
    Ok(s)
}

/// A byte count: 4096, 4k, 4KiB, 16M, 1GiB (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = no_sign(s)?;
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits == 0 {
        return Err(format!("'{s}' is not a size (such as 4096, 64k, 16MiB)"));
    }
    let number: u64 = s[..digits]
        .parse()
        .map_err(|_| format!("'{s}' is too large"))?;
    let unit: u64 = match s[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit '{other}' (use k, M or G)")),
    };
    number
        .checked_mul(unit)
        .ok_or_else(|| format!("'{s}' is too large"))
}

/// A whole number, zero allowed.
pub fn parse_count(s: &str) -> Result<u64, String> {
    no_sign(s)?
        .parse()
        .map_err(|_| format!("'{}' is not a whole number", s.trim()))
}

/// A whole number above zero.
pub fn parse_positive(s: &str) -> Result<u64, String> {
    match parse_count(s)? {
        0 => Err("must be at least 1".into()),
        n => Ok(n),
    }
}

/// 10s, 500ms, 2m, 1h, or plain seconds (1.5).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = no_sign(s)?;
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let number: f64 = s[..split]
        .parse()
        .map_err(|_| format!("'{s}' is not a duration (such as 10s, 500ms, 2m)"))?;
    let scale = match &s[split..] {
        "" | "s" => 1.0,
        "ms" => 1e-3,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => {
            return Err(format!(
                "unknown duration unit '{other}' (use ms, s, m or h)"
            ))
        }
    };
    let secs = number * scale;
    if !secs.is_finite() || secs > 1e9 {
        return Err(format!("'{s}' is too long"));
    }
    if secs <= 0.0 {
        return Err("must be longer than zero".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// A share from 0 to 1.
pub fn parse_ratio(s: &str) -> Result<f64, String> {
    let s = no_sign(s)?;
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("'{s}' is not a ratio from 0 to 1")),
    }
}

/// Operations per second, or "unlimited" (infinity).
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let s = no_sign(s)?;
    if s.eq_ignore_ascii_case("unlimited") {
        return Ok(f64::INFINITY);
    }
    match s.parse::<f64>() {
        Ok(r) if r > 0.0 && r.is_finite() => Ok(r),
        _ => Err(format!(
            "'{s}' is not a rate (operations per second, or unlimited)"
        )),
    }
}

/// The share of reads, in percent: read, write, mixed or R/W.
pub fn parse_mix(s: &str) -> Result<u8, String> {
    let s = no_sign(s)?;
    match s {
        "read" => return Ok(100),
        "write" => return Ok(0),
        "mixed" => return Ok(50),
        _ => {}
    }
    let bad = || format!("'{s}' is not read, write, mixed or a reads/writes ratio such as 70/30");
    let (r, w) = s.split_once(['/', ':']).ok_or_else(bad)?;
    let r: u64 = r.trim().parse().map_err(|_| bad())?;
    let w: u64 = w.trim().parse().map_err(|_| bad())?;
    if r + w == 0 {
        return Err(bad());
    }
    Ok((r * 100 / (r + w)) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("4k"), Ok(4096));
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("-5").unwrap_err().contains("negative"));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("4q").unwrap_err().contains("unit"));
        assert!(parse_size("99999999999999999999").is_err());
    }

    #[test]
    fn durations_ratios_rates_mixes() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("-1").is_err());
        assert!(parse_duration("0").is_err());
        assert_eq!(parse_ratio("0.25"), Ok(0.25));
        assert!(parse_ratio("1.5").is_err());
        assert_eq!(parse_rate("unlimited"), Ok(f64::INFINITY));
        assert_eq!(parse_rate("1000"), Ok(1000.0));
        assert!(parse_rate("0").is_err());
        assert_eq!(parse_mix("read"), Ok(100));
        assert_eq!(parse_mix("70/30"), Ok(70));
        assert_eq!(parse_mix("1:3"), Ok(25));
        assert!(parse_mix("0/0").is_err());
        assert_eq!(parse_positive("3"), Ok(3));
        assert!(parse_positive("0").is_err());
    }
}
