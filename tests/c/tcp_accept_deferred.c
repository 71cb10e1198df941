/* A connection callback that does not accept: the server stops taking
 * connections until uv_accept is called (later, from a timer); then the
 * next one is announced. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, c1, c2, a1, a2;
static uv_connect_t r1, r2;
static uv_timer_t timer;
static uv_idle_t not_a_stream;
static int announced, connected;

static void accept_later(uv_timer_t* t) {
  T("timer: announced so far %d", announced);
  CHECK(0 == uv_tcp_init(loop, &a1));
  T("accept now: %s", ename(uv_accept((uv_stream_t*) &server, (uv_stream_t*) &a1)));
  uv_close((uv_handle_t*) t, NULL);
}

static void connection_cb(uv_stream_t* srv, int status) {
  CHECK(status == 0);
  announced++;
  T("connection %d announced", announced);
  if (announced == 1) {
    CHECK(0 == uv_timer_start(&timer, accept_later, 30, 0));
    return;
  }
  CHECK(0 == uv_tcp_init(loop, &a2));
  T("accept second: %s", ename(uv_accept(srv, (uv_stream_t*) &a2)));
  uv_close((uv_handle_t*) &a1, NULL);
  uv_close((uv_handle_t*) &a2, NULL);
  uv_close((uv_handle_t*) &c1, NULL);
  uv_close((uv_handle_t*) &c2, NULL);
  uv_close((uv_handle_t*) srv, NULL);
}

static void connect_cb(uv_connect_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  connected++;
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  loop = uv_default_loop();
  CHECK(0 == uv_timer_init(loop, &timer));
  CHECK(0 == uv_idle_init(loop, &not_a_stream));
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &c1));
  T("accept with nothing waiting: %s", ename(uv_accept((uv_stream_t*) &server, (uv_stream_t*) &c1)));
  CHECK(0 == uv_tcp_init(loop, &c2));
  CHECK(0 == uv_tcp_connect(&r1, &c1, loopback4(&addr, port), connect_cb));
  CHECK(0 == uv_tcp_connect(&r2, &c2, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("connected %d announced %d", connected, announced);
  uv_close((uv_handle_t*) &not_a_stream, NULL);
  finish_loop(loop);
  return 0;
}
