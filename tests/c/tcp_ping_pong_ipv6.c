/* Ping-pong over ::1, with peer and local names checked, where the host
 * has IPv6 (the same line is printed on both libraries otherwise). */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t connect_req;
static uv_write_t wc, ws;
static int rounds;
static char msg[] = "v6";
static role_log clog = {"client"}, slog = {"server"};

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  CHECK(status == 0);
}

static void client_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  free_buf(buf);
  if (nread <= 0) return;
  if (++rounds < 5) {
    uv_buf_t b = uv_buf_init(msg, 2);
    CHECK(0 == uv_write(&wc, s, &b, 1, write_cb));
  } else {
    LOG(&clog, "%d rounds", rounds);
    uv_close((uv_handle_t*) s, NULL);
  }
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  free_buf(buf);
  if (nread > 0) {
    uv_buf_t b = uv_buf_init(msg, 2);
    CHECK(0 == uv_write(&ws, s, &b, 1, write_cb));
  } else if (nread < 0) {
    LOG(&slog, "read: %s", ename((int) nread));
    uv_close((uv_handle_t*) s, NULL);
    uv_close((uv_handle_t*) &server, NULL);
  }
}

static void connection_cb(uv_stream_t* srv, int status) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  CHECK(0 == uv_tcp_getpeername(&conn, (struct sockaddr*) &ss, &len));
  LOG(&slog, "peer family inet6: %s, len %d", yesno(ss.ss_family == AF_INET6), len);
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t b = uv_buf_init(msg, 2);
  LOG(&clog, "connect: %s", ename(status));
  CHECK(0 == uv_read_start(req->handle, heap_alloc, client_read));
  CHECK(0 == uv_write(&wc, req->handle, &b, 1, write_cb));
}

int main(void) {
  struct sockaddr_in6 addr;
  int port;
  loop = uv_default_loop();
  if (!have_ipv6(loop)) {
    T("no IPv6 here");
    finish_loop(loop);
    return 0;
  }
  port = listen_any(loop, &server, "::1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&connect_req, &client, addr6(&addr, "::1", port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  print_log(&clog);
  print_log(&slog);
  finish_loop(loop);
  return 0;
}
