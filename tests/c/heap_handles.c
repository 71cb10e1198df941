/* Handles and requests on the heap, freed in their close / after_work
 * callbacks — the library must not touch them afterwards (run with
 * RUV_VALGRIND=1 to check). A repeating timer closes itself from its own
 * callback and fires no more; an async freed after sends from a thread. */
#include "common.h"

#define TIMERS 20
#define IDLES 10
#define WORKS 20

static uv_loop_t loop;
static int closed, timer_fires, idle_runs, works_done;
static uv_sem_t sent;

static void free_close_cb(uv_handle_t* h) {
  closed++;
  free(h);
}

static void timer_cb(uv_timer_t* h) {
  timer_fires++;
  uv_close((uv_handle_t*) h, free_close_cb);
}

static void idle_cb(uv_idle_t* h) {
  idle_runs++;
  uv_close((uv_handle_t*) h, free_close_cb);
}

static void work_cb(uv_work_t* req) { memset(req->data, 0x5a, 64); }

static void after_cb(uv_work_t* req, int status) {
  CHECK(status == 0);
  works_done++;
  free(req->data);
  free(req);
}

static void async_cb(uv_async_t* h) {
  T("async callback, closing and freeing the async");
  uv_close((uv_handle_t*) h, free_close_cb);
}

static void sender(void* arg) {
  uv_async_t* a = arg;
  CHECK(0 == uv_async_send(a));
  uv_sem_post(&sent);
}

int main(void) {
  uv_thread_t thread;
  uv_async_t* async;
  int i, r;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < TIMERS; i++) {
    uv_timer_t* t = malloc(sizeof *t);
    CHECK(t != NULL);
    CHECK(0 == uv_timer_init(&loop, t));
    /* Half repeat (and close themselves on the first fire). */
    CHECK(0 == uv_timer_start(t, timer_cb, i % 3, i % 2 ? 1 : 0));
  }
  for (i = 0; i < IDLES; i++) {
    uv_idle_t* h = malloc(sizeof *h);
    CHECK(h != NULL);
    CHECK(0 == uv_idle_init(&loop, h));
    CHECK(0 == uv_idle_start(h, idle_cb));
  }
  for (i = 0; i < WORKS; i++) {
    uv_work_t* w = malloc(sizeof *w);
    CHECK(w != NULL);
    w->data = malloc(64);
    CHECK(w->data != NULL);
    CHECK(0 == uv_queue_work(&loop, w, work_cb, after_cb));
  }
  async = malloc(sizeof *async);
  CHECK(async != NULL);
  CHECK(0 == uv_async_init(&loop, async, async_cb));
  CHECK(0 == uv_sem_init(&sent, 0));
  CHECK(0 == uv_thread_create(&thread, sender, async));
  uv_sem_wait(&sent);

  r = uv_run(&loop, UV_RUN_DEFAULT);
  CHECK(0 == uv_thread_join(&thread));
  T("run -> %d", r);
  T("timer fires %d, idle runs %d, work done %d", timer_fires, idle_runs, works_done);
  T("handles closed and freed so far: %d", closed);
  uv_sem_destroy(&sent);
  finish_loop(&loop);
  return 0;
}
