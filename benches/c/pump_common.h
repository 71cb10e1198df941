/* The stream pump shared by tcp_pump.c and pipe_pump.c.
 *
 * N client streams connect to a listening server on one loop. When every
 * client has connected and every connection has been accepted, the clock
 * starts and each client keeps PUMP_DEPTH writes of PUMP_CHUNK bytes in
 * flight, issuing the next one from each write callback, until the phase's
 * byte budget is spent or its time cap has passed. Each client then shuts
 * its write side down once its writes have completed; the server reads
 * everything until EOF. The clock stops at the last EOF, so the figure is
 * bytes delivered to the reader per second (MB/s, 10^6 bytes), draining
 * included.
 *
 * Data are checked: byte k of every stream is k % 251, each read is
 * compared with memcmp at its stream offset (same cost on both libraries),
 * and the total read must equal the total written.
 *
 * The including file provides a pump_transport: how to init a stream
 * handle, make the server listen, and connect a client.
 */
#ifndef RUV_BENCH_PUMP_COMMON_H
#define RUV_BENCH_PUMP_COMMON_H

#include "net_common.h"

#define PUMP_CHUNK 65536
#define PUMP_DEPTH 4
#define PUMP_PERIOD 251

typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_tcp_t tcp;
  uv_pipe_t pipe;
} pump_handle;

typedef struct {
  const char* name;
  void (*init)(uv_loop_t* loop, pump_handle* h);
  void (*listen)(uv_loop_t* loop, pump_handle* server, uv_connection_cb cb);
  void (*connect)(uv_connect_t* req, pump_handle* client, uv_connect_cb cb);
} pump_transport;

typedef struct {
  pump_handle h;
  uv_connect_t connect;
  uv_shutdown_t shutdown;
  uv_write_t writes[PUMP_DEPTH];
  uint64_t sent;
  int inflight;
} pump_client;

typedef struct {
  pump_handle h;
  uint64_t received;
} pump_sink;

static struct {
  uv_loop_t loop;
  const pump_transport* tr;
  pump_handle server;
  pump_client* clients;
  pump_sink* sinks;
  int n, connected, accepted, eofs, closed, stopping, started;
  uint64_t budget, cap_ns, t_start, t_end, sent, received;
  long writes;
} pump;

static char pump_pattern[PUMP_CHUNK + PUMP_PERIOD];

static void pump_on_write(uv_write_t* req, int status);

static void pump_on_close(uv_handle_t* h) {
  (void) h;
  if (++pump.closed == 2 * pump.n)
    uv_close(&pump.server.handle, NULL);
}

static void pump_on_shutdown(uv_shutdown_t* req, int status) {
  pump_client* c = req->data;
  NET_STATUS("shutdown", status);
  uv_close(&c->h.handle, pump_on_close);
}

static void pump_stop_check(void) {
  if (pump.stopping)
    return;
  if (pump.sent >= pump.budget || bench_now_ns() - pump.t_start > pump.cap_ns)
    pump.stopping = 1;
}

static void pump_issue(pump_client* c, uv_write_t* req) {
  uv_buf_t buf = uv_buf_init(pump_pattern + c->sent % PUMP_PERIOD, PUMP_CHUNK);
  req->data = c;
  BENCH_CHECK(uv_write(req, &c->h.stream, &buf, 1, pump_on_write));
  c->sent += PUMP_CHUNK;
  c->inflight++;
  pump.sent += PUMP_CHUNK;
  pump.writes++;
}

static void pump_on_write(uv_write_t* req, int status) {
  pump_client* c = req->data;
  NET_STATUS("write", status);
  c->inflight--;
  pump_stop_check();
  if (!pump.stopping) {
    pump_issue(c, req);
    return;
  }
  if (c->inflight == 0) {
    c->shutdown.data = c;
    BENCH_CHECK(uv_shutdown(&c->shutdown, &c->h.stream, pump_on_shutdown));
  }
}

static void pump_maybe_start(void) {
  int i, d;
  if (pump.connected < pump.n || pump.accepted < pump.n || pump.started)
    return;
  pump.started = 1;
  pump.t_start = bench_now_ns();
  for (i = 0; i < pump.n; i++)
    for (d = 0; d < PUMP_DEPTH; d++)
      pump_issue(&pump.clients[i], &pump.clients[i].writes[d]);
}

static void pump_on_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  pump_sink* k = s->data;
  if (nread == 0)
    return;
  if (nread == UV_EOF) {
    if (++pump.eofs == pump.n)
      pump.t_end = bench_now_ns();
    uv_close(&k->h.handle, pump_on_close);
    return;
  }
  if (nread < 0) {
    fprintf(stderr, "%s read: %s\n", pump.tr->name, uv_strerror((int) nread));
    exit(2);
  }
  if (memcmp(buf->base, pump_pattern + k->received % PUMP_PERIOD, (size_t) nread) != 0) {
    fprintf(stderr, "%s: wrong data at stream offset %llu\n", pump.tr->name,
            (unsigned long long) k->received);
    exit(3);
  }
  k->received += (uint64_t) nread;
  pump.received += (uint64_t) nread;
}

static void pump_on_connection(uv_stream_t* srv, int status) {
  pump_sink* k;
  NET_STATUS("connection", status);
  BENCH_ASSERT(pump.accepted < pump.n);
  k = &pump.sinks[pump.accepted++];
  pump.tr->init(&pump.loop, &k->h);
  k->h.stream.data = k;
  BENCH_CHECK(uv_accept(srv, &k->h.stream));
  BENCH_CHECK(uv_read_start(&k->h.stream, net_alloc, pump_on_read));
  pump_maybe_start();
}

static void pump_on_connect(uv_connect_t* req, int status) {
  (void) req;
  NET_STATUS("connect", status);
  pump.connected++;
  pump_maybe_start();
}

/* One phase: n connections, at most `budget` bytes or `cap_ms` of writing. */
static void pump_run(const pump_transport* tr, int n, uint64_t budget, unsigned cap_ms,
                     const char* metric) {
  uint64_t per_conn_max = 0;
  double secs;
  int i;

  for (i = 0; i < (int) sizeof(pump_pattern); i++)
    pump_pattern[i] = (char) (i % PUMP_PERIOD);
  memset(&pump, 0, sizeof pump);
  pump.tr = tr;
  pump.n = n;
  pump.budget = budget;
  pump.cap_ns = (uint64_t) cap_ms * 1000000u;
  pump.clients = calloc((size_t) n, sizeof(pump_client));
  pump.sinks = calloc((size_t) n, sizeof(pump_sink));
  BENCH_ASSERT(pump.clients != NULL && pump.sinks != NULL);

  net_watchdog(metric, 30);
  BENCH_CHECK(uv_loop_init(&pump.loop));
  tr->listen(&pump.loop, &pump.server, pump_on_connection);
  for (i = 0; i < n; i++) {
    tr->init(&pump.loop, &pump.clients[i].h);
    tr->connect(&pump.clients[i].connect, &pump.clients[i].h, pump_on_connect);
  }
  BENCH_CHECK(uv_run(&pump.loop, UV_RUN_DEFAULT));
  net_watchdog_off();

  BENCH_ASSERT(pump.started && pump.eofs == n && pump.closed == 2 * n);
  BENCH_ASSERT(pump.received == pump.sent);
  for (i = 0; i < n; i++) {
    BENCH_ASSERT(pump.clients[i].inflight == 0);
    if (pump.clients[i].sent > per_conn_max)
      per_conn_max = pump.clients[i].sent;
  }
  BENCH_CHECK(uv_loop_close(&pump.loop));

  secs = (pump.t_end - pump.t_start) / 1e9;
  printf("INFO %s connections=%d bytes=%llu max_bytes_per_conn=%llu writes=%ld elapsed_s=%.3f "
         "hit_budget=%d\n",
         metric, n, (unsigned long long) pump.received, (unsigned long long) per_conn_max,
         pump.writes, secs, pump.sent >= budget);
  bench_result(metric, pump.received / secs / 1e6, "MB/s", "higher");
  free(pump.clients);
  free(pump.sinks);
}

#endif
