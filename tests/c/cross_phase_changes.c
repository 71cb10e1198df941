/* Changes made in one phase to handles of a later phase of the SAME
 * iteration: a timer stops an idle (it does not run), an idle stops a
 * prepare (it does not run), a prepare starts a check (it runs in this very
 * iteration), a check starts an idle (it runs in the next iteration), a
 * prepare closes a check (it does not run; its close callback does). */
#include "common.h"

static uv_timer_t timer;
static uv_idle_t idle_a, idle_b;
static uv_prepare_t prep_a, prep_b;
static uv_check_t chk_a, chk_b;
static int iter = 1;

static void close_cb(uv_handle_t* h) { T("iter %d: close_cb %s", iter, (char*) h->data); }
static void idle_b_cb(uv_idle_t* h) { (void) h; T("iter %d: idle b", iter); }
static void prep_b_cb(uv_prepare_t* h) { (void) h; T("iter %d: prepare b (must not run in iter 1)", iter); }

static void timer_cb(uv_timer_t* h) {
  (void) h;
  T("iter %d: timer stops idle b", iter);
  CHECK(0 == uv_idle_stop(&idle_b));
}

static void idle_a_cb(uv_idle_t* h) {
  (void) h;
  T("iter %d: idle a", iter);
  if (iter == 1) {
    T("  idle a stops prepare b");
    CHECK(0 == uv_prepare_stop(&prep_b));
  }
}

static void chk_b_cb(uv_check_t* h) { T("iter %d: check %s", iter, (char*) h->data); }

static void prep_a_cb(uv_prepare_t* h) {
  (void) h;
  T("iter %d: prepare a", iter);
  if (iter == 1) {
    T("  prepare a starts check b, closes check a");
    CHECK(0 == uv_check_start(&chk_b, chk_b_cb));
    uv_close((uv_handle_t*) &chk_a, close_cb);
  }
}

static void chk_a_cb(uv_check_t* h) { (void) h; T("iter %d: check a (must not run)", iter); }

static void chk_b_start_idle(uv_check_t* h) {
  (void) h;
  T("iter %d: check b starts idle b", iter);
  CHECK(0 == uv_idle_start(&idle_b, idle_b_cb));
}

int main(void) {
  uv_loop_t loop;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle_a));
  CHECK(0 == uv_idle_init(&loop, &idle_b));
  CHECK(0 == uv_prepare_init(&loop, &prep_a));
  CHECK(0 == uv_prepare_init(&loop, &prep_b));
  CHECK(0 == uv_check_init(&loop, &chk_a));
  CHECK(0 == uv_check_init(&loop, &chk_b));
  chk_a.data = "a";
  chk_b.data = "b";
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  CHECK(0 == uv_idle_start(&idle_b, idle_b_cb));
  CHECK(0 == uv_idle_start(&idle_a, idle_a_cb));
  CHECK(0 == uv_prepare_start(&prep_b, prep_b_cb));
  CHECK(0 == uv_prepare_start(&prep_a, prep_a_cb));
  CHECK(0 == uv_check_start(&chk_a, chk_a_cb));
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));
  iter = 2;
  T("iter 2: check b restarted with a callback that starts idle b");
  CHECK(0 == uv_check_stop(&chk_b));
  CHECK(0 == uv_check_start(&chk_b, chk_b_start_idle));
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));
  iter = 3;
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));
  finish_loop(&loop);
  return 0;
}
