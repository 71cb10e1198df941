/* 300 timers started in one go with deadlines (i * 7) % 13 ms fire in
 * deadline order, ties in start order; every third one is stopped before the
 * run and every fifth restarted with (i / 5) % 6 ms, which moves it behind
 * the timers already started with the same deadline. The transcript is the
 * firing order, 15 timers per line. */
#include "common.h"

#define N 300

static uv_timer_t timers[N];
static int order[N], fired;

static void timer_cb(uv_timer_t* h) { order[fired++] = (int) (h - timers); }

int main(void) {
  uv_loop_t loop;
  int i;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < N; i++) {
    CHECK(0 == uv_timer_init(&loop, &timers[i]));
    CHECK(0 == uv_timer_start(&timers[i], timer_cb, (i * 7) % 13, 0));
  }
  for (i = 0; i < N; i += 3) CHECK(0 == uv_timer_stop(&timers[i]));
  for (i = 0; i < N; i += 5)
    CHECK(0 == uv_timer_start(&timers[i], timer_cb, (i / 5) % 6, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("fired %d", fired);
  print_ints(order, fired, 15);
  for (i = 0; i < N; i++) uv_close((uv_handle_t*) &timers[i], NULL);
  finish_loop(&loop);
  return 0;
}
