/* Repeating timers: fire count, uv_timer_get_repeat/set_repeat, set_repeat(0)
 * inside the callback (the timer was already re-armed before the callback
 * ran, so it fires once more), set_repeat on an active one-shot timer (it
 * repeats), uv_is_active inside callbacks. */
#include "common.h"

static uv_loop_t loop;
static uv_timer_t rep, once, shrink, grow;
static int rep_count, shrink_count, grow_count;

static void grow_cb(uv_timer_t* h) {
  grow_count++;
  T("grow fired %d, active %s", grow_count, yesno(uv_is_active((uv_handle_t*) h)));
  if (grow_count == 3) CHECK(0 == uv_timer_stop(h));
}

static void rep_cb(uv_timer_t* h) {
  rep_count++;
  T("rep fired %d, active %s, repeat %llu", rep_count,
    yesno(uv_is_active((uv_handle_t*) h)),
    (unsigned long long) uv_timer_get_repeat(h));
  if (rep_count == 3) {
    CHECK(0 == uv_timer_stop(h));
    T("rep stopped itself, active %s", yesno(uv_is_active((uv_handle_t*) h)));
  }
}

static void once_cb(uv_timer_t* h) {
  T("once fired, active %s", yesno(uv_is_active((uv_handle_t*) h)));
}

static void shrink_cb(uv_timer_t* h) {
  shrink_count++;
  T("shrink fired %d, active %s", shrink_count,
    yesno(uv_is_active((uv_handle_t*) h)));
  if (shrink_count == 2) {
    uv_timer_set_repeat(h, 0);
    T("shrink: set_repeat(0), repeat now %llu, active %s",
      (unsigned long long) uv_timer_get_repeat(h),
      yesno(uv_is_active((uv_handle_t*) h)));
  }
  CHECK(shrink_count <= 3);
}

int main(void) {
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &rep));
  CHECK(0 == uv_timer_init(&loop, &once));
  CHECK(0 == uv_timer_init(&loop, &shrink));
  T("initial repeat %llu", (unsigned long long) uv_timer_get_repeat(&rep));
  uv_timer_set_repeat(&rep, 7);
  T("set_repeat(7) on a stopped timer: repeat %llu, active %s",
    (unsigned long long) uv_timer_get_repeat(&rep),
    yesno(uv_is_active((uv_handle_t*) &rep)));

  CHECK(0 == uv_timer_start(&rep, rep_cb, 1, 1));
  T("start(1, 1): repeat %llu", (unsigned long long) uv_timer_get_repeat(&rep));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("run done, rep fired %d", rep_count);

  CHECK(0 == uv_timer_start(&once, once_cb, 1, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  CHECK(0 == uv_timer_start(&shrink, shrink_cb, 1, 1));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("run done, shrink fired %d, active %s", shrink_count,
    yesno(uv_is_active((uv_handle_t*) &shrink)));

  /* A one-shot timer given a repeat value while active repeats: the value
   * is read when the timer fires, not when it was started. */
  CHECK(0 == uv_timer_init(&loop, &grow));
  CHECK(0 == uv_timer_start(&grow, grow_cb, 1, 0));
  uv_timer_set_repeat(&grow, 1);
  T("grow: started one-shot, then set_repeat(1)");
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("run done, grow fired %d", grow_count);
  uv_close((uv_handle_t*) &grow, NULL);

  uv_close((uv_handle_t*) &rep, NULL);
  uv_close((uv_handle_t*) &once, NULL);
  uv_close((uv_handle_t*) &shrink, NULL);
  finish_loop(&loop);
  return 0;
}
