/* Timers with equal deadlines fire in start order, whatever their init
 * order; restarting one moves it behind the others. */
#include "common.h"

static void timer_cb(uv_timer_t* h) { T("fired %s", (const char*) h->data); }

int main(void) {
  static const char* names[] = {"A", "B", "C", "D", "E"};
  uv_loop_t loop;
  uv_timer_t t[5];
  int i;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < 5; i++) {
    CHECK(0 == uv_timer_init(&loop, &t[i]));
    t[i].data = (void*) names[i];
  }

  T("round 1: start A B C D E with timeout 0");
  for (i = 0; i < 5; i++) CHECK(0 == uv_timer_start(&t[i], timer_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("round 2: start E D C B A with timeout 2");
  for (i = 4; i >= 0; i--) CHECK(0 == uv_timer_start(&t[i], timer_cb, 2, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("round 3: start C A E B D, then restart A and C");
  CHECK(0 == uv_timer_start(&t[2], timer_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t[0], timer_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t[4], timer_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t[1], timer_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t[3], timer_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t[0], timer_cb, 1, 0));
  CHECK(0 == uv_timer_start(&t[2], timer_cb, 1, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("round 4: B stopped and started again after the rest");
  for (i = 0; i < 5; i++) CHECK(0 == uv_timer_start(&t[i], timer_cb, 0, 0));
  CHECK(0 == uv_timer_stop(&t[1]));
  CHECK(0 == uv_timer_start(&t[1], timer_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  for (i = 0; i < 5; i++) uv_close((uv_handle_t*) &t[i], NULL);
  finish_loop(&loop);
  return 0;
}
