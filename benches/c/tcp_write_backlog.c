/* tcp_write_backlog: small writes queued faster than one loopback TCP
 * connection takes them.
 *
 * A client and a reading server on one loop. From its connect callback the
 * client queues N writes of 100 bytes each (every one its own uv_write_t,
 * byte k of the stream being k % 251) in one go: the first ones go out at
 * once, until the socket's buffers are full, and the rest wait in the
 * stream's write queue. The server reads into one 64 KiB buffer and checks
 * every byte. The clock runs from the first uv_write to the moment both the
 * last write callback has run (callbacks must come in order) and the
 * server has read every byte; the figure is writes per second.
 *
 * What it shows: how a library empties a long queue of small requests once
 * the socket drains. libuv 1.44 sends one request per pass of its loop;
 * ruv gathers small ones into one writev.
 *
 * Usage: tcp_write_backlog [writes]   (default 200,000)
 *
 * Exports used: uv_loop_init, uv_tcp_init, uv_tcp_bind, uv_listen,
 * uv_tcp_getsockname, uv_accept, uv_tcp_connect, uv_read_start, uv_write,
 * uv_buf_init, uv_close, uv_strerror, uv_run, uv_loop_close. */
#include "net_common.h"

#define WRITE_LEN 100
#define PERIOD 251

static uv_loop_t loop;
static uv_tcp_t server, conn, client;
static uv_connect_t connect_req;
static uv_write_t* reqs;
static char pattern[WRITE_LEN + PERIOD];
static long writes, callbacks;
static uint64_t total, received, t_start, t_written, t_read;

static void maybe_close(void) {
  if (callbacks < writes || received < total)
    return;
  uv_close((uv_handle_t*) &client, NULL);
  uv_close((uv_handle_t*) &conn, NULL);
  uv_close((uv_handle_t*) &server, NULL);
}

static void on_write(uv_write_t* req, int status) {
  NET_STATUS("write", status);
  BENCH_ASSERT(req == &reqs[callbacks]); /* callbacks in order */
  if (++callbacks == writes)
    t_written = bench_now_ns();
  maybe_close();
}

static void on_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  ssize_t i;
  (void) s;
  if (nread == 0)
    return;
  if (nread < 0) {
    fprintf(stderr, "read: %s\n", uv_strerror((int) nread));
    exit(2);
  }
  for (i = 0; i < nread; i++)
    if (buf->base[i] != (char) ((received + (uint64_t) i) % PERIOD)) {
      fprintf(stderr, "wrong data at stream offset %llu\n",
              (unsigned long long) (received + (uint64_t) i));
      exit(3);
    }
  received += (uint64_t) nread;
  if (received == total) {
    t_read = bench_now_ns();
    maybe_close();
  }
}

static void on_connection(uv_stream_t* srv, int status) {
  NET_STATUS("connection", status);
  BENCH_CHECK(uv_tcp_init(&loop, &conn));
  BENCH_CHECK(uv_accept(srv, (uv_stream_t*) &conn));
  BENCH_CHECK(uv_read_start((uv_stream_t*) &conn, net_alloc, on_read));
}

static void on_connect(uv_connect_t* req, int status) {
  long i;
  uv_buf_t buf;
  (void) req;
  NET_STATUS("connect", status);
  t_start = bench_now_ns();
  for (i = 0; i < writes; i++) {
    buf = uv_buf_init(pattern + (i * WRITE_LEN) % PERIOD, WRITE_LEN);
    BENCH_CHECK(uv_write(&reqs[i], (uv_stream_t*) &client, &buf, 1, on_write));
  }
}

int main(int argc, char** argv) {
  struct sockaddr_in addr;
  uint64_t t_end;
  int i, port;

  writes = net_arg(argc, argv, 1, 200000);
  BENCH_ASSERT(writes > 0);
  total = (uint64_t) writes * WRITE_LEN;
  for (i = 0; i < (int) sizeof pattern; i++)
    pattern[i] = (char) (i % PERIOD);
  reqs = calloc((size_t) writes, sizeof *reqs);
  BENCH_ASSERT(reqs != NULL);

  bench_print_lib();
  net_ignore_sigpipe();
  net_watchdog("tcp_write_backlog", 60);
  BENCH_CHECK(uv_loop_init(&loop));
  port = net_tcp_listen(&loop, &server, 16, on_connection);
  BENCH_CHECK(uv_tcp_init(&loop, &client));
  BENCH_CHECK(uv_tcp_connect(&connect_req, &client,
                             (const struct sockaddr*) net_loopback4(&addr, port), on_connect));
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  net_watchdog_off();
  BENCH_ASSERT(callbacks == writes && received == total);
  BENCH_CHECK(uv_loop_close(&loop));
  free(reqs);

  t_end = t_written > t_read ? t_written : t_read;
  printf("INFO writes_per_s writes=%ld bytes=%llu written_s=%.3f read_s=%.3f\n", writes,
         (unsigned long long) total, (t_written - t_start) / 1e9, (t_read - t_start) / 1e9);
  bench_result("writes_per_s", writes / ((t_end - t_start) / 1e9), "writes/s", "higher");
  return 0;
}
