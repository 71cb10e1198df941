/* uv_stop: called before uv_run, inside a timer callback, inside an idle
 * callback (the rest of that iteration still runs: prepare, poll without
 * blocking, check, closing), and its effect on uv_run's return value and
 * on the public loop->stop_flag. */
#include "common.h"

static uv_loop_t loop;
static uv_timer_t timer, far_timer;
static uv_idle_t idle;
static uv_prepare_t prepare;
static uv_check_t check;
static int idle_runs;

static void timer_cb(uv_timer_t* h) {
  (void) h;
  T("timer: uv_stop");
  uv_stop(&loop);
}

static void idle_cb(uv_idle_t* h) {
  (void) h;
  idle_runs++;
  T("idle %d", idle_runs);
  if (idle_runs == 2) {
    T("idle: uv_stop, close timer");
    uv_stop(&loop);
    uv_close((uv_handle_t*) &timer, NULL);
  }
}

static void prepare_cb(uv_prepare_t* h) { (void) h; T("prepare"); }
static void check_cb(uv_check_t* h) { (void) h; T("check"); }

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_timer_init(&loop, &far_timer));
  CHECK(0 == uv_timer_start(&far_timer, timer_cb, 100000, 0));

  T("stop_flag on a fresh loop: %u", loop.stop_flag);
  uv_stop(&loop);
  T("stop_flag after uv_stop: %u", loop.stop_flag);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop before run: DEFAULT -> %d, stop_flag now %u", r, loop.stop_flag);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("then NOWAIT -> %d (flag was reset)", r);

  CHECK(0 == uv_timer_start(&timer, timer_cb, 1, 0));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop in timer, 100s timer still active: DEFAULT -> %d", r);

  CHECK(0 == uv_timer_stop(&far_timer));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop in timer, nothing else active: DEFAULT -> %d", r);

  uv_stop(&loop);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop before run, nothing active: DEFAULT -> %d", r);

  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prepare));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  CHECK(0 == uv_prepare_start(&prepare, prepare_cb));
  CHECK(0 == uv_check_start(&check, check_cb));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop in idle: DEFAULT -> %d", r);
  T("timer closed: %s", yesno(uv_is_closing((uv_handle_t*) &timer)));

  uv_stop(&loop);
  r = uv_run(&loop, UV_RUN_ONCE);
  T("stop before ONCE with idle active: -> %d", r);
  r = uv_run(&loop, UV_RUN_ONCE);
  T("ONCE again: -> %d", r);

  uv_close((uv_handle_t*) &idle, NULL);
  uv_close((uv_handle_t*) &prepare, NULL);
  uv_close((uv_handle_t*) &check, NULL);
  uv_close((uv_handle_t*) &far_timer, NULL);
  finish_loop(&loop);
  return 0;
}
