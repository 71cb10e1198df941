/* The poll phase must not block when something made the loop busy before
 * it: an idle started in a prepare callback, uv_stop in a prepare callback,
 * a handle closed in a prepare callback, an async sent in a prepare
 * callback. Each case runs UV_RUN_ONCE with a 10 s timer active: blocking
 * would hang the program (the harness kills it after 20 s). */
#include "common.h"

static uv_loop_t loop;
static uv_timer_t far;
static uv_prepare_t prep;
static uv_idle_t idle;
static uv_idle_t victim;
static uv_async_t async;
static int mode;

static void idle_cb(uv_idle_t* h) { T("  idle ran"); CHECK(0 == uv_idle_stop(h)); }
static void async_cb(uv_async_t* h) { (void) h; T("  async ran"); }
static void close_cb(uv_handle_t* h) { (void) h; T("  close_cb ran"); }

static void prep_cb(uv_prepare_t* h) {
  (void) h;
  switch (mode) {
    case 1:
      T("  prepare: start idle");
      CHECK(0 == uv_idle_start(&idle, idle_cb));
      break;
    case 2:
      T("  prepare: uv_stop");
      uv_stop(&loop);
      break;
    case 3:
      T("  prepare: close a handle");
      uv_close((uv_handle_t*) &victim, close_cb);
      break;
    case 4:
      T("  prepare: async send");
      CHECK(0 == uv_async_send(&async));
      break;
  }
  mode = 0;
}

static void far_cb(uv_timer_t* h) { (void) h; T("10 s timer fired (must not)"); }

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &far));
  CHECK(0 == uv_prepare_init(&loop, &prep));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_idle_init(&loop, &victim));
  CHECK(0 == uv_async_init(&loop, &async, async_cb));
  uv_unref((uv_handle_t*) &async);
  CHECK(0 == uv_timer_start(&far, far_cb, 10000, 0));
  CHECK(0 == uv_prepare_start(&prep, prep_cb));

  for (mode = 1; mode <= 4;) {
    int m = mode;
    T("case %d:", m);
    r = uv_run(&loop, UV_RUN_ONCE);
    T("  ONCE -> %d", r);
    mode = m + 1;
  }
  T("far timer still active: %s", yesno(uv_is_active((uv_handle_t*) &far)));
  finish_loop(&loop);
  return 0;
}
