/* uv_backend_timeout in various states, before and after the first run
 * (the loop time is cached, so the timer-dependent values are exact), and
 * uv_backend_fd being a descriptor. */
#include "common.h"

static uv_loop_t loop;

static void show(const char* what) {
  T("%s: backend_timeout %d", what, uv_backend_timeout(&loop));
}

static void timer_cb(uv_timer_t* h) { (void) h; }

static void stop_idle_cb(uv_idle_t* h) {
  show("inside idle callback");
  uv_stop(&loop);
  show("after uv_stop inside idle callback");
  CHECK(0 == uv_idle_stop(h));
}

int main(void) {
  uv_timer_t t1, t2;
  uv_idle_t idle;
  uv_async_t async;

  CHECK(0 == uv_loop_init(&loop));
  T("backend_fd >= 0: %s", yesno(uv_backend_fd(&loop) >= 0));
  /* libuv 1.44 answers 0 while I/O watcher changes are pending, which is
   * the case on a loop that never polled; one iteration applies them. */
  show("fresh loop");
  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_timer_init(&loop, &t2));
  CHECK(0 == uv_timer_start(&t2, timer_cb, 0, 0));
  show("due timer, loop never ran");
  CHECK(0 == uv_run(&loop, UV_RUN_NOWAIT));
  show("after one iteration");
  show("inactive timers");
  CHECK(0 == uv_timer_start(&t1, timer_cb, 1500, 0));
  show("timer 1500");
  CHECK(0 == uv_timer_start(&t2, timer_cb, 700, 0));
  show("timers 1500 and 700");
  CHECK(0 == uv_timer_start(&t2, timer_cb, 0, 0));
  show("timers 1500 and 0");
  CHECK(0 == uv_timer_stop(&t2));
  uv_unref((uv_handle_t*) &t1);
  show("only an unref'd timer 1500");
  uv_ref((uv_handle_t*) &t1);
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_idle_start(&idle, stop_idle_cb));
  show("timer 1500 + idle");
  uv_unref((uv_handle_t*) &idle);
  show("timer 1500 + unref'd idle");
  uv_ref((uv_handle_t*) &idle);
  CHECK(1 == uv_run(&loop, UV_RUN_DEFAULT));
  {
    int bt = uv_backend_timeout(&loop);
    T("after run: 0 < backend_timeout <= 1500: %s", yesno(bt > 0 && bt <= 1500));
  }
  CHECK(0 == uv_timer_start(&t1, timer_cb, 1500, 0));
  show("timer 1500 restarted after run");
  CHECK(0 == uv_timer_stop(&t1));
  show("all stopped");
  CHECK(0 == uv_async_init(&loop, &async, NULL));
  show("async only");
  CHECK(0 == uv_timer_start(&t1, timer_cb, 2000000000, 0));
  show("async + timer 2000000000");
  CHECK(0 == uv_timer_start(&t1, timer_cb, 5000000000ULL, 0));
  show("async + timer 5000000000 (beyond INT_MAX)");
  CHECK(0 == uv_timer_stop(&t1));
  uv_close((uv_handle_t*) &t2, NULL);
  show("async + a closing timer");
  T("NOWAIT -> %d", uv_run(&loop, UV_RUN_NOWAIT));
  show("async after the timer closed");
  uv_unref((uv_handle_t*) &async);
  show("unref'd async");
  uv_close((uv_handle_t*) &t1, NULL);
  uv_close((uv_handle_t*) &idle, NULL);
  uv_close((uv_handle_t*) &async, NULL);
  finish_loop(&loop);
  return 0;
}
