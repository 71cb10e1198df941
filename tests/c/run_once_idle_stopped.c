/* uv_run(UV_RUN_ONCE) decides whether it may wait before its idle phase:
 * an idle handle that stops itself in that phase still keeps this one
 * iteration from blocking (the poll does not wait), while UV_RUN_DEFAULT
 * waits as soon as no idle handle is left. A check handle counts the
 * iterations that reached the check phase before a 500 ms timer fires. */
#include "common.h"

static uv_loop_t loop;
static uv_idle_t idle;
static uv_check_t check;
static uv_timer_t timer;
static int checks;

static void idle_cb(uv_idle_t* h) {
  T("idle (stops itself)");
  uv_idle_stop(h);
}

static void check_cb(uv_check_t* h) {
  (void) h;
  checks++;
}

static void timer_cb(uv_timer_t* h) {
  (void) h;
  T("timer fired after %d check(s)", checks);
  uv_check_stop(&check);
}

static void start_all(void) {
  checks = 0;
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  CHECK(0 == uv_check_start(&check, check_cb));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 500, 0));
}

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_timer_init(&loop, &timer));

  T("-- UV_RUN_ONCE");
  start_all();
  r = uv_run(&loop, UV_RUN_ONCE);
  T("first run once: %d, checks %d", r, checks);
  r = uv_run(&loop, UV_RUN_ONCE);
  T("second run once: %d, checks %d", r, checks);

  T("-- UV_RUN_DEFAULT");
  start_all();
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run default: %d, checks %d", r, checks);

  finish_loop(&loop);
  return 0;
}
