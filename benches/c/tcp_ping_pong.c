/* tcp_ping_pong: round trips per second over one loopback TCP connection.
 *
 * A client and an echo server on one loop. The client writes a 64-byte
 * message (its trip number, then a pattern), the server writes back every
 * byte it reads, and once the client has read all 64 bytes back and
 * checked they are the message it sent, it sends the next one. One message
 * is in flight at a time, so each trip is the latency of two writes, two
 * reads and the readiness events between them. TCP_NODELAY is set on both
 * ends (same on both libraries) so no Nagle/delayed-ACK timer can enter.
 *
 * Usage: tcp_ping_pong [trips [cap_ms]]
 *   trips   round trips to make (default 50,000; 0 = connect and close
 *           only, which syscalls.sh uses to measure the setup's calls)
 *   cap_ms  stop early after this many ms of trips (default 1500; 0 = no
 *           cap, for syscalls.sh, where strace slows everything down)
 * Timing runs from the connect callback to the last checked echo.
 *
 * Exports used: uv_loop_init, uv_tcp_init, uv_tcp_bind, uv_listen,
 * uv_tcp_getsockname, uv_tcp_nodelay, uv_accept, uv_tcp_connect,
 * uv_read_start, uv_write, uv_buf_init, uv_close, uv_strerror, uv_run,
 * uv_loop_close. */
#include "net_common.h"

#define MSG_LEN 64
#define SLOTS 4

typedef struct {
  uv_write_t req;
  char data[MSG_LEN];
  int busy;
} write_slot;

static uv_loop_t loop;
static uv_tcp_t server, conn, client;
static uv_connect_t connect_req;
static write_slot client_slots[SLOTS], server_slots[SLOTS];

static long target, trips;
static uint64_t cap_ns, t_start, t_end;
static char sent_msg[MSG_LEN], echo_acc[MSG_LEN];
static size_t echo_len;
static uint64_t client_bytes_sent, server_bytes_echoed;
static int capped, closed_count;

static void on_close(uv_handle_t* h) {
  (void) h;
  closed_count++;
}

static void on_write(uv_write_t* req, int status) {
  write_slot* s = req->data;
  NET_STATUS("write", status);
  s->busy = 0;
}

/* Copies `len` bytes into a free slot and writes them. */
static void send_copy(write_slot* slots, uv_stream_t* stream, const char* data, size_t len) {
  uv_buf_t buf;
  int i;

  BENCH_ASSERT(len <= MSG_LEN);
  for (i = 0; i < SLOTS && slots[i].busy; i++) {
  }
  BENCH_ASSERT(i < SLOTS); /* more writes pending than a ping-pong allows */
  slots[i].busy = 1;
  slots[i].req.data = &slots[i];
  memcpy(slots[i].data, data, len);
  buf = uv_buf_init(slots[i].data, (unsigned) len);
  BENCH_CHECK(uv_write(&slots[i].req, stream, &buf, 1, on_write));
}

static void send_ping(void) {
  int i;
  snprintf(sent_msg, sizeof sent_msg, "ping %ld ", trips);
  for (i = (int) strlen(sent_msg); i < MSG_LEN; i++)
    sent_msg[i] = (char) ('a' + (trips + i) % 26);
  echo_len = 0;
  client_bytes_sent += MSG_LEN;
  send_copy(client_slots, (uv_stream_t*) &client, sent_msg, MSG_LEN);
}

static void finish_client(void) {
  t_end = bench_now_ns();
  /* The server sees EOF and closes its side. */
  uv_close((uv_handle_t*) &client, on_close);
}

static void on_client_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  (void) s;
  if (nread == 0)
    return;
  if (nread < 0) {
    fprintf(stderr, "client read: %s after %ld trips\n", uv_strerror((int) nread), trips);
    exit(2);
  }
  BENCH_ASSERT(echo_len + (size_t) nread <= MSG_LEN); /* nothing beyond the echo */
  memcpy(echo_acc + echo_len, buf->base, (size_t) nread);
  echo_len += (size_t) nread;
  if (echo_len < MSG_LEN)
    return;
  BENCH_ASSERT(memcmp(echo_acc, sent_msg, MSG_LEN) == 0);
  trips++;
  if (trips >= target) {
    finish_client();
    return;
  }
  if (cap_ns != 0 && (trips & 63) == 0 && bench_now_ns() - t_start > cap_ns) {
    capped = 1;
    finish_client();
    return;
  }
  send_ping();
}

static void on_server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread == 0)
    return;
  if (nread == UV_EOF) {
    uv_close((uv_handle_t*) &conn, on_close);
    uv_close((uv_handle_t*) &server, on_close);
    return;
  }
  if (nread < 0) {
    fprintf(stderr, "server read: %s\n", uv_strerror((int) nread));
    exit(2);
  }
  server_bytes_echoed += (uint64_t) nread;
  send_copy(server_slots, s, buf->base, (size_t) nread);
}

static void on_connection(uv_stream_t* srv, int status) {
  NET_STATUS("connection", status);
  BENCH_CHECK(uv_tcp_init(&loop, &conn));
  BENCH_CHECK(uv_accept(srv, (uv_stream_t*) &conn));
  BENCH_CHECK(uv_tcp_nodelay(&conn, 1));
  BENCH_CHECK(uv_read_start((uv_stream_t*) &conn, net_alloc, on_server_read));
}

static void on_connect(uv_connect_t* req, int status) {
  (void) req;
  NET_STATUS("connect", status);
  BENCH_CHECK(uv_tcp_nodelay(&client, 1));
  BENCH_CHECK(uv_read_start((uv_stream_t*) &client, net_alloc, on_client_read));
  t_start = bench_now_ns();
  if (target == 0) {
    finish_client();
    return;
  }
  send_ping();
}

int main(int argc, char** argv) {
  struct sockaddr_in addr;
  int port, i;
  double secs;

  target = net_arg(argc, argv, 1, 50000);
  cap_ns = (uint64_t) net_arg(argc, argv, 2, 1500) * 1000000u;
  bench_print_lib();
  net_ignore_sigpipe();
  /* Generous: under strace (syscalls.sh, no cap) 20,000 trips take ~10 s. */
  net_watchdog("ping-pong", cap_ns != 0 ? 30 : 300);

  BENCH_CHECK(uv_loop_init(&loop));
  port = net_tcp_listen(&loop, &server, 128, on_connection);
  BENCH_CHECK(uv_tcp_init(&loop, &client));
  BENCH_CHECK(uv_tcp_connect(&connect_req, &client, net_loopback4(&addr, port), on_connect));
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  net_watchdog_off();

  BENCH_ASSERT(closed_count == 3);
  BENCH_ASSERT(target == 0 || trips > 0);
  BENCH_ASSERT(trips == target || capped);
  BENCH_ASSERT(client_bytes_sent == (uint64_t) trips * MSG_LEN);
  BENCH_ASSERT(server_bytes_echoed == client_bytes_sent);
  for (i = 0; i < SLOTS; i++)
    BENCH_ASSERT(!client_slots[i].busy && !server_slots[i].busy);
  BENCH_CHECK(uv_loop_close(&loop));

  secs = (t_end - t_start) / 1e9;
  printf("INFO trips=%ld msg_bytes=%d elapsed_s=%.3f capped=%d\n", trips, MSG_LEN, secs, capped);
  if (trips > 0) {
    bench_result("round_trips_per_s", trips / secs, "trips/s", "higher");
    bench_result("us_per_round_trip", secs * 1e6 / trips, "us", "lower");
  }
  return 0;
}
