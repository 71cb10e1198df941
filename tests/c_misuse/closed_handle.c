/* Closed handles, a closing timer and never-initialised (zeroed) handles
 * given to the handle functions that return an error code: each answers
 * UV_EINVAL and nothing starts. Closed handle memory can be initialised
 * again. */
#include "misuse.h"

static void timer_cb(uv_timer_t* h) { (void) h; T("timer fired (wrong)"); }
static void idle_cb(uv_idle_t* h) { (void) h; T("idle ran (wrong)"); }
static void prepare_cb(uv_prepare_t* h) { (void) h; T("prepare ran (wrong)"); }
static void check_cb(uv_check_t* h) { (void) h; T("check ran (wrong)"); }

static int closed;
static void close_cb(uv_handle_t* h) {
  (void) h;
  closed++;
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  uv_prepare_t prepare;
  uv_check_t check;
  uv_async_t async;

  CHECK(0 == uv_loop_init(&loop));

  T("-- closing timer");
  CHECK(0 == uv_timer_init(&loop, &timer));
  uv_close((uv_handle_t*) &timer, close_cb);
  R("uv_timer_start", uv_timer_start(&timer, timer_cb, 0, 0));
  T("active: %s", yesno(uv_is_active((uv_handle_t*) &timer)));

  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prepare));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_async_init(&loop, &async, NULL));
  uv_close((uv_handle_t*) &idle, close_cb);
  uv_close((uv_handle_t*) &prepare, close_cb);
  uv_close((uv_handle_t*) &check, close_cb);
  uv_close((uv_handle_t*) &async, close_cb);
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));
  T("close callbacks: %d", closed);

  T("-- closed handles");
  R("uv_timer_start", uv_timer_start(&timer, timer_cb, 0, 0));
  R("uv_timer_stop", uv_timer_stop(&timer));
  R("uv_timer_again", uv_timer_again(&timer));
  R("uv_idle_start", uv_idle_start(&idle, idle_cb));
  R("uv_idle_stop", uv_idle_stop(&idle));
  R("uv_prepare_start", uv_prepare_start(&prepare, prepare_cb));
  R("uv_prepare_stop", uv_prepare_stop(&prepare));
  R("uv_check_start", uv_check_start(&check, check_cb));
  R("uv_check_stop", uv_check_stop(&check));
  R("uv_async_send", uv_async_send(&async));
  T("uv_loop_alive: %d", uv_loop_alive(&loop));
  R("uv_run NOWAIT", uv_run(&loop, UV_RUN_NOWAIT));

  T("-- zeroed handles");
  memset(&timer, 0, sizeof timer);
  memset(&idle, 0, sizeof idle);
  memset(&prepare, 0, sizeof prepare);
  memset(&check, 0, sizeof check);
  memset(&async, 0, sizeof async);
  R("uv_timer_start", uv_timer_start(&timer, timer_cb, 0, 0));
  R("uv_timer_stop", uv_timer_stop(&timer));
  R("uv_timer_again", uv_timer_again(&timer));
  R("uv_idle_start", uv_idle_start(&idle, idle_cb));
  R("uv_idle_stop", uv_idle_stop(&idle));
  R("uv_prepare_start", uv_prepare_start(&prepare, prepare_cb));
  R("uv_check_start", uv_check_start(&check, check_cb));
  R("uv_async_send", uv_async_send(&async));
  T("uv_loop_alive: %d", uv_loop_alive(&loop));
  R("uv_run NOWAIT", uv_run(&loop, UV_RUN_NOWAIT));

  T("-- closed memory initialised again");
  R("uv_timer_init", uv_timer_init(&loop, &timer));
  R("uv_idle_init", uv_idle_init(&loop, &idle));
  finish_loop(&loop);
  return 0;
}
