/* Loops that were never initialised (zeroed memory, memory filled with
 * 0x5a) or were closed: the loop functions that return an error code answer
 * UV_EINVAL and touch nothing; uv_loop_alive answers 0. The same memory then
 * makes a working loop. */
#include "misuse.h"

static void timer_cb(uv_timer_t* h) {
  (void) h;
  T("timer fired");
}
static void work_cb(uv_work_t* req) { (void) req; }

static void try_loop(const char* what, uv_loop_t* loop) {
  uv_timer_t timer;
  uv_idle_t idle;
  uv_async_t async;
  uv_work_t work;

  T("-- %s loop", what);
  R("uv_run DEFAULT", uv_run(loop, UV_RUN_DEFAULT));
  R("uv_run NOWAIT", uv_run(loop, UV_RUN_NOWAIT));
  R("uv_loop_close", uv_loop_close(loop));
  R("uv_timer_init", uv_timer_init(loop, &timer));
  R("uv_idle_init", uv_idle_init(loop, &idle));
  R("uv_async_init", uv_async_init(loop, &async, NULL));
  R("uv_queue_work", uv_queue_work(loop, &work, work_cb, NULL));
  R("uv_loop_configure", uv_loop_configure(loop, UV_METRICS_IDLE_TIME));
  R("uv_backend_fd", uv_backend_fd(loop));
  R("uv_backend_timeout", uv_backend_timeout(loop));
  T("uv_loop_alive: %d", uv_loop_alive(loop));
}

int main(void) {
  uv_loop_t* loop = malloc(sizeof *loop);
  uv_timer_t timer;
  CHECK(loop != NULL);

  memset(loop, 0, sizeof *loop);
  try_loop("zeroed", loop);
  memset(loop, 0x5a, sizeof *loop);
  try_loop("0x5a-filled", loop);

  CHECK(0 == uv_loop_init(loop));
  CHECK(0 == uv_loop_close(loop));
  try_loop("closed", loop);

  T("-- the same memory, initialised");
  memset(loop, 0x5a, sizeof *loop);
  R("uv_loop_init", uv_loop_init(loop));
  R("uv_timer_init", uv_timer_init(loop, &timer));
  R("uv_timer_start", uv_timer_start(&timer, timer_cb, 1, 0));
  R("uv_run DEFAULT", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  free(loop);
  return 0;
}
