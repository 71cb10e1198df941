/* uv_run(UV_RUN_DEFAULT): what it runs and what it returns with no handles,
 * an active timer, only an unreferenced timer, only a closing handle, and
 * after uv_stop with another handle still active. */
#include "common.h"

static int fired;
static int closed;

static void timer_cb(uv_timer_t* h) {
  (void) h;
  fired++;
  T("timer fired");
}

static void stop_cb(uv_timer_t* h) {
  T("stopping timer fired, calling uv_stop");
  uv_stop(uv_handle_get_loop((uv_handle_t*) h));
}

static void close_cb(uv_handle_t* h) {
  (void) h;
  closed++;
  T("close callback");
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t t1, t2;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("no handles: run -> %d", r);

  CHECK(0 == uv_timer_init(&loop, &t1));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("inactive timer: run -> %d", r);

  CHECK(0 == uv_timer_start(&t1, timer_cb, 1, 0));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("active 1ms timer: run -> %d, fired %d", r, fired);

  fired = 0;
  CHECK(0 == uv_timer_start(&t1, timer_cb, 0, 0));
  uv_unref((uv_handle_t*) &t1);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("unref'd timer only: run -> %d, fired %d", r, fired);
  T("unref'd timer still active: %s", yesno(uv_is_active((uv_handle_t*) &t1)));
  CHECK(0 == uv_timer_stop(&t1));
  uv_ref((uv_handle_t*) &t1);

  uv_close((uv_handle_t*) &t1, close_cb);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("closing handle only: run -> %d, closed %d", r, closed);

  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_timer_init(&loop, &t2));
  CHECK(0 == uv_timer_start(&t1, stop_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t2, timer_cb, 100000, 0));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("uv_stop with a 100s timer active: run -> %d", r);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("stop flag cleared, NOWAIT -> %d", r);

  uv_close((uv_handle_t*) &t1, close_cb);
  uv_close((uv_handle_t*) &t2, close_cb);
  finish_loop(&loop);
  return 0;
}
