/* The two ways a peer goes away: a plain close gives UV_EOF to the reader;
 * uv_tcp_close_reset gives ECONNRESET, and writes to the reset peer fail. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, a_client, a_conn, b_client, b_conn;
static uv_connect_t ca, cb_req;
static uv_write_t wreq;
static int accepted;
static char data[] = "x";

static void close_cb(uv_handle_t* h) {
  T("%s closed", h == (uv_handle_t*) &a_conn ? "a_conn" : h == (uv_handle_t*) &b_conn ? "b_conn" : "other");
}

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  T("write to reset peer: %s", status == UV_ECONNRESET || status == UV_EPIPE ? "failed" : ename(status));
}

static void b_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  free_buf(buf);
  if (nread == 0) return;
  T("b read: %s", ename((int) nread));
  if (nread < 0) {
    uv_buf_t b = uv_buf_init(data, 1);
    int r = uv_write(&wreq, s, &b, 1, write_cb);
    if (r != 0) T("write to reset peer: %s", r == UV_ECONNRESET || r == UV_EPIPE ? "failed" : ename(r));
    uv_close((uv_handle_t*) s, NULL);
    uv_close((uv_handle_t*) &server, NULL);
  }
}

static void a_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  free_buf(buf);
  if (nread == 0) return;
  T("a read: %s", ename((int) nread));
  if (nread < 0) {
    uv_close((uv_handle_t*) s, NULL);
    /* Now the second pair: reset instead of close. */
    T("close_reset: %s", ename(uv_tcp_close_reset(&b_conn, close_cb)));
  }
}

static void connection_cb(uv_stream_t* srv, int status) {
  uv_tcp_t* conn = accepted == 0 ? &a_conn : &b_conn;
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) conn));
  if (++accepted == 2) uv_close((uv_handle_t*) &a_conn, close_cb);
}

static void connect_cb(uv_connect_t* req, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_read_start(req->handle, heap_alloc, req == &ca ? a_read : b_read));
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  ignore_sigpipe();
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &a_client));
  CHECK(0 == uv_tcp_init(loop, &b_client));
  CHECK(0 == uv_tcp_connect(&ca, &a_client, loopback4(&addr, port), connect_cb));
  CHECK(0 == uv_tcp_connect(&cb_req, &b_client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
