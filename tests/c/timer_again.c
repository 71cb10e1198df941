/* uv_timer_again: UV_EINVAL on a never-started timer, a no-op without a
 * repeat value, a restart with the repeat value as timeout otherwise, and on
 * a stopped timer that was started once. */
#include "common.h"

static int fired;

static void timer_cb(uv_timer_t* h) {
  fired++;
  T("fired %d, repeat %llu", fired, (unsigned long long) uv_timer_get_repeat(h));
  if (fired == 2) CHECK(0 == uv_timer_stop(h));
}

static void show(const char* what, uv_timer_t* t) {
  T("%s: active %s, due_in %llu", what, yesno(uv_is_active((uv_handle_t*) t)),
    (unsigned long long) uv_timer_get_due_in(t));
}

/* After a run the loop time has moved by an unknown amount. */
static void show_active(const char* what, uv_timer_t* t) {
  T("%s: active %s", what, yesno(uv_is_active((uv_handle_t*) t)));
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t t;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &t));
  r = uv_timer_again(&t);
  T("again on never-started timer -> %s", ename(r));
  uv_timer_set_repeat(&t, 5);
  r = uv_timer_again(&t);
  T("again on never-started timer with repeat 5 -> %s", ename(r));
  show("after that", &t);
  uv_timer_set_repeat(&t, 0);

  CHECK(0 == uv_timer_start(&t, timer_cb, 100000, 0));
  r = uv_timer_again(&t);
  T("again on started timer, repeat 0 -> %s", ename(r));
  show("after again", &t);

  uv_timer_set_repeat(&t, 3);
  r = uv_timer_again(&t);
  T("again with repeat 3 -> %s", ename(r));
  show("after again", &t);

  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  show_active("after run", &t);

  r = uv_timer_again(&t);
  T("again on stopped timer with repeat 3 -> %s", ename(r));
  show("after again", &t);
  fired = 0;
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  show_active("after run", &t);

  uv_timer_set_repeat(&t, 0);
  r = uv_timer_again(&t);
  T("again on stopped timer with repeat 0 -> %s", ename(r));
  show_active("after again", &t);

  /* A stopped timer keeps its old deadline: due_in is not 0. */
  CHECK(0 == uv_timer_start(&t, timer_cb, 100, 0));
  CHECK(0 == uv_timer_stop(&t));
  show("start(100) then stop", &t);

  uv_close((uv_handle_t*) &t, NULL);
  r = uv_timer_again(&t);
  T("again on closing timer -> %s", ename(r));
  r = uv_timer_start(&t, timer_cb, 1, 0);
  T("start on closing timer -> %s", ename(r));
  finish_loop(&loop);
  return 0;
}
