/* uv_loop_close returns UV_EBUSY while a handle is open (active or not),
 * while a handle is closing but its close callback has not run yet, while a
 * work request is outstanding, and 0
 * once everything is closed. The loop keeps working after a failed close. */
#include "common.h"

static int closed;

static void close_cb(uv_handle_t* h) {
  (void) h;
  closed++;
  T("close callback %d", closed);
}

static void work_cb(uv_work_t* req) { (void) req; }
static void after_cb(uv_work_t* req, int status) {
  (void) req;
  T("after_work status %s", ename(status));
}

static void timer_cb(uv_timer_t* h) { (void) h; T("timer fired after failed close"); }

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  r = uv_loop_close(&loop);
  T("inactive timer open: loop_close -> %s", ename(r));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 1, 0));
  r = uv_loop_close(&loop);
  T("active timer: loop_close -> %s", ename(r));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  uv_unref((uv_handle_t*) &timer);
  r = uv_loop_close(&loop);
  T("unref'd inactive timer: loop_close -> %s", ename(r));

  uv_close((uv_handle_t*) &timer, close_cb);
  r = uv_loop_close(&loop);
  T("timer closing, callback not run: loop_close -> %s", ename(r));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("close callbacks run: %d", closed);

  CHECK(0 == uv_idle_init(&loop, &idle));
  uv_close((uv_handle_t*) &idle, NULL);
  r = uv_loop_close(&loop);
  T("idle closing without callback: loop_close -> %s", ename(r));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("NOWAIT -> %d", r);
  {
    uv_work_t req;
    CHECK(0 == uv_queue_work(&loop, &req, work_cb, after_cb));
    r = uv_loop_close(&loop);
    T("work request outstanding: loop_close -> %s", ename(r));
    CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  }
  r = uv_loop_close(&loop);
  T("all closed: loop_close -> %s", ename(r));
  CHECK(r == 0);
  return 0;
}
