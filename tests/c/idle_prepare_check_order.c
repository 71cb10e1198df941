/* Callbacks of several idle, prepare and check handles within one phase run
 * in REVERSE start order (libuv inserts at the head of each phase queue);
 * restarting an active handle does not move it; stop + start moves it to the
 * front. */
#include "common.h"

static uv_idle_t idle[3];
static uv_prepare_t prep[3];
static uv_check_t chk[3];
static int iter;

static void idle_cb(uv_idle_t* h) { T("iter %d: idle %s", iter, (char*) h->data); }
static void prep_cb(uv_prepare_t* h) { T("iter %d: prepare %s", iter, (char*) h->data); }
static void chk_cb(uv_check_t* h) { T("iter %d: check %s", iter, (char*) h->data); }

int main(void) {
  static const char* names[] = {"0", "1", "2"};
  uv_loop_t loop;
  int i;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < 3; i++) {
    CHECK(0 == uv_idle_init(&loop, &idle[i]));
    CHECK(0 == uv_prepare_init(&loop, &prep[i]));
    CHECK(0 == uv_check_init(&loop, &chk[i]));
    idle[i].data = prep[i].data = chk[i].data = (void*) names[i];
  }
  T("start order: idle 0 1 2, prepare 2 0 1, check 1 2 0");
  CHECK(0 == uv_idle_start(&idle[0], idle_cb));
  CHECK(0 == uv_idle_start(&idle[1], idle_cb));
  CHECK(0 == uv_idle_start(&idle[2], idle_cb));
  CHECK(0 == uv_prepare_start(&prep[2], prep_cb));
  CHECK(0 == uv_prepare_start(&prep[0], prep_cb));
  CHECK(0 == uv_prepare_start(&prep[1], prep_cb));
  CHECK(0 == uv_check_start(&chk[1], chk_cb));
  CHECK(0 == uv_check_start(&chk[2], chk_cb));
  CHECK(0 == uv_check_start(&chk[0], chk_cb));
  iter = 1;
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));

  T("start again (already active): idle 0, prepare 2, check 1");
  CHECK(0 == uv_idle_start(&idle[0], idle_cb));
  CHECK(0 == uv_prepare_start(&prep[2], prep_cb));
  CHECK(0 == uv_check_start(&chk[1], chk_cb));
  iter = 2;
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));

  T("stop + start: idle 0, prepare 2, check 1");
  CHECK(0 == uv_idle_stop(&idle[0]));
  CHECK(0 == uv_idle_start(&idle[0], idle_cb));
  CHECK(0 == uv_prepare_stop(&prep[2]));
  CHECK(0 == uv_prepare_start(&prep[2], prep_cb));
  CHECK(0 == uv_check_stop(&chk[1]));
  CHECK(0 == uv_check_start(&chk[1], chk_cb));
  iter = 3;
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));

  T("stop twice is fine: idle 1");
  CHECK(0 == uv_idle_stop(&idle[1]));
  CHECK(0 == uv_idle_stop(&idle[1]));
  iter = 4;
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));

  finish_loop(&loop);
  return 0;
}
