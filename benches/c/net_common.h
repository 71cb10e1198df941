/* Shared helpers for the networking benchmarks (benches/c/tcp_*.c,
 * udp_ping_pong.c, pipe_pump.c).
 *
 * Every program runs both peers on one loop in one thread, over loopback:
 * each step of the exchange is one readiness event and one callback, so the
 * figures measure the library's per-operation cost (system calls, wake-ups,
 * bookkeeping) rather than the scheduler's handling of two threads on a
 * busy 2-core machine.
 *
 * Addresses are built with libc (inet_pton), not uv_ip4_addr, so that a
 * benchmark needs as few libuv exports as possible. A watchdog (alarm(2),
 * not a uv timer, so that it adds nothing to the loop being measured) turns
 * a stall — a lost datagram, a library that stops delivering events — into
 * a prompt failure naming the stage, instead of run.sh's 60 s timeout.
 */
#ifndef RUV_BENCH_NET_COMMON_H
#define RUV_BENCH_NET_COMMON_H

#include "bench_common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

/* One read buffer for every stream of a program: the loop is
 * single-threaded and each read callback consumes its data before the next
 * alloc callback, so sharing is safe, and both libraries read into the
 * same 64 KiB (libuv's suggested size). */
#define NET_READ_BUF 65536
static char net_read_buf[NET_READ_BUF];

static inline void net_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  (void) h;
  (void) suggested;
  buf->base = net_read_buf;
  buf->len = sizeof(net_read_buf);
}

/* 127.0.0.1:port. */
static inline const struct sockaddr* net_loopback4(struct sockaddr_in* a, int port) {
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t) port);
  BENCH_ASSERT(inet_pton(AF_INET, "127.0.0.1", &a->sin_addr) == 1);
  return (const struct sockaddr*) a;
}

/* Binds a TCP server to 127.0.0.1:0, listens, and returns its port. */
static inline int net_tcp_listen(uv_loop_t* loop, uv_tcp_t* server, int backlog,
                                 uv_connection_cb cb) {
  struct sockaddr_in a;
  struct sockaddr_storage ss;
  int len = sizeof ss;

  BENCH_CHECK(uv_tcp_init(loop, server));
  BENCH_CHECK(uv_tcp_bind(server, net_loopback4(&a, 0), 0));
  BENCH_CHECK(uv_listen((uv_stream_t*) server, backlog, cb));
  BENCH_CHECK(uv_tcp_getsockname(server, (struct sockaddr*) &ss, &len));
  BENCH_ASSERT(ss.ss_family == AF_INET);
  return ntohs(((struct sockaddr_in*) &ss)->sin_port);
}

/* Aborts with a clear message on a failed status in a callback. */
#define NET_STATUS(what, status)                                            \
  do {                                                                      \
    int net_s_ = (status);                                                  \
    if (net_s_ != 0) {                                                      \
      fprintf(stderr, "%s:%d: %s: status %d (%s)\n", __FILE__, __LINE__,    \
              (what), net_s_, uv_strerror(net_s_));                         \
      exit(2);                                                              \
    }                                                                       \
  } while (0)

/* ---- watchdog ---------------------------------------------------------- */

static const char* volatile net_stage = "setup";

static inline void net_on_alarm(int sig) {
  const char* s = net_stage;
  static const char pre[] = "watchdog: no completion within the time limit, stage: ";
  (void) sig;
  /* async-signal-safe: write(2) and _exit(2) only. */
  if (write(2, pre, sizeof(pre) - 1) < 0 || write(2, s, strlen(s)) < 0 ||
      write(2, "\n", 1) < 0) {
    /* nothing more to do */
  }
  _exit(4);
}

/* (Re)arms the watchdog for the stage about to run. */
static inline void net_watchdog(const char* stage, unsigned seconds) {
  net_stage = stage;
  signal(SIGALRM, net_on_alarm);
  alarm(seconds);
}

static inline void net_watchdog_off(void) {
  alarm(0);
  net_stage = "done";
}

/* A write to a peer that went away must fail with EPIPE, not kill us. */
static inline void net_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

/* Raises the soft RLIMIT_NOFILE to the hard limit and checks that at least
 * `need` descriptors are allowed; if not, says so and exits (a benchmark
 * that ran out of descriptors half-way would measure nothing useful). */
static inline void net_need_fds(rlim_t need, const char* why) {
  struct rlimit rl;
  rlim_t before;

  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
    fprintf(stderr, "getrlimit(RLIMIT_NOFILE): %s\n", strerror(errno));
    exit(2);
  }
  before = rl.rlim_cur;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
      fprintf(stderr, "INFO could not raise RLIMIT_NOFILE from %lu to %lu: %s\n",
              (unsigned long) before, (unsigned long) rl.rlim_max, strerror(errno));
      rl.rlim_cur = before;
    }
  }
  printf("INFO nofile_soft=%lu (was %lu) nofile_hard=%lu\n", (unsigned long) rl.rlim_cur,
         (unsigned long) before, (unsigned long) rl.rlim_max);
  if (rl.rlim_cur < need) {
    fprintf(stderr,
            "RLIMIT_NOFILE is %lu (hard limit %lu) but %s needs %lu descriptors: "
            "raise the hard limit (ulimit -Hn) and rerun\n",
            (unsigned long) rl.rlim_cur, (unsigned long) rl.rlim_max, why,
            (unsigned long) need);
    exit(2);
  }
}

/* The bare minimum of argv parsing: argv[i] as a non-negative integer, or
 * `dflt` when absent. Unlike bench_arg, 0 is a valid value (syscalls.sh
 * runs a zero-round variant to measure the setup's system calls). */
static inline long net_arg(int argc, char** argv, int i, long dflt) {
  char* end;
  long v;
  if (argc <= i)
    return dflt;
  v = strtol(argv[i], &end, 10);
  if (*argv[i] == '\0' || *end != '\0' || v < 0) {
    fprintf(stderr, "bad argument %d: %s (want a non-negative integer)\n", i, argv[i]);
    exit(2);
  }
  return v;
}

#endif
