/* 4,000 timers through 40,000 pseudo-random operations before the loop
 * runs: start with a deadline of 0-24 ms, stop, restart, uv_timer_again
 * after a repeat was set, and close (a closed timer is never touched again).
 * The loop's clock stands still until uv_run, so every deadline is exact,
 * and the firing order is fixed: by deadline, ties in the order of the last
 * start. A timer with a repeat stops itself when it fires, so nothing fires
 * twice. The transcript is what the operations returned, then the firing
 * order, 25 timers per line. */
#include "common.h"

#define N 4000
#define OPS 40000

static uv_timer_t timers[N];
static int closed[N];
static int order[N], fired;
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned) (rng >> 11);
}

static void timer_cb(uv_timer_t* h) {
  CHECK(fired < N);
  order[fired++] = (int) (h - timers);
  if (uv_timer_get_repeat(h) != 0) CHECK(0 == uv_timer_stop(h));
}

int main(void) {
  uv_loop_t loop;
  int counts[5] = {0, 0, 0, 0, 0};
  int again_refused = 0;
  int i;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < N; i++) CHECK(0 == uv_timer_init(&loop, &timers[i]));
  for (i = 0; i < OPS; i++) {
    int t = (int) (next() % N);
    unsigned op = next() % 100;
    if (closed[t]) continue;
    if (op < 55) {
      CHECK(0 == uv_timer_start(&timers[t], timer_cb, next() % 25, 0));
      counts[0]++;
    } else if (op < 75) {
      CHECK(0 == uv_timer_stop(&timers[t]));
      counts[1]++;
    } else if (op < 90) {
      uv_timer_set_repeat(&timers[t], 1 + next() % 24);
      counts[2]++;
    } else if (op < 99) {
      int r = uv_timer_again(&timers[t]);
      if (r == UV_EINVAL) again_refused++;
      else CHECK(r == 0);
      counts[3]++;
    } else {
      uv_close((uv_handle_t*) &timers[t], NULL);
      closed[t] = 1;
      counts[4]++;
    }
  }
  T("start %d, stop %d, set_repeat %d, again %d (%d never started), close %d",
    counts[0], counts[1], counts[2], counts[3], again_refused, counts[4]);
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("fired %d", fired);
  print_ints(order, fired, 25);
  for (i = 0; i < N; i++)
    if (!closed[i]) uv_close((uv_handle_t*) &timers[i], NULL);
  finish_loop(&loop);
  return 0;
}
