/* Stopping and closing timers from inside timer callbacks: a timer due at
 * the same time as the running one is stopped (never fires), another one is
 * closed (never fires, its close callback runs), a repeating timer stops
 * itself, and a stopped timer is restarted from a callback. */
#include "common.h"

static uv_timer_t a, b, c, d, rep;
static int rep_count;

static void named_cb(uv_timer_t* h) { T("fired %s", (const char*) h->data); }

static void close_cb(uv_handle_t* h) { T("closed %s", (const char*) h->data); }

static void a_cb(uv_timer_t* h) {
  (void) h;
  T("fired a: stop b, close c, restart d with 0");
  CHECK(0 == uv_timer_stop(&b));
  uv_close((uv_handle_t*) &c, close_cb);
  CHECK(0 == uv_timer_start(&d, named_cb, 0, 0));
}

static void rep_cb(uv_timer_t* h) {
  rep_count++;
  T("fired rep %d", rep_count);
  if (rep_count == 3) {
    T("rep stops itself");
    CHECK(0 == uv_timer_stop(h));
    CHECK(0 == uv_timer_stop(h));
  }
}

int main(void) {
  uv_loop_t loop;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &a));
  CHECK(0 == uv_timer_init(&loop, &b));
  CHECK(0 == uv_timer_init(&loop, &c));
  CHECK(0 == uv_timer_init(&loop, &d));
  CHECK(0 == uv_timer_init(&loop, &rep));
  a.data = "a";
  b.data = "b";
  c.data = "c";
  d.data = "d";
  rep.data = "rep";
  CHECK(0 == uv_timer_start(&d, named_cb, 0, 0));
  CHECK(0 == uv_timer_start(&a, a_cb, 0, 0));
  CHECK(0 == uv_timer_start(&b, named_cb, 0, 0));
  CHECK(0 == uv_timer_start(&c, named_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("b active %s, d active %s", yesno(uv_is_active((uv_handle_t*) &b)),
    yesno(uv_is_active((uv_handle_t*) &d)));
  CHECK(0 == uv_timer_start(&rep, rep_cb, 1, 1));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("rep active %s", yesno(uv_is_active((uv_handle_t*) &rep)));
  uv_close((uv_handle_t*) &a, close_cb);
  uv_close((uv_handle_t*) &b, close_cb);
  uv_close((uv_handle_t*) &d, close_cb);
  uv_close((uv_handle_t*) &rep, close_cb);
  finish_loop(&loop);
  return 0;
}
