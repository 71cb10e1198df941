/* uv_walk: visits every handle in init order (not start order), whether
 * active, inactive, unreferenced or closing; handles disappear once their
 * close callback ran; the loop's internal handles are never visited; closing
 * handles from inside the walk callback works. */
#include "common.h"

static int visits;

static void check_cb(uv_check_t* h) { (void) h; }

static void walk_cb(uv_handle_t* h, void* arg) {
  visits++;
  T("  %s: %s %s%s%s", (const char*) arg, (const char*) h->data,
    uv_is_active(h) ? "active" : "inactive",
    uv_has_ref(h) ? "" : " unref'd", uv_is_closing(h) ? " closing" : "");
}

static void close_from_walk(uv_handle_t* h, void* arg) {
  (void) arg;
  T("  closing %s from walk", (const char*) h->data);
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

static void walk(uv_loop_t* loop, const char* label) {
  visits = 0;
  T("walk %s:", label);
  uv_walk(loop, walk_cb, (void*) label);
  T("  (%d handles)", visits);
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t t1, t2;
  uv_idle_t idle;
  uv_check_t chk;
  uv_async_t async;

  CHECK(0 == uv_loop_init(&loop));
  walk(&loop, "empty");
  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_async_init(&loop, &async, NULL));
  CHECK(0 == uv_check_init(&loop, &chk));
  CHECK(0 == uv_timer_init(&loop, &t2));
  t1.data = "t1";
  t2.data = "t2";
  idle.data = "idle";
  chk.data = "chk";
  async.data = "async";
  CHECK(0 == uv_check_start(&chk, check_cb));
  CHECK(0 == uv_timer_start(&t2, (uv_timer_cb) abort, 100000, 0));
  CHECK(0 == uv_timer_start(&t1, (uv_timer_cb) abort, 100000, 0));
  uv_unref((uv_handle_t*) &async);
  walk(&loop, "five");

  uv_close((uv_handle_t*) &idle, NULL);
  uv_close((uv_handle_t*) &t2, NULL);
  walk(&loop, "two closing");
  uv_unref((uv_handle_t*) &chk);
  uv_unref((uv_handle_t*) &t1);
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  walk(&loop, "after run");

  T("closing everything from a walk:");
  uv_walk(&loop, close_from_walk, NULL);
  walk(&loop, "all closing");
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  walk(&loop, "all closed");
  finish_loop(&loop);
  return 0;
}
