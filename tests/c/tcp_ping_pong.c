/* TCP ping-pong on 127.0.0.1: connect, accept, ten request/reply rounds,
 * the client shuts down, the server sees EOF and both close. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t connect_req;
static uv_shutdown_t shutdown_req;
static uv_write_t client_write, server_write;
static role_log clog = {"client"}, slog = {"server"};
static int rounds;
static char ping[] = "ping";
static char pong[] = "pong";

static void client_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf);

static void shutdown_cb(uv_shutdown_t* req, int status) {
  (void) req;
  LOG(&clog, "shutdown cb: %s", ename(status));
}

static void client_write_cb(uv_write_t* req, int status) {
  (void) req;
  if (status != 0) LOG(&clog, "write cb: %s", ename(status));
}

static void send_ping(void) {
  uv_buf_t b = uv_buf_init(ping, 4);
  CHECK(0 == uv_write(&client_write, (uv_stream_t*) &client, &b, 1, client_write_cb));
}

static void client_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    CHECK(nread == 4 && memcmp(buf->base, "pong", 4) == 0);
    rounds++;
    if (rounds < 10) {
      send_ping();
    } else {
      LOG(&clog, "got %d pongs", rounds);
      CHECK(0 == uv_shutdown(&shutdown_req, s, shutdown_cb));
      LOG(&clog, "shutdown twice: %s", ename(uv_shutdown(&shutdown_req, s, shutdown_cb)));
    }
  } else if (nread < 0) {
    LOG(&clog, "read: %s", ename((int) nread));
    uv_close((uv_handle_t*) s, NULL);
  }
  free_buf(buf);
}

static void connect_cb(uv_connect_t* req, int status) {
  LOG(&clog, "connect cb: %s, handle matches: %s", ename(status),
      yesno(req->handle == (uv_stream_t*) &client));
  LOG(&clog, "readable %d writable %d", uv_is_readable(req->handle), uv_is_writable(req->handle));
  CHECK(0 == uv_read_start(req->handle, heap_alloc, client_read));
  send_ping();
}

static void server_write_cb(uv_write_t* req, int status) {
  (void) req;
  if (status != 0) LOG(&slog, "write cb: %s", ename(status));
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    uv_buf_t b = uv_buf_init(pong, 4);
    CHECK(nread == 4 && memcmp(buf->base, "ping", 4) == 0);
    CHECK(0 == uv_write(&server_write, s, &b, 1, server_write_cb));
  } else if (nread < 0) {
    LOG(&slog, "read: %s", ename((int) nread));
    LOG(&slog, "readable after EOF %d writable %d", uv_is_readable(s), uv_is_writable(s));
    uv_close((uv_handle_t*) s, NULL);
    uv_close((uv_handle_t*) &server, NULL);
  }
  free_buf(buf);
}

static void connection_cb(uv_stream_t* srv, int status) {
  LOG(&slog, "connection cb: %s", ename(status));
  CHECK(0 == uv_tcp_init(loop, &conn));
  LOG(&slog, "accept: %s", ename(uv_accept(srv, (uv_stream_t*) &conn)));
  LOG(&slog, "accept again: %s", ename(uv_accept(srv, (uv_stream_t*) &conn)));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
}

int main(void) {
  struct sockaddr_in addr;
  int port, r;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  T("client readable before connect: %d", uv_is_readable((uv_stream_t*) &client));
  CHECK(0 == uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb));
  T("connect again: %s", ename(uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb)));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);
  print_log(&clog);
  print_log(&slog);
  finish_loop(loop);
  return 0;
}
