/* When write callbacks run relative to the loop phases: a write finished
 * during the poll phase reports right after it (before check handles); one
 * finished in a timer or check callback reports in the next pending phase. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t creq;
static uv_write_t w1, w2, w3;
static uv_check_t chk;
static uv_prepare_t prep;
static uv_timer_t tm;
static int iter;
static char x[] = "x";

static void close_all(void) {
  uv_close((uv_handle_t*) &chk, NULL);
  uv_close((uv_handle_t*) &prep, NULL);
  uv_close((uv_handle_t*) &client, NULL);
  uv_close((uv_handle_t*) &conn, NULL);
  uv_close((uv_handle_t*) &server, NULL);
  uv_close((uv_handle_t*) &tm, NULL);
}

static void write_cb(uv_write_t* r, int status) {
  CHECK(status == 0);
  T("  write %s cb (iteration %d)",
    r == &w1 ? "from connect cb" : r == &w2 ? "from check" : "from timer", iter);
  if (r == &w2) close_all();
}

static void check_cb(uv_check_t* h) {
  (void) h;
  T("  check (iteration %d)", iter);
  if (iter == 2) {
    uv_buf_t b = uv_buf_init(x, 1);
    CHECK(0 == uv_write(&w2, (uv_stream_t*) &client, &b, 1, write_cb));
  }
}

static void prepare_cb(uv_prepare_t* h) {
  (void) h;
  iter++;
  T("prepare (iteration %d)", iter);
}

static void timer_cb(uv_timer_t* t) {
  uv_buf_t b = uv_buf_init(x, 1);
  (void) t;
  T("  timer (iteration %d)", iter);
  CHECK(0 == uv_write(&w3, (uv_stream_t*) &client, &b, 1, write_cb));
}

static void connect_cb(uv_connect_t* r, int status) {
  uv_buf_t b = uv_buf_init(x, 1);
  CHECK(status == 0);
  T("  connect cb (iteration %d)", iter);
  CHECK(0 == uv_write(&w1, r->handle, &b, 1, write_cb));
  CHECK(0 == uv_timer_start(&tm, timer_cb, 0, 0));
}

/* The server reads (silently), so the client's bytes wake the poll. */
static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  (void) s;
  (void) nread;
  free_buf(buf);
}

static void connection_cb(uv_stream_t* s, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(s, (uv_stream_t*) &conn));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
}

int main(void) {
  struct sockaddr_in a;
  int port;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_check_init(loop, &chk));
  CHECK(0 == uv_check_start(&chk, check_cb));
  CHECK(0 == uv_prepare_init(loop, &prep));
  CHECK(0 == uv_prepare_start(&prep, prepare_cb));
  CHECK(0 == uv_timer_init(loop, &tm));
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&creq, &client, loopback4(&a, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
