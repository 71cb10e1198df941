/* 1,000 connections, 100 at a time: each is accepted, reads EOF when the
 * client closes, and is closed; counts add up and nothing leaks. */
#include "net_common.h"

#define TOTAL 1000
#define BATCH 100

static uv_loop_t* loop;
static uv_tcp_t server;
static uv_tcp_t clients[BATCH];
static uv_connect_t reqs[BATCH];
static int port, started, connected, accepted, eofs, server_closed, client_closed;

static void start_batch(void);

static void server_close_cb(uv_handle_t* h) {
  free(h);
  server_closed++;
  if (server_closed == TOTAL) uv_close((uv_handle_t*) &server, NULL);
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  free_buf(buf);
  if (nread < 0) {
    if (nread == UV_EOF) eofs++;
    uv_close((uv_handle_t*) s, server_close_cb);
  }
}

static void connection_cb(uv_stream_t* srv, int status) {
  uv_tcp_t* conn;
  CHECK(status == 0);
  conn = malloc(sizeof *conn);
  CHECK(0 == uv_tcp_init(loop, conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) conn));
  accepted++;
  CHECK(0 == uv_read_start((uv_stream_t*) conn, heap_alloc, server_read));
}

static void client_close_cb(uv_handle_t* h) {
  (void) h;
  client_closed++;
  if (client_closed % BATCH == 0 && started < TOTAL) start_batch();
}

static void connect_cb(uv_connect_t* req, int status) {
  CHECK(status == 0);
  connected++;
  uv_close((uv_handle_t*) req->handle, client_close_cb);
}

static void start_batch(void) {
  struct sockaddr_in addr;
  int i;
  for (i = 0; i < BATCH; i++) {
    CHECK(0 == uv_tcp_init(loop, &clients[i]));
    CHECK(0 == uv_tcp_connect(&reqs[i], &clients[i], loopback4(&addr, port), connect_cb));
    started++;
  }
}

int main(void) {
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  start_batch();
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("started %d connected %d accepted %d eofs %d closed %d/%d", started, connected, accepted, eofs,
    client_closed, server_closed);
  finish_loop(loop);
  return 0;
}
