/* Several handles closed in one go: their close callbacks all run in the
 * same closing phase, in REVERSE close order; handles of every kind are
 * closed (active and inactive), and a handle without close callback. */
#include "common.h"

static void close_cb(uv_handle_t* h) {
  T("close_cb %s (%s)", (const char*) h->data, uv_handle_type_name(h->type));
}

static void check_cb(uv_check_t* h) { (void) h; T("check phase"); }

int main(void) {
  uv_loop_t loop;
  uv_timer_t t1, t2;
  uv_idle_t idle;
  uv_prepare_t prep;
  uv_check_t chk, marker;
  uv_async_t async;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_check_init(&loop, &marker));
  CHECK(0 == uv_check_start(&marker, check_cb));
  CHECK(0 == uv_timer_init(&loop, &t1));
  CHECK(0 == uv_timer_init(&loop, &t2));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prep));
  CHECK(0 == uv_check_init(&loop, &chk));
  CHECK(0 == uv_async_init(&loop, &async, NULL));
  t1.data = "t1";
  t2.data = "t2";
  idle.data = "idle";
  prep.data = "prep";
  chk.data = "chk";
  async.data = "async";
  CHECK(0 == uv_timer_start(&t2, (uv_timer_cb) abort, 100000, 0));
  CHECK(0 == uv_idle_start(&idle, (uv_idle_cb) abort));

  T("closing: idle t1 async chk prep(no cb) t2");
  uv_close((uv_handle_t*) &idle, close_cb);
  uv_close((uv_handle_t*) &t1, close_cb);
  uv_close((uv_handle_t*) &async, close_cb);
  uv_close((uv_handle_t*) &chk, close_cb);
  uv_close((uv_handle_t*) &prep, NULL);
  uv_close((uv_handle_t*) &t2, close_cb);
  CHECK(1 == uv_run(&loop, UV_RUN_ONCE));
  T("after one iteration");

  uv_close((uv_handle_t*) &marker, NULL);
  finish_loop(&loop);
  return 0;
}
