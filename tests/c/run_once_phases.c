/* Where a timer that becomes due during the poll runs: UV_RUN_ONCE runs it
 * after the check and closing phases of the same call (libuv 1.44's
 * "forward progress" timer pass); UV_RUN_DEFAULT runs it at the start of the
 * next iteration; UV_RUN_NOWAIT does not wait for it at all. Unreferenced
 * prepare/check handles mark the phases. The delays leave room for a
 * loaded machine under valgrind: a timer must not be due before uv_run. */
#include "common.h"

static uv_loop_t loop;
static uv_timer_t timer;
static uv_prepare_t prep;
static uv_check_t chk;
static uv_idle_t closer;

static void timer_cb(uv_timer_t* h) { (void) h; T("  timer"); }
static void prep_cb(uv_prepare_t* h) { (void) h; T("  prepare"); }
static void chk_cb(uv_check_t* h) { (void) h; T("  check"); }
static void close_cb(uv_handle_t* h) { (void) h; T("  close callback"); }

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_prepare_init(&loop, &prep));
  CHECK(0 == uv_check_init(&loop, &chk));
  CHECK(0 == uv_prepare_start(&prep, prep_cb));
  CHECK(0 == uv_check_start(&chk, chk_cb));
  uv_unref((uv_handle_t*) &prep);
  uv_unref((uv_handle_t*) &chk);

  T("ONCE with a 250 ms timer:");
  uv_update_time(&loop);
  CHECK(0 == uv_timer_start(&timer, timer_cb, 250, 0));
  r = uv_run(&loop, UV_RUN_ONCE);
  T("  -> %d", r);

  T("ONCE with a 2 s timer and a handle closed before (no wait):");
  CHECK(0 == uv_idle_init(&loop, &closer));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 2000, 0));
  uv_close((uv_handle_t*) &closer, close_cb);
  r = uv_run(&loop, UV_RUN_ONCE);
  T("  -> %d", r);

  T("DEFAULT with a 250 ms timer:");
  uv_update_time(&loop);
  CHECK(0 == uv_timer_start(&timer, timer_cb, 250, 0));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("  -> %d", r);

  T("NOWAIT with a 2 s timer:");
  uv_update_time(&loop);
  CHECK(0 == uv_timer_start(&timer, timer_cb, 2000, 0));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("  -> %d", r);
  CHECK(0 == uv_timer_stop(&timer));

  finish_loop(&loop);
  return 0;
}
