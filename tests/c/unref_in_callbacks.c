/* Reference changes from inside callbacks decide when uv_run returns: an
 * idle unreferencing itself ends the run after that iteration; a timer
 * referencing an unreferenced idle keeps the loop going; outstanding work
 * keeps an all-unreferenced loop alive until its after_work_cb; uv_stop
 * inside after_work_cb with more work outstanding makes uv_run return 1. */
#include "common.h"

static uv_loop_t loop;
static uv_idle_t idle;
static uv_timer_t timer;
static uv_work_t w[3];
static int idle_runs, after_count;

static void idle_unref_cb(uv_idle_t* h) {
  idle_runs++;
  T("idle run %d", idle_runs);
  if (idle_runs == 3) {
    T("  idle unrefs itself");
    uv_unref((uv_handle_t*) h);
  }
}

static void idle_stop_cb(uv_idle_t* h) {
  idle_runs++;
  if (idle_runs == 5) {
    T("idle (re-referenced) ran %d times, unrefs itself", idle_runs);
    uv_unref((uv_handle_t*) h);
  }
}

static void timer_ref_cb(uv_timer_t* h) {
  (void) h;
  T("timer: refs the idle handle");
  uv_ref((uv_handle_t*) &idle);
}

static uv_sem_t gate;

static void work_cb(uv_work_t* req) { (void) req; }
static void gated_work_cb(uv_work_t* req) { (void) req; uv_sem_wait(&gate); }

static void after_cb(uv_work_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  after_count++;
}

static void after_stop_cb(uv_work_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  after_count++;
  T("after_work %d: uv_stop", after_count);
  uv_stop(&loop);
}

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_timer_init(&loop, &timer));

  CHECK(0 == uv_idle_start(&idle, idle_unref_cb));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d after %d idle runs", r, idle_runs);

  idle_runs = 0;
  CHECK(0 == uv_idle_stop(&idle));
  CHECK(0 == uv_idle_start(&idle, idle_stop_cb));
  CHECK(0 == uv_timer_start(&timer, timer_ref_cb, 0, 0));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, idle ran %d times", r, idle_runs);
  CHECK(0 == uv_idle_stop(&idle));

  CHECK(0 == uv_queue_work(&loop, &w[0], work_cb, after_cb));
  T("all handles unref'd, one work request: alive %s", yesno(uv_loop_alive(&loop)));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, after_work ran %d", r, after_count);

  after_count = 0;
  CHECK(0 == uv_queue_work(&loop, &w[0], work_cb, after_stop_cb));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop in the only after_work: run -> %d", r);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("NOWAIT -> %d", r);

  after_count = 0;
  CHECK(0 == uv_sem_init(&gate, 0));
  CHECK(0 == uv_queue_work(&loop, &w[1], gated_work_cb, after_cb));
  CHECK(0 == uv_queue_work(&loop, &w[0], work_cb, after_stop_cb));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("stop in after_work, a gated request outstanding: run -> %d", r);
  uv_sem_post(&gate);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("gate opened: run -> %d, after_work ran %d", r, after_count);
  uv_sem_destroy(&gate);
  finish_loop(&loop);
  return 0;
}
