/* Starting and stopping idle/prepare/check handles from inside callbacks of
 * the same phase: a handle stopped by an earlier callback of the same phase
 * does not run; a handle started during the phase first runs in the next
 * iteration; a handle stopping itself runs no more. */
#include "common.h"

static uv_idle_t ia, ib, ic, inew;
static uv_check_t ca, cb_, cnew;
static int iter;

static void plain_idle(uv_idle_t* h) { T("iter %d: idle %s", iter, (char*) h->data); }
static void plain_check(uv_check_t* h) { T("iter %d: check %s", iter, (char*) h->data); }

static void ic_cb(uv_idle_t* h) {
  T("iter %d: idle %s", iter, (char*) h->data);
  if (iter == 1) {
    T("  idle c stops idle b and starts idle new");
    CHECK(0 == uv_idle_stop(&ib));
    CHECK(0 == uv_idle_start(&inew, plain_idle));
  }
}

static void ia_cb(uv_idle_t* h) {
  T("iter %d: idle %s", iter, (char*) h->data);
  if (iter == 2) {
    T("  idle a stops itself");
    CHECK(0 == uv_idle_stop(h));
  }
}

static void ca_cb(uv_check_t* h) {
  T("iter %d: check %s", iter, (char*) h->data);
  if (iter == 1) {
    T("  check a starts check new, stops and restarts check b");
    CHECK(0 == uv_check_start(&cnew, plain_check));
    CHECK(0 == uv_check_stop(&cb_));
    CHECK(0 == uv_check_start(&cb_, plain_check));
  }
}

int main(void) {
  uv_loop_t loop;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_idle_init(&loop, &ia));
  CHECK(0 == uv_idle_init(&loop, &ib));
  CHECK(0 == uv_idle_init(&loop, &ic));
  CHECK(0 == uv_idle_init(&loop, &inew));
  CHECK(0 == uv_check_init(&loop, &ca));
  CHECK(0 == uv_check_init(&loop, &cb_));
  CHECK(0 == uv_check_init(&loop, &cnew));
  ia.data = "a";
  ib.data = "b";
  ic.data = "c";
  inew.data = "new";
  ca.data = "a";
  cb_.data = "b";
  cnew.data = "new";
  /* Reverse start order: c runs first, then b, then a. */
  CHECK(0 == uv_idle_start(&ia, ia_cb));
  CHECK(0 == uv_idle_start(&ib, plain_idle));
  CHECK(0 == uv_idle_start(&ic, ic_cb));
  /* b runs first, then a. */
  CHECK(0 == uv_check_start(&ca, ca_cb));
  CHECK(0 == uv_check_start(&cb_, plain_check));
  for (iter = 1; iter <= 3; iter++) CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));
  finish_loop(&loop);
  return 0;
}
