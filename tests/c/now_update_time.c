/* uv_now is cached and monotonic: it does not move without uv_update_time or
 * a loop iteration, never goes backwards, and after a timer of N ms fired it
 * has advanced by at least N. uv_hrtime is monotonic too. */
#include "common.h"

static uint64_t start_now;

static void timer_cb(uv_timer_t* h) {
  T("in 15ms timer: now - start >= 15: %s",
    yesno(uv_now(h->loop) - start_now >= 15));
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t t;
  uint64_t a, b, h1, h2;
  int i, mono = 1;

  CHECK(0 == uv_loop_init(&loop));
  a = uv_now(&loop);
  h1 = uv_hrtime();
  while (uv_hrtime() - h1 < 3 * 1000 * 1000) {
  }
  b = uv_now(&loop);
  T("uv_now unchanged without update after 3ms busy wait: %s", yesno(a == b));
  uv_update_time(&loop);
  b = uv_now(&loop);
  T("after uv_update_time: advanced by >= 2: %s", yesno(b >= a + 2));
  T("uv_now close to uv_hrtime/1e6 domain: %s",
    yesno(b <= uv_hrtime() / 1000000 + 1));

  for (i = 0; i < 1000; i++) {
    uv_update_time(&loop);
    if (uv_now(&loop) < b) mono = 0;
    b = uv_now(&loop);
    h2 = uv_hrtime();
    if (h2 < h1) mono = 0;
    h1 = h2;
  }
  T("uv_now and uv_hrtime monotonic over 1000 updates: %s", yesno(mono));

  CHECK(0 == uv_timer_init(&loop, &t));
  start_now = uv_now(&loop);
  CHECK(0 == uv_timer_start(&t, timer_cb, 15, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("after run: now - start >= 15: %s", yesno(uv_now(&loop) - start_now >= 15));

  a = uv_now(&loop);
  CHECK(0 == uv_run(&loop, UV_RUN_NOWAIT));
  T("NOWAIT on a dead loop does not go backwards: %s", yesno(uv_now(&loop) >= a));
  uv_close((uv_handle_t*) &t, NULL);
  finish_loop(&loop);
  return 0;
}
