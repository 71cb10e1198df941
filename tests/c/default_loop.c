/* The default loop: uv_default_loop() returns the same pointer every time,
 * is usable like any loop, closes with uv_loop_close, and after closing a
 * new call gives a working default loop again. */
#include "common.h"

static void timer_cb(uv_timer_t* h) { (void) h; T("timer on default loop fired"); }

int main(void) {
  uv_loop_t* a = uv_default_loop();
  uv_loop_t* b = uv_default_loop();
  uv_loop_t* c;
  uv_timer_t t;
  int r;

  CHECK(a != NULL);
  T("same pointer twice: %s", yesno(a == b));
  T("alive: %s", yesno(uv_loop_alive(a)));
  r = uv_run(a, UV_RUN_DEFAULT);
  T("run empty default loop -> %d", r);
  CHECK(0 == uv_timer_init(a, &t));
  CHECK(0 == uv_timer_start(&t, timer_cb, 1, 0));
  r = uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  T("run -> %d", r);
  r = uv_loop_close(a);
  T("close with timer open -> %s", ename(r));
  uv_close((uv_handle_t*) &t, NULL);
  CHECK(0 == uv_run(a, UV_RUN_DEFAULT));
  r = uv_loop_close(a);
  T("close default loop -> %s", ename(r));
  CHECK(r == 0);

  c = uv_default_loop();
  CHECK(c != NULL);
  T("default loop after close: same address %s, alive %s", yesno(c == a),
    yesno(uv_loop_alive(c)));
  CHECK(0 == uv_timer_init(c, &t));
  CHECK(0 == uv_timer_start(&t, timer_cb, 1, 0));
  r = uv_run(c, UV_RUN_DEFAULT);
  T("run recreated default loop -> %d", r);
  uv_close((uv_handle_t*) &t, NULL);
  finish_loop(c);
  return 0;
}
