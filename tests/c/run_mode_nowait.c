/* uv_run(UV_RUN_NOWAIT): return values and what runs, with no handles, a due
 * timer, a far timer, an active idle, a pending async and a closing handle. */
#include "common.h"

static int fired;

static void timer_cb(uv_timer_t* h) {
  (void) h;
  fired++;
  T("timer fired");
}

static void idle_cb(uv_idle_t* h) { (void) h; T("idle ran"); }
static void async_cb(uv_async_t* h) { (void) h; T("async callback"); }
static void close_cb(uv_handle_t* h) { (void) h; T("close callback"); }

int main(void) {
  uv_loop_t loop;
  uv_timer_t t1;
  uv_idle_t idle;
  uv_async_t async;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("no handles: NOWAIT -> %d", r);

  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_timer_start(&t1, timer_cb, 0, 0));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("due timer: NOWAIT -> %d, fired %d", r, fired);

  fired = 0;
  CHECK(0 == uv_timer_start(&t1, timer_cb, 100000, 0));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("100s timer: NOWAIT -> %d, fired %d", r, fired);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("100s timer again: NOWAIT -> %d, fired %d", r, fired);
  CHECK(0 == uv_timer_stop(&t1));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("timer stopped: NOWAIT -> %d", r);

  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("active idle: NOWAIT -> %d", r);
  CHECK(0 == uv_idle_stop(&idle));

  CHECK(0 == uv_async_init(&loop, &async, async_cb));
  CHECK(0 == uv_async_send(&async));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("sent async: NOWAIT -> %d", r);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("idle async: NOWAIT -> %d", r);
  uv_unref((uv_handle_t*) &async);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("unref'd async: NOWAIT -> %d", r);

  uv_close((uv_handle_t*) &async, close_cb);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("closing async: NOWAIT -> %d", r);

  uv_close((uv_handle_t*) &idle, close_cb);
  uv_close((uv_handle_t*) &t1, close_cb);
  finish_loop(&loop);
  return 0;
}
