/* uv_loop_alive as handles become active, get unreferenced, re-referenced,
 * stopped, and closed; uv_has_ref alongside it. */
#include "common.h"

static uv_loop_t loop;

static void show(const char* what) {
  T("%s: alive %s", what, yesno(uv_loop_alive(&loop)));
}

int main(void) {
  uv_timer_t timer;
  uv_idle_t idle;
  uv_async_t async;

  CHECK(0 == uv_loop_init(&loop));
  show("fresh loop");
  CHECK(0 == uv_timer_init(&loop, &timer));
  show("timer initialised");
  CHECK(0 == uv_timer_start(&timer, (uv_timer_cb) abort, 100000, 0));
  show("timer started");
  uv_unref((uv_handle_t*) &timer);
  show("timer unref'd");
  T("timer has_ref %s", yesno(uv_has_ref((uv_handle_t*) &timer)));
  uv_unref((uv_handle_t*) &timer);
  show("timer unref'd twice");
  uv_ref((uv_handle_t*) &timer);
  show("timer ref'd");
  T("timer has_ref %s", yesno(uv_has_ref((uv_handle_t*) &timer)));
  uv_ref((uv_handle_t*) &timer);
  show("timer ref'd twice");
  CHECK(0 == uv_timer_stop(&timer));
  show("timer stopped");
  uv_unref((uv_handle_t*) &timer);
  show("stopped timer unref'd");
  CHECK(0 == uv_timer_start(&timer, (uv_timer_cb) abort, 100000, 0));
  show("unref'd timer restarted");
  uv_ref((uv_handle_t*) &timer);
  show("restarted timer ref'd");
  CHECK(0 == uv_timer_stop(&timer));

  CHECK(0 == uv_idle_init(&loop, &idle));
  show("idle initialised");
  uv_unref((uv_handle_t*) &idle);
  CHECK(0 == uv_idle_start(&idle, (uv_idle_cb) abort));
  show("unref'd idle started");
  uv_ref((uv_handle_t*) &idle);
  show("idle ref'd");
  CHECK(0 == uv_idle_stop(&idle));
  show("idle stopped");

  CHECK(0 == uv_async_init(&loop, &async, (uv_async_cb) abort));
  show("async initialised");
  uv_unref((uv_handle_t*) &async);
  show("async unref'd");

  uv_close((uv_handle_t*) &async, NULL);
  show("unref'd async closing");
  uv_close((uv_handle_t*) &idle, NULL);
  show("idle closing");
  CHECK(0 == uv_run(&loop, UV_RUN_NOWAIT));
  show("after closing run");
  uv_close((uv_handle_t*) &timer, NULL);
  finish_loop(&loop);
  return 0;
}
