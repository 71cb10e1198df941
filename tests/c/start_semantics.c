/* Starting handles: idle/prepare/check start with a NULL callback is
 * UV_EINVAL; starting an already active idle/prepare/check with another
 * callback returns 0 and keeps the FIRST callback; starting an active timer
 * with another callback replaces callback and deadline. */
#include "common.h"

static void idle1(uv_idle_t* h) { (void) h; T("idle: first callback"); }
static void idle2(uv_idle_t* h) { (void) h; T("idle: second callback"); }
static void prep1(uv_prepare_t* h) { (void) h; T("prepare: first callback"); }
static void prep2(uv_prepare_t* h) { (void) h; T("prepare: second callback"); }
static void check1(uv_check_t* h) { (void) h; T("check: first callback"); }
static void check2(uv_check_t* h) { (void) h; T("check: second callback"); }
static void timer1(uv_timer_t* h) { (void) h; T("timer: first callback"); }
static void timer2(uv_timer_t* h) { (void) h; T("timer: second callback"); }

int main(void) {
  uv_loop_t loop;
  uv_idle_t idle;
  uv_prepare_t prep;
  uv_check_t check;
  uv_timer_t timer;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prep));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_timer_init(&loop, &timer));

  T("idle_start(NULL) -> %s", ename(uv_idle_start(&idle, NULL)));
  T("prepare_start(NULL) -> %s", ename(uv_prepare_start(&prep, NULL)));
  T("check_start(NULL) -> %s", ename(uv_check_start(&check, NULL)));
  T("active after NULL starts: %s %s %s", yesno(uv_is_active((uv_handle_t*) &idle)),
    yesno(uv_is_active((uv_handle_t*) &prep)), yesno(uv_is_active((uv_handle_t*) &check)));

  T("idle_start(first) -> %s", ename(uv_idle_start(&idle, idle1)));
  T("idle_start(second) -> %s", ename(uv_idle_start(&idle, idle2)));
  T("idle_start(NULL) while active -> %s", ename(uv_idle_start(&idle, NULL)));
  T("prepare_start(first) -> %s", ename(uv_prepare_start(&prep, prep1)));
  T("prepare_start(second) -> %s", ename(uv_prepare_start(&prep, prep2)));
  T("check_start(first) -> %s", ename(uv_check_start(&check, check1)));
  T("check_start(second) -> %s", ename(uv_check_start(&check, check2)));
  T("timer_start(first, 100000) -> %s", ename(uv_timer_start(&timer, timer1, 100000, 0)));
  T("timer_start(second, 0) -> %s", ename(uv_timer_start(&timer, timer2, 0, 0)));
  T("run NOWAIT -> %d", uv_run(&loop, UV_RUN_NOWAIT));

  CHECK(0 == uv_idle_stop(&idle));
  CHECK(0 == uv_prepare_stop(&prep));
  CHECK(0 == uv_check_stop(&check));
  T("after stop, start(second) for all three");
  CHECK(0 == uv_idle_start(&idle, idle2));
  CHECK(0 == uv_prepare_start(&prep, prep2));
  CHECK(0 == uv_check_start(&check, check2));
  T("run NOWAIT -> %d", uv_run(&loop, UV_RUN_NOWAIT));

  T("stop on never-started handles: %s %s %s %s",
    ename(uv_idle_stop(&idle)), ename(uv_prepare_stop(&prep)),
    ename(uv_check_stop(&check)), ename(uv_timer_stop(&timer)));
  finish_loop(&loop);
  return 0;
}
