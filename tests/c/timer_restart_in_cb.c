/* A timer restarting itself from its own callback (with a delay, so the
 * restart fires in a later iteration), and a timer started with timeout 0
 * from inside another timer's callback. Check callbacks mark the end of each
 * loop iteration so the transcript shows in which iteration each timer ran.
 * libuv 1.44 runs a timeout-0 timer started inside a timer callback in the
 * same timer phase (its deadline is the cached loop time, already due). */
#include "common.h"

static uv_loop_t loop;
static uv_timer_t self, a, b, c, z;
static uv_check_t check;
static int self_count, iter = 1, z_count;

static void check_cb(uv_check_t* h) {
  (void) h;
  T("end of iteration %d", iter++);
}

static void self_cb(uv_timer_t* h) {
  self_count++;
  T("self fired %d, active %s", self_count,
    yesno(uv_is_active((uv_handle_t*) h)));
  if (self_count < 3) {
    CHECK(0 == uv_timer_start(h, self_cb, 1, 0));
    T("self restarted, active %s", yesno(uv_is_active((uv_handle_t*) h)));
  }
}

static void named_cb(uv_timer_t* h) { T("fired %s", (const char*) h->data); }

static void a_cb(uv_timer_t* h) {
  (void) h;
  T("fired a: start b with timeout 0");
  CHECK(0 == uv_timer_start(&b, named_cb, 0, 0));
}

static uv_timer_t u, v, w;

static void u_cb(uv_timer_t* h) {
  (void) h;
  T("fired u: uv_update_time, start v with 0 and w with 1");
  uv_update_time(&loop);
  CHECK(0 == uv_timer_start(&v, named_cb, 0, 0));
  CHECK(0 == uv_timer_start(&w, named_cb, 1, 0));
}

static void z_cb(uv_timer_t* h) {
  z_count++;
  T("fired z %d", z_count);
  if (z_count < 3) CHECK(0 == uv_timer_start(h, z_cb, 0, 0));
}

int main(void) {
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_check_start(&check, check_cb));
  uv_unref((uv_handle_t*) &check);
  CHECK(0 == uv_timer_init(&loop, &self));
  CHECK(0 == uv_timer_init(&loop, &a));
  CHECK(0 == uv_timer_init(&loop, &b));
  CHECK(0 == uv_timer_init(&loop, &c));
  CHECK(0 == uv_timer_init(&loop, &z));
  b.data = "b";
  c.data = "c";

  T("part 1: self restarts with 1 ms");
  CHECK(0 == uv_timer_start(&self, self_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("part 2: a and c due now; a starts b with 0");
  iter = 1;
  CHECK(0 == uv_timer_start(&a, a_cb, 0, 0));
  CHECK(0 == uv_timer_start(&c, named_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("part 3: z restarts itself with 0, three times");
  iter = 1;
  CHECK(0 == uv_timer_start(&z, z_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("part 4: u updates the loop time, then starts v (0) and w (1)");
  iter = 1;
  CHECK(0 == uv_timer_init(&loop, &u));
  CHECK(0 == uv_timer_init(&loop, &v));
  CHECK(0 == uv_timer_init(&loop, &w));
  v.data = "v";
  w.data = "w";
  CHECK(0 == uv_timer_start(&u, u_cb, 0, 0));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  finish_loop(&loop);
  return 0;
}
