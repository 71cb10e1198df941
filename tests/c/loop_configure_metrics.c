/* uv_loop_configure: UV_METRICS_IDLE_TIME turns on idle-time accounting
 * (nonzero after the loop waited 20 ms for a timer; zero without it);
 * UV_LOOP_BLOCK_SIGNAL accepts SIGPROF only; unknown options fail. */
#include "common.h"

#include <signal.h>

static void timer_cb(uv_timer_t* h) { (void) h; T("timer fired"); }

/* Waits for a 20 ms timer (100 ms under valgrind, where getting from
 * uv_timer_start to the poll can take longer than 20 ms). */
static void wait_20ms(uv_loop_t* loop) {
  uv_timer_t t;
  const char* vg = getenv("RUV_VALGRIND");
  CHECK(0 == uv_timer_init(loop, &t));
  uv_update_time(loop);
  CHECK(0 == uv_timer_start(&t, timer_cb, vg && vg[0] == '1' ? 100 : 20, 0));
  CHECK(0 == uv_run(loop, UV_RUN_DEFAULT));
  uv_close((uv_handle_t*) &t, NULL);
  CHECK(0 == uv_run(loop, UV_RUN_DEFAULT));
}

int main(void) {
  uv_loop_t loop, plain;
  uint64_t idle;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_loop_init(&plain));
  r = uv_loop_configure(&loop, UV_METRICS_IDLE_TIME);
  T("configure UV_METRICS_IDLE_TIME -> %s", ename(r));
  T("idle time before running: %llu",
    (unsigned long long) uv_metrics_idle_time(&loop));
  wait_20ms(&loop);
  idle = uv_metrics_idle_time(&loop);
  T("idle time > 0: %s", yesno(idle > 0));
  T("idle time >= 10 ms: %s", yesno(idle >= 10 * 1000 * 1000));
  T("idle time < 10 s: %s", yesno(idle < 10ULL * 1000 * 1000 * 1000));
  wait_20ms(&loop);
  T("idle time grows: %s", yesno(uv_metrics_idle_time(&loop) > idle));

  wait_20ms(&plain);
  T("without the option: idle time %llu",
    (unsigned long long) uv_metrics_idle_time(&plain));

  r = uv_loop_configure(&plain, UV_LOOP_BLOCK_SIGNAL, SIGPROF);
  T("configure UV_LOOP_BLOCK_SIGNAL SIGPROF -> %s", ename(r));
  r = uv_loop_configure(&plain, UV_LOOP_BLOCK_SIGNAL, SIGINT);
  T("configure UV_LOOP_BLOCK_SIGNAL SIGINT -> %s", ename(r));
  r = uv_loop_configure(&plain, (uv_loop_option) 42);
  T("configure option 42 -> %s", ename(r));

  finish_loop(&plain);
  finish_loop(&loop);
  return 0;
}
