/* uv_async_send from the loop thread: several sends before the loop polls
 * coalesce into one callback; a send from inside the callback runs it again
 * in the next iteration; callbacks of several pending asyncs run in init
 * order, not send order; an async with a NULL callback can be sent. */
#include "common.h"

static uv_loop_t loop;
static uv_async_t a, b, nocb;
static uv_prepare_t prep;
static uv_check_t chk;
static int iter = 1, a_count, b_count, resend = 2;

static void a_cb(uv_async_t* h) {
  a_count++;
  T("iter %d: async a (call %d)", iter, a_count);
  if (resend > 0) {
    resend--;
    T("  a re-sends itself -> %s", ename(uv_async_send(h)));
  }
}

static void b_cb(uv_async_t* h) {
  (void) h;
  b_count++;
  T("iter %d: async b (call %d)", iter, b_count);
}

static void prep_cb(uv_prepare_t* h) {
  (void) h;
  if (iter == 1) {
    T("iter 1: prepare sends b, a, a, a, b, nocb");
    CHECK(0 == uv_async_send(&b));
    CHECK(0 == uv_async_send(&a));
    CHECK(0 == uv_async_send(&a));
    CHECK(0 == uv_async_send(&a));
    CHECK(0 == uv_async_send(&b));
    CHECK(0 == uv_async_send(&nocb));
  }
}

static void chk_cb(uv_check_t* h) {
  (void) h;
  T("iter %d: check", iter);
  if (iter == 3) {
    uv_close((uv_handle_t*) &a, NULL);
    uv_close((uv_handle_t*) &b, NULL);
    uv_close((uv_handle_t*) &nocb, NULL);
    uv_close((uv_handle_t*) &prep, NULL);
    uv_close((uv_handle_t*) &chk, NULL);
  }
  iter++;
}

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_async_init(&loop, &a, a_cb));
  CHECK(0 == uv_async_init(&loop, &b, b_cb));
  CHECK(0 == uv_async_init(&loop, &nocb, NULL));
  CHECK(0 == uv_prepare_init(&loop, &prep));
  CHECK(0 == uv_check_init(&loop, &chk));
  CHECK(0 == uv_prepare_start(&prep, prep_cb));
  CHECK(0 == uv_check_start(&chk, chk_cb));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d: a ran %d times, b ran %d times", r, a_count, b_count);
  finish_loop(&loop);
  return 0;
}
