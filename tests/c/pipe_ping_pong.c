/* Ping-pong over a Unix socket path: bind, listen, connect, names on both
 * sides, EOF, and the socket file is removed when the server closes. */
#include "net_common.h"

#include <sys/stat.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_pipe_t server, client, conn;
static uv_connect_t connect_req;
static uv_write_t wc, ws;
static int rounds;
static char path[64];
static char msg[] = "hi";
static role_log clog = {"client"}, slog = {"server"};

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  CHECK(status == 0);
}

static void server_close_cb(uv_handle_t* h) {
  struct stat st;
  (void) h;
  LOG(&slog, "socket file left after close: %s", yesno(stat(path, &st) == 0));
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
    uv_close((uv_handle_t*) &server, server_close_cb);
  }
}

static void connection_cb(uv_stream_t* srv, int status) {
  char name[128];
  size_t len = sizeof name;
  int r;
  CHECK(status == 0);
  CHECK(0 == uv_pipe_init(loop, &conn, 0));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  r = uv_pipe_getsockname(&conn, name, &len);
  LOG(&slog, "accepted sockname: %s, matches: %s", ename(r), yesno(r == 0 && strcmp(name, path) == 0));
  len = sizeof name;
  r = uv_pipe_getpeername(&conn, name, &len);
  LOG(&slog, "accepted peername: %s, len %zu", ename(r), len);
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t b = uv_buf_init(msg, 2);
  char name[128];
  size_t len = sizeof name;
  int r;
  LOG(&clog, "connect: %s", ename(status));
  r = uv_pipe_getpeername((uv_pipe_t*) req->handle, name, &len);
  LOG(&clog, "peername: %s, matches: %s, len right: %s", ename(r), yesno(strcmp(name, path) == 0),
      yesno(len == strlen(path)));
  len = 3;
  r = uv_pipe_getpeername((uv_pipe_t*) req->handle, name, &len);
  LOG(&clog, "peername short buffer: %s, needed right: %s", ename(r), yesno(len == strlen(path) + 1));
  LOG(&clog, "readable %d writable %d", uv_is_readable(req->handle), uv_is_writable(req->handle));
  CHECK(0 == uv_read_start(req->handle, heap_alloc, client_read));
  CHECK(0 == uv_write(&wc, req->handle, &b, 1, write_cb));
}

int main(void) {
  char name[128];
  size_t len = sizeof name;
  int r;
  struct stat st;
  snprintf(path, sizeof path, "/tmp/ruv-test-pipe-%d.sock", (int) getpid());
  unlink(path);
  loop = uv_default_loop();
  CHECK(0 == uv_pipe_init(loop, &server, 0));
  r = uv_pipe_getsockname(&server, name, &len);
  T("sockname before bind: %s, size %zu", ename(r), len);
  T("bind: %s", ename(uv_pipe_bind(&server, path)));
  T("bind again: %s", ename(uv_pipe_bind(&server, path)));
  T("socket file exists: %s", yesno(stat(path, &st) == 0 && S_ISSOCK(st.st_mode)));
  len = sizeof name;
  r = uv_pipe_getsockname(&server, name, &len);
  T("sockname: %s, matches: %s", ename(r), yesno(r == 0 && strcmp(name, path) == 0));
  T("listen: %s", ename(uv_listen((uv_stream_t*) &server, 16, connection_cb)));
  CHECK(0 == uv_pipe_init(loop, &client, 0));
  uv_pipe_connect(&connect_req, &client, path, connect_cb);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  print_log(&clog);
  print_log(&slog);
  finish_loop(loop);
  return 0;
}
