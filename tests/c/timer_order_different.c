/* Timers with different deadlines fire in deadline order, not start order,
 * even when they are all overdue by the time the loop looks at them. */
#include "common.h"

static void named_cb(uv_timer_t* h) { T("fired %s", (const char*) h->data); }

int main(void) {
  uv_loop_t loop;
  uv_timer_t t[6];
  static const char* names[] = {"t30", "t10", "t20", "t0", "t5", "t15"};
  static const uint64_t delays[] = {30, 10, 20, 0, 5, 15};
  int i;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < 6; i++) {
    CHECK(0 == uv_timer_init(&loop, &t[i]));
    t[i].data = (void*) names[i];
    CHECK(0 == uv_timer_start(&t[i], named_cb, delays[i], 0));
  }
  T("started t30 t10 t20 t0 t5 t15");
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("all overdue: start t3 t1 t2, busy-wait 10 ms, then run");
  CHECK(0 == uv_timer_start(&t[0], named_cb, 3, 0));
  t[0].data = "t3";
  CHECK(0 == uv_timer_start(&t[1], named_cb, 1, 0));
  t[1].data = "t1";
  CHECK(0 == uv_timer_start(&t[2], named_cb, 2, 0));
  t[2].data = "t2";
  {
    uint64_t start = uv_hrtime();
    while (uv_hrtime() - start < 10 * 1000 * 1000) {
    }
  }
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  for (i = 0; i < 6; i++) uv_close((uv_handle_t*) &t[i], NULL);
  finish_loop(&loop);
  return 0;
}
