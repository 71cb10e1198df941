/* A second thread calls a loop or handle function while the main thread is
 * inside uv_run on the loop (parked in a timer callback until the call
 * returns). The mode names the call. Every loop and handle function aborts
 * with "ruv: <call>: called from another thread while the loop runs ...",
 * uv_run with "ruv: uv_run: the loop is already running on another thread";
 * uv_async_send is allowed (the one thread-safe function) and uv_loop_close
 * answers UV_EBUSY: those two modes exit normally. */
#include "misuse.h"

static const char* mode;
static uv_loop_t loop;
static uv_timer_t parker;
static uv_timer_t timer;
static uv_timer_t fresh;
static uv_idle_t idle;
static uv_async_t async;
static uv_work_t work;
static uv_sem_t in_run;
static uv_sem_t call_done;

static void timer_cb(uv_timer_t* h) { (void) h; }
static void idle_cb(uv_idle_t* h) { (void) h; }
static void work_cb(uv_work_t* req) { (void) req; }
static void walk_cb(uv_handle_t* h, void* arg) {
  (void) h;
  (void) arg;
}
static void async_cb(uv_async_t* h) {
  (void) h;
  T("async callback on the loop thread");
  uv_close((uv_handle_t*) &async, NULL);
}

/* Runs inside uv_run: lets the other thread make its call, waits for it. */
static void parker_cb(uv_timer_t* h) {
  (void) h;
  T("loop thread in uv_run");
  uv_sem_post(&in_run);
  uv_sem_wait(&call_done);
  T("loop thread resumes");
}

static void other_thread(void* arg) {
  (void) arg;
  uv_sem_wait(&in_run);
  T("calling %s from another thread", mode);
  if (strcmp(mode, "timer_start") == 0) {
    R("uv_timer_start", uv_timer_start(&timer, timer_cb, 1, 0));
  } else if (strcmp(mode, "timer_stop") == 0) {
    R("uv_timer_stop", uv_timer_stop(&timer));
  } else if (strcmp(mode, "timer_init") == 0) {
    R("uv_timer_init", uv_timer_init(&loop, &fresh));
  } else if (strcmp(mode, "timer_set_repeat") == 0) {
    uv_timer_set_repeat(&timer, 5);
  } else if (strcmp(mode, "idle_start") == 0) {
    R("uv_idle_start", uv_idle_start(&idle, idle_cb));
  } else if (strcmp(mode, "close") == 0) {
    uv_close((uv_handle_t*) &timer, NULL);
  } else if (strcmp(mode, "ref") == 0) {
    uv_ref((uv_handle_t*) &timer);
  } else if (strcmp(mode, "walk") == 0) {
    uv_walk(&loop, walk_cb, NULL);
  } else if (strcmp(mode, "queue_work") == 0) {
    R("uv_queue_work", uv_queue_work(&loop, &work, work_cb, NULL));
  } else if (strcmp(mode, "run") == 0) {
    R("uv_run", uv_run(&loop, UV_RUN_NOWAIT));
  } else if (strcmp(mode, "async_send") == 0) {
    R("uv_async_send", uv_async_send(&async));
  } else if (strcmp(mode, "loop_close") == 0) {
    R("uv_loop_close", uv_loop_close(&loop));
  } else {
    unknown_mode(mode);
  }
  T("returned from %s", mode);
  uv_sem_post(&call_done);
}

int main(int argc, char** argv) {
  uv_thread_t thread;
  mode = mode_arg(argc, argv);
  no_core_dumps();
  CHECK(0 == uv_sem_init(&in_run, 0));
  CHECK(0 == uv_sem_init(&call_done, 0));
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &parker));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_async_init(&loop, &async, async_cb));
  /* Only the async wakes the loop; it is closed by its callback, or at the
   * end when it was never sent. */
  uv_unref((uv_handle_t*) &async);
  CHECK(0 == uv_timer_start(&parker, parker_cb, 0, 0));
  if (strcmp(mode, "async_send") == 0) uv_ref((uv_handle_t*) &async);
  CHECK(0 == uv_thread_create(&thread, other_thread, NULL));
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));
  CHECK(0 == uv_thread_join(&thread));
  uv_sem_destroy(&in_run);
  uv_sem_destroy(&call_done);
  finish_loop(&loop);
  return 0;
}
