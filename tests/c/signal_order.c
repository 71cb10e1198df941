/* Several handles on one signal: each caught signal runs every started
 * handle's callback once, persistent handles before one-shot ones and, in
 * each group, in the order of the handles' addresses (an array here); a
 * one-shot handle hears one signal only; a callback that stops a later
 * handle keeps it from hearing this signal; two signals caught before the
 * loop runs are delivered in the order they came; and two loops watching
 * the same signal each hear it on their own run. */
#include "common.h"

#include <signal.h>

static uv_loop_t loop, other;
static uv_signal_t h[5];
static uv_signal_t far;
static int stop_h3_once;

static void cb(uv_signal_t* s, int signum) {
  T("h%d (%s%s)", (int) (s - h), signum == SIGUSR1 ? "USR1" : "USR2",
    s->data ? ", oneshot" : "");
  if (s == &h[2] && stop_h3_once) {
    stop_h3_once = 0;
    T("h2 stops h3");
    CHECK(0 == uv_signal_stop(&h[3]));
  }
}

static void far_cb(uv_signal_t* s, int signum) {
  (void) s;
  T("other loop: %s", signum == SIGUSR1 ? "USR1" : "USR2");
}

int main(void) {
  int i;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_loop_init(&other));
  for (i = 0; i < 5; i++) {
    CHECK(0 == uv_signal_init(&loop, &h[i]));
    h[i].data = NULL;
  }
  /* Started out of address order, one-shot ones mixed in. */
  h[4].data = "oneshot";
  CHECK(0 == uv_signal_start_oneshot(&h[4], cb, SIGUSR1));
  CHECK(0 == uv_signal_start(&h[3], cb, SIGUSR1));
  h[0].data = "oneshot";
  CHECK(0 == uv_signal_start_oneshot(&h[0], cb, SIGUSR1));
  CHECK(0 == uv_signal_start(&h[1], cb, SIGUSR1));
  CHECK(0 == uv_signal_start(&h[2], cb, SIGUSR2));

  CHECK(0 == raise(SIGUSR1));
  T("-- one USR1");
  uv_run(&loop, UV_RUN_NOWAIT);

  CHECK(0 == raise(SIGUSR2));
  CHECK(0 == raise(SIGUSR1));
  T("-- USR2 then USR1");
  uv_run(&loop, UV_RUN_NOWAIT);

  CHECK(0 == uv_signal_start(&h[2], cb, SIGUSR1));
  stop_h3_once = 1;
  CHECK(0 == raise(SIGUSR1));
  T("-- USR1 with h2 moved to it");
  uv_run(&loop, UV_RUN_NOWAIT);

  CHECK(0 == uv_signal_init(&other, &far));
  CHECK(0 == uv_signal_start(&far, far_cb, SIGUSR1));
  CHECK(0 == raise(SIGUSR1));
  T("-- USR1 with two loops: this one first");
  uv_run(&loop, UV_RUN_NOWAIT);
  T("-- then the other");
  uv_run(&other, UV_RUN_NOWAIT);

  finish_loop(&other);
  finish_loop(&loop);
  return 0;
}
