/* uv_timer_get_due_in (cached loop time, so exact values), timer start
 * argument checks, and huge timeouts that clamp instead of wrapping. */
#include "common.h"

#include <stdint.h>

static void rep_cb(uv_timer_t* h) {
  T("in repeating callback: due_in %llu, active %s",
    (unsigned long long) uv_timer_get_due_in(h),
    yesno(uv_is_active((uv_handle_t*) h)));
  CHECK(0 == uv_timer_stop(h));
}

static void once_cb(uv_timer_t* h) {
  T("in one-shot callback: due_in %llu, active %s",
    (unsigned long long) uv_timer_get_due_in(h),
    yesno(uv_is_active((uv_handle_t*) h)));
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t t;
  uint64_t now;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &t));
  T("never started: due_in %llu", (unsigned long long) uv_timer_get_due_in(&t));
  CHECK(0 == uv_timer_start(&t, once_cb, 100, 0));
  T("start(100): due_in %llu", (unsigned long long) uv_timer_get_due_in(&t));
  CHECK(0 == uv_timer_start(&t, once_cb, 0, 0));
  T("start(0): due_in %llu", (unsigned long long) uv_timer_get_due_in(&t));
  CHECK(0 == uv_timer_start(&t, once_cb, 2500, 0));
  T("start(2500): due_in %llu", (unsigned long long) uv_timer_get_due_in(&t));
  uv_update_time(&loop);
  T("after uv_update_time: due_in <= 2500: %s",
    yesno(uv_timer_get_due_in(&t) <= 2500));
  CHECK(0 == uv_timer_stop(&t));

  r = uv_timer_start(&t, NULL, 1, 0);
  T("start with NULL callback -> %s, active %s", ename(r),
    yesno(uv_is_active((uv_handle_t*) &t)));

  now = uv_now(&loop);
  CHECK(0 == uv_timer_start(&t, once_cb, UINT64_MAX, 0));
  T("start(UINT64_MAX): due_in == UINT64_MAX - now: %s",
    yesno(uv_timer_get_due_in(&t) == UINT64_MAX - now));
  CHECK(0 == uv_timer_start(&t, once_cb, UINT64_MAX - 5, 0));
  T("start(UINT64_MAX-5): due_in == UINT64_MAX - now: %s",
    yesno(uv_timer_get_due_in(&t) == UINT64_MAX - now));
  CHECK(0 == uv_timer_stop(&t));

  CHECK(0 == uv_timer_start(&t, rep_cb, 1, 50));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  CHECK(0 == uv_timer_start(&t, once_cb, 1, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  uv_close((uv_handle_t*) &t, NULL);
  finish_loop(&loop);
  return 0;
}
