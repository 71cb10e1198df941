/* The public counters loop->active_handles and loop->active_reqs.count as
 * handles start, get unreferenced, stop and close, and as work requests are
 * queued and completed. */
#include "common.h"

static uv_loop_t loop;

static void show(const char* what) {
  T("%-34s active_handles %u, active_reqs %u", what, loop.active_handles,
    loop.active_reqs.count);
}

static void work_cb(uv_work_t* req) { (void) req; }

static void after_cb(uv_work_t* req, int status) {
  (void) req;
  (void) status;
  show("in after_work_cb");
}

static void timer_cb(uv_timer_t* h) { (void) h; show("in one-shot timer callback"); }
static void close_cb(uv_handle_t* h) { (void) h; show("in close callback"); }

int main(void) {
  uv_timer_t t1, t2;
  uv_idle_t idle;
  uv_async_t async;
  uv_work_t w1, w2;

  CHECK(0 == uv_loop_init(&loop));
  show("fresh loop");
  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_timer_init(&loop, &t2));
  show("two timers initialised");
  CHECK(0 == uv_timer_start(&t1, timer_cb, 1, 0));
  show("t1 started");
  CHECK(0 == uv_timer_start(&t1, timer_cb, 1, 0));
  show("t1 restarted");
  CHECK(0 == uv_timer_start(&t2, timer_cb, 100000, 0));
  show("t2 started");
  uv_unref((uv_handle_t*) &t2);
  show("t2 unref'd");
  uv_unref((uv_handle_t*) &t2);
  show("t2 unref'd twice");
  CHECK(0 == uv_idle_init(&loop, &idle));
  uv_unref((uv_handle_t*) &idle);
  CHECK(0 == uv_idle_start(&idle, (uv_idle_cb) abort));
  show("unref'd idle started");
  CHECK(0 == uv_idle_stop(&idle));
  uv_ref((uv_handle_t*) &idle);
  show("idle stopped, ref'd");
  CHECK(0 == uv_async_init(&loop, &async, NULL));
  show("async initialised");
  CHECK(0 == uv_timer_stop(&t1));
  show("t1 stopped");
  CHECK(0 == uv_queue_work(&loop, &w1, work_cb, after_cb));
  CHECK(0 == uv_queue_work(&loop, &w2, work_cb, after_cb));
  show("two work requests queued");
  uv_unref((uv_handle_t*) &async);
  show("async unref'd");
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  show("after run");
  CHECK(0 == uv_timer_start(&t1, timer_cb, 1, 0));
  show("t1 started again");
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  show("after run");
  uv_ref((uv_handle_t*) &t2);
  show("t2 ref'd");
  uv_close((uv_handle_t*) &t2, close_cb);
  show("t2 closing");
  uv_close((uv_handle_t*) &async, close_cb);
  show("async closing");
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  show("after closing run");
  uv_close((uv_handle_t*) &t1, NULL);
  uv_close((uv_handle_t*) &idle, NULL);
  finish_loop(&loop);
  return 0;
}
