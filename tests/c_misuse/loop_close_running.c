/* uv_loop_close from inside a callback of the loop's own uv_run answers
 * UV_EBUSY, even where nothing else keeps the loop busy: in the close
 * callback of its last handle and in the after-work callback of its last
 * request (libuv 1.44 would free the loop under the running uv_run there).
 * The loop keeps working, and closes once uv_run has returned. */
#include "misuse.h"

static uv_loop_t loop;
static uv_timer_t timer;
static uv_idle_t idle;
static uv_work_t work;

static void timer_cb(uv_timer_t* h) {
  (void) h;
  R("in timer callback: uv_loop_close", uv_loop_close(&loop));
}

static void idle_cb(uv_idle_t* h) {
  R("in idle callback: uv_loop_close", uv_loop_close(&loop));
  uv_idle_stop(h);
}

static void close_cb(uv_handle_t* h) {
  (void) h;
  R("in close callback of the last handle: uv_loop_close", uv_loop_close(&loop));
}

static void work_cb(uv_work_t* req) { (void) req; }

static void after_cb(uv_work_t* req, int status) {
  (void) req;
  T("after_work status %s", ename(status));
  R("in after_work callback of the last request: uv_loop_close", uv_loop_close(&loop));
}

int main(void) {
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));

  /* Close callbacks run in reverse close order: the timer's comes last. */
  uv_close((uv_handle_t*) &timer, close_cb);
  uv_close((uv_handle_t*) &idle, NULL);
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));

  CHECK(0 == uv_queue_work(&loop, &work, work_cb, after_cb));
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));

  T("loop still works: alive %d", uv_loop_alive(&loop));
  finish_loop(&loop);
  return 0;
}
