/* Signal handles, one at a time: a started handle catches the signal (the
 * process does not die) and its callback runs in the loop with the signal's
 * number; the public signum field follows start and stop; a one-shot handle
 * stops itself after its callback; restarting with the same signal keeps
 * the handle as it is and with another signal moves it; a stopped handle
 * misses signals; and closing a started handle stops it. */
#include "common.h"

#include <signal.h>

static uv_loop_t loop;
static uv_signal_t sig;

static void signal_cb(uv_signal_t* h, int signum) {
  T("%s: signal %s, active %s, signum field %s", (const char*) h->data,
    signum == SIGUSR1 ? "USR1" : signum == SIGUSR2 ? "USR2" : "other",
    yesno(uv_is_active((uv_handle_t*) h)),
    h->signum == SIGUSR1 ? "USR1" : h->signum == SIGUSR2 ? "USR2" : "0");
}

static void other_cb(uv_signal_t* h, int signum) {
  (void) signum;
  T("%s: the replacement callback ran", (const char*) h->data);
}

static void run_nowait(const char* what) {
  int r = uv_run(&loop, UV_RUN_NOWAIT);
  T("run nowait (%s): %d", what, r);
}

static void close_cb(uv_handle_t* h) {
  T("closed %s", (const char*) h->data);
}

int main(void) {
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_signal_init(&loop, &sig));
  sig.data = "sig";
  T("after init: active %s, signum %d", yesno(uv_is_active((uv_handle_t*) &sig)),
    sig.signum);

  CHECK(0 == uv_signal_start(&sig, signal_cb, SIGUSR1));
  T("started: active %s, alive %s, signum is USR1 %s",
    yesno(uv_is_active((uv_handle_t*) &sig)), yesno(uv_loop_alive(&loop)),
    yesno(sig.signum == SIGUSR1));
  CHECK(0 == raise(SIGUSR1));
  T("raised USR1 and lived");
  /* The handler writes at once; the callback waits for the loop's poll. */
  run_nowait("one USR1");
  CHECK(0 == raise(SIGUSR1));
  CHECK(0 == raise(SIGUSR1));
  run_nowait("two USR1");

  T("same signal again, another callback: %s",
    ename(uv_signal_start(&sig, other_cb, SIGUSR1)));
  CHECK(0 == raise(SIGUSR1));
  run_nowait("USR1 to the replacement");

  T("move to USR2: %s", ename(uv_signal_start(&sig, signal_cb, SIGUSR2)));
  T("signum is USR2: %s", yesno(sig.signum == SIGUSR2));
  CHECK(0 == raise(SIGUSR2));
  run_nowait("USR2");

  T("stop: %s", ename(uv_signal_stop(&sig)));
  T("after stop: active %s, signum %d", yesno(uv_is_active((uv_handle_t*) &sig)),
    sig.signum);
  T("stop again: %s", ename(uv_signal_stop(&sig)));
  T("alive after stop: %s", yesno(uv_loop_alive(&loop)));

  T("oneshot USR1: %s", ename(uv_signal_start_oneshot(&sig, signal_cb, SIGUSR1)));
  CHECK(0 == raise(SIGUSR1));
  run_nowait("oneshot USR1");
  T("after the oneshot: active %s, signum %d",
    yesno(uv_is_active((uv_handle_t*) &sig)), sig.signum);

  T("start for closing: %s", ename(uv_signal_start(&sig, signal_cb, SIGUSR2)));
  uv_close((uv_handle_t*) &sig, close_cb);
  T("closing: active %s", yesno(uv_is_active((uv_handle_t*) &sig)));
  run_nowait("close");
  finish_loop(&loop);
  return 0;
}
