/* Phase order within one loop iteration, over three iterations:
 * timers, idle, prepare, poll (async callbacks), check, closing.
 * The async is sent from the prepare callback, so its callback runs in the
 * poll phase of the same iteration (the poll does not block: idle active). */
#include "common.h"

static uv_timer_t timer;
static uv_idle_t idle;
static uv_prepare_t prepare;
static uv_check_t check;
static uv_async_t async;
static int iter = 1;

static void timer_cb(uv_timer_t* h) { (void) h; T("iter %d: timer", iter); }
static void idle_cb(uv_idle_t* h) { (void) h; T("iter %d: idle", iter); }
static void async_cb(uv_async_t* h) { (void) h; T("iter %d: async", iter); }

static void prepare_cb(uv_prepare_t* h) {
  (void) h;
  T("iter %d: prepare", iter);
  CHECK(0 == uv_async_send(&async));
}

static void close_cb(uv_handle_t* h) {
  T("iter %d: close %s", iter, uv_handle_type_name(uv_handle_get_type(h)));
}

static void check_cb(uv_check_t* h) {
  (void) h;
  T("iter %d: check", iter);
  if (iter < 3) {
    /* Due at once: runs first thing in the next iteration. */
    CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  } else {
    uv_close((uv_handle_t*) &timer, close_cb);
    uv_close((uv_handle_t*) &idle, close_cb);
    uv_close((uv_handle_t*) &prepare, close_cb);
    uv_close((uv_handle_t*) &check, close_cb);
    uv_close((uv_handle_t*) &async, close_cb);
    return;
  }
  iter++;
}

int main(void) {
  uv_loop_t loop;
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prepare));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_async_init(&loop, &async, async_cb));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  CHECK(0 == uv_prepare_start(&prepare, prepare_cb));
  CHECK(0 == uv_check_start(&check, check_cb));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run returned %d", r);
  finish_loop(&loop);
  return 0;
}
