/* Shutdown semantics: queued writes go out before the FIN; a write after
 * shutdown is EPIPE; a second shutdown is ENOTCONN; the peer reads the
 * data then EOF and can still write back; the shut side still reads. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t connect_req;
static uv_shutdown_t shutdown_req, shutdown_req2;
static uv_write_t w1, w2, w3, reply;
static role_log clog = {"client"}, slog = {"server"};
static char hello[] = "hello";
static char world[] = "world";
static char bye[] = "bye";

static void write_cb(uv_write_t* req, int status) {
  LOG(&clog, "write %d cb: %s", req == &w1 ? 1 : 2, ename(status));
}

static void shutdown_cb(uv_shutdown_t* req, int status) {
  LOG(&clog, "shutdown cb: %s, handle matches: %s", ename(status),
      yesno(req->handle == (uv_stream_t*) &client));
  LOG(&clog, "writable after shutdown: %d, readable %d", uv_is_writable(req->handle),
      uv_is_readable(req->handle));
}

static void client_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    LOG(&clog, "read %.*s", (int) nread, buf->base);
  } else if (nread < 0) {
    LOG(&clog, "read: %s", ename((int) nread));
    uv_close((uv_handle_t*) s, NULL);
  }
  free_buf(buf);
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t a = uv_buf_init(hello, 5), b = uv_buf_init(world, 5);
  uv_buf_t c = uv_buf_init(bye, 3);
  CHECK(status == 0);
  CHECK(0 == uv_read_start(req->handle, heap_alloc, client_read));
  CHECK(0 == uv_write(&w1, req->handle, &a, 1, write_cb));
  CHECK(0 == uv_write(&w2, req->handle, &b, 1, write_cb));
  LOG(&clog, "shutdown: %s", ename(uv_shutdown(&shutdown_req, req->handle, shutdown_cb)));
  LOG(&clog, "writable right after shutdown: %d", uv_is_writable(req->handle));
  LOG(&clog, "write after shutdown: %s", ename(uv_write(&w3, req->handle, &c, 1, write_cb)));
  LOG(&clog, "try_write after shutdown: %s", ename(uv_try_write(req->handle, &c, 1)));
  LOG(&clog, "shutdown again: %s", ename(uv_shutdown(&shutdown_req2, req->handle, shutdown_cb)));
}

static void reply_cb(uv_write_t* req, int status) {
  LOG(&slog, "reply cb: %s", ename(status));
  uv_close((uv_handle_t*) req->handle, NULL);
  uv_close((uv_handle_t*) &server, NULL);
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    LOG(&slog, "read %zd bytes", nread);
  } else if (nread == UV_EOF) {
    uv_buf_t b = uv_buf_init(bye, 3);
    LOG(&slog, "read: EOF, writable %d", uv_is_writable(s));
    CHECK(0 == uv_write(&reply, s, &b, 1, reply_cb));
  } else if (nread < 0) {
    LOG(&slog, "read: %s", ename((int) nread));
  }
  free_buf(buf);
}

static void connection_cb(uv_stream_t* srv, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  uv_shutdown_t early;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  T("shutdown before connect: %s", ename(uv_shutdown(&early, (uv_stream_t*) &client, NULL)));
  CHECK(0 == uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  print_log(&clog);
  print_log(&slog);
  finish_loop(loop);
  return 0;
}
