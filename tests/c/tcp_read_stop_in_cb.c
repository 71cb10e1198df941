/* uv_read_stop inside the read callback: no more reads until started
 * again, the handle turns inactive, and data sent while stopped is there
 * when reading resumes. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t connect_req;
static uv_write_t w1, w2;
static uv_timer_t timer;
static int reads;
static size_t total;
static char a[] = "first";
static char b[] = "second";

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  CHECK(status == 0);
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf);

static void resume(uv_timer_t* t) {
  T("resuming, active before: %d", uv_is_active((uv_handle_t*) &conn));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
  T("active after: %d", uv_is_active((uv_handle_t*) &conn));
  uv_close((uv_handle_t*) t, NULL);
}

static void send_second(void) {
  uv_buf_t bb = uv_buf_init(b, 6);
  CHECK(0 == uv_write(&w2, (uv_stream_t*) &client, &bb, 1, write_cb));
  CHECK(0 == uv_timer_start(&timer, resume, 20, 0));
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    reads++;
    total += nread;
    T("read %zd bytes: %.*s", nread, (int) nread, buf->base);
    if (reads == 1) {
      T("read_stop: %s", ename(uv_read_stop(s)));
      T("read_stop again: %s", ename(uv_read_stop(s)));
      T("active: %d", uv_is_active((uv_handle_t*) s));
      send_second();
    } else {
      uv_close((uv_handle_t*) s, NULL);
      uv_close((uv_handle_t*) &client, NULL);
      uv_close((uv_handle_t*) &server, NULL);
    }
  }
  free_buf(buf);
}

static void connection_cb(uv_stream_t* srv, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
  T("read_start twice: %s", ename(uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read)));
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t ab = uv_buf_init(a, 5);
  CHECK(status == 0);
  CHECK(0 == uv_write(&w1, req->handle, &ab, 1, write_cb));
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  loop = uv_default_loop();
  CHECK(0 == uv_timer_init(loop, &timer));
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("total %zu", total);
  finish_loop(loop);
  return 0;
}
