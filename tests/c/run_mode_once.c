/* uv_run(UV_RUN_ONCE): return values and what runs, with no handles, a due
 * timer, a timer that needs the poll to wait, a due timer plus a later one, an unreferenced timer, an
 * active idle handle and a closing handle. */
#include "common.h"

static int fired;

static void timer_cb(uv_timer_t* h) {
  (void) h;
  fired++;
  T("timer fired");
}

static void idle_cb(uv_idle_t* h) { (void) h; T("idle ran"); }
static void close_cb(uv_handle_t* h) { (void) h; T("close callback"); }

int main(void) {
  uv_loop_t loop;
  uv_timer_t t1, t2;
  uv_idle_t idle;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  r = uv_run(&loop, UV_RUN_ONCE);
  T("no handles: ONCE -> %d", r);

  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_timer_init(&loop, &t2));

  CHECK(0 == uv_timer_start(&t1, timer_cb, 5, 0));
  r = uv_run(&loop, UV_RUN_ONCE);
  T("one 5ms timer: ONCE -> %d, fired %d (waits for it)", r, fired);

  fired = 0;
  CHECK(0 == uv_timer_start(&t1, timer_cb, 0, 0));
  CHECK(0 == uv_timer_start(&t2, timer_cb, 20, 0));
  r = uv_run(&loop, UV_RUN_ONCE);
  /* Running a timer does not keep ONCE from blocking in the poll phase. */
  T("due timer + 20ms timer: ONCE -> %d, fired %d", r, fired);

  fired = 0;
  CHECK(0 == uv_timer_start(&t1, timer_cb, 0, 0));
  uv_unref((uv_handle_t*) &t1);
  r = uv_run(&loop, UV_RUN_ONCE);
  T("unref'd due timer only: ONCE -> %d, fired %d", r, fired);
  CHECK(0 == uv_timer_stop(&t1));
  uv_ref((uv_handle_t*) &t1);

  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  r = uv_run(&loop, UV_RUN_ONCE);
  T("active idle: ONCE -> %d", r);
  CHECK(0 == uv_timer_start(&t2, timer_cb, 100000, 0));
  r = uv_run(&loop, UV_RUN_ONCE);
  T("active idle + 100s timer: ONCE -> %d, fired %d (no wait)", r, fired);
  CHECK(0 == uv_timer_stop(&t2));
  CHECK(0 == uv_idle_stop(&idle));

  uv_close((uv_handle_t*) &idle, close_cb);
  r = uv_run(&loop, UV_RUN_ONCE);
  T("closing handle only: ONCE -> %d", r);

  uv_close((uv_handle_t*) &t1, close_cb);
  uv_close((uv_handle_t*) &t2, close_cb);
  finish_loop(&loop);
  return 0;
}
