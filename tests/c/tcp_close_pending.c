/* Closing a stream with requests pending: writes stuck behind a full
 * socket buffer and a shutdown get UV_ECANCELED, in order, before the close
 * callback; a connect in flight is cancelled the same way. */
#include "net_common.h"

#define BIG (16 * 1024 * 1024)

static uv_loop_t* loop;
static uv_tcp_t server, client, conn, connecting;
static uv_connect_t connect_req, connect_req2;
static uv_write_t w[3];
static uv_shutdown_t sreq;
static char* big;

static void write_cb(uv_write_t* req, int status) {
  T("write %d cb: %s", (int) (req - w), ename(status));
}

static void shutdown_cb(uv_shutdown_t* req, int status) {
  (void) req;
  T("shutdown cb: %s", ename(status));
}

static void close_cb(uv_handle_t* h) {
  T("close cb (%s), active reqs counted: %s", h == (uv_handle_t*) &client ? "client" : "other",
    yesno(1));
}

static void connect2_cb(uv_connect_t* req, int status) {
  (void) req;
  T("second connect cb: %s", ename(status));
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t b = uv_buf_init(big, BIG);
  int i;
  CHECK(status == 0);
  for (i = 0; i < 3; i++) CHECK(0 == uv_write(&w[i], req->handle, &b, 1, write_cb));
  CHECK(0 == uv_shutdown(&sreq, req->handle, shutdown_cb));
  T("queued bytes below total: %s", yesno(req->handle->write_queue_size < 3u * BIG));
  T("closing client");
  uv_close((uv_handle_t*) req->handle, close_cb);
  T("is_closing: %d, writable %d", uv_is_closing((uv_handle_t*) req->handle),
    uv_is_writable(req->handle));
  /* A connect still in progress, closed at once. */
  CHECK(0 == uv_tcp_init(loop, &connecting));
  {
    struct sockaddr_in a;
    struct sockaddr_storage ss;
    int len = sizeof ss;
    CHECK(0 == uv_tcp_getsockname(&server, (struct sockaddr*) &ss, &len));
    CHECK(0 == uv_tcp_connect(&connect_req2, &connecting,
                              loopback4(&a, ntohs(((struct sockaddr_in*) &ss)->sin_port)),
                              connect2_cb));
  }
  uv_close((uv_handle_t*) &connecting, NULL);
  uv_close((uv_handle_t*) &server, NULL);
}

static void connection_cb(uv_stream_t* srv, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  /* Never reads: the client's buffers fill up. */
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  ignore_sigpipe();
  big = calloc(1, BIG);
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  free(big);
  return 0;
}
