/* Closing right after requests that already finished or were only
 * deferred: a write the kernel took at once still reports 0, a shutdown
 * not yet performed reports ECANCELED, a write callback that closes the
 * handle stops the rest, and close callbacks come last. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, a, b, c, sa, sb, sc;
static uv_connect_t ra, rb, rc;
static uv_write_t wa, wb1, wb2, wc;
static uv_shutdown_t sh;
static int accepted, connected;
static char x[] = "x";

static void write_cb(uv_write_t* req, int status) {
  const char* name = req == &wa ? "a" : req == &wb1 ? "b1" : req == &wb2 ? "b2" : "c";
  T("write %s cb: %s", name, ename(status));
  if (req == &wb1) uv_close((uv_handle_t*) &b, NULL);
}

static void shutdown_cb(uv_shutdown_t* req, int status) {
  (void) req;
  T("shutdown cb: %s", ename(status));
}

static void close_cb(uv_handle_t* h) {
  T("close cb %s", h == (uv_handle_t*) &a ? "a" : h == (uv_handle_t*) &c ? "c" : "?");
}

static void start(void) {
  uv_buf_t buf = uv_buf_init(x, 1);
  /* a: a write that completes at once, then close before its callback. */
  CHECK(0 == uv_write(&wa, (uv_stream_t*) &a, &buf, 1, write_cb));
  uv_close((uv_handle_t*) &a, close_cb);
  /* b: two writes; the first callback closes the handle. */
  CHECK(0 == uv_write(&wb1, (uv_stream_t*) &b, &buf, 1, write_cb));
  CHECK(0 == uv_write(&wb2, (uv_stream_t*) &b, &buf, 1, write_cb));
  /* c: a shutdown (deferred to the next iteration), then close. */
  CHECK(0 == uv_write(&wc, (uv_stream_t*) &c, &buf, 1, write_cb));
  CHECK(0 == uv_shutdown(&sh, (uv_stream_t*) &c, shutdown_cb));
  uv_close((uv_handle_t*) &c, close_cb);
  T("started; active reqs %u", loop->active_reqs.count);
}

static void connect_cb(uv_connect_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  if (++connected == 3 && accepted == 3) start();
}

static void connection_cb(uv_stream_t* srv, int status) {
  uv_tcp_t* conn = accepted == 0 ? &sa : accepted == 1 ? &sb : &sc;
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) conn));
  if (++accepted == 3) {
    uv_close((uv_handle_t*) srv, NULL);
    if (connected == 3) start();
  }
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &a));
  CHECK(0 == uv_tcp_init(loop, &b));
  CHECK(0 == uv_tcp_init(loop, &c));
  CHECK(0 == uv_tcp_connect(&ra, &a, loopback4(&addr, port), connect_cb));
  CHECK(0 == uv_tcp_connect(&rb, &b, loopback4(&addr, port), connect_cb));
  CHECK(0 == uv_tcp_connect(&rc, &c, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("active reqs %u", loop->active_reqs.count);
  finish_loop(loop);
  return 0;
}
