/* Signal handles refused: signal 0, numbers that are no signal, SIGKILL and
 * SIGSTOP all give UV_EINVAL and leave the handle stopped. Moving a started
 * handle to a signal that is refused stops its old watch first, as libuv
 * does. The process catches a signal while any handle in any loop watches
 * it, and gets the default action back when the last one stops or
 * closes. */
#include "common.h"

#include <signal.h>

static const char* disposition(int signum) {
  struct sigaction sa;
  CHECK(0 == sigaction(signum, NULL, &sa));
  return sa.sa_handler == SIG_DFL ? "default" : "caught";
}

static void never_cb(uv_signal_t* h, int signum) {
  (void) h;
  (void) signum;
  T("never");
}

int main(void) {
  uv_loop_t loop, other;
  uv_signal_t sig, sig2, far;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_loop_init(&other));
  CHECK(0 == uv_signal_init(&loop, &sig));
  CHECK(0 == uv_signal_init(&loop, &sig2));
  CHECK(0 == uv_signal_init(&other, &far));

  T("signal 0: %s", ename(uv_signal_start(&sig, never_cb, 0)));
  T("signal 65: %s", ename(uv_signal_start(&sig, never_cb, 65)));
  T("signal -1: %s", ename(uv_signal_start(&sig, never_cb, -1)));
  T("SIGKILL: %s", ename(uv_signal_start(&sig, never_cb, SIGKILL)));
  T("SIGSTOP oneshot: %s", ename(uv_signal_start_oneshot(&sig, never_cb, SIGSTOP)));
  T("after refusals: active %s, signum %d",
    yesno(uv_is_active((uv_handle_t*) &sig)), sig.signum);

  T("USR1 before: %s", disposition(SIGUSR1));
  CHECK(0 == uv_signal_start(&sig, never_cb, SIGUSR1));
  T("USR1 with one handle: %s", disposition(SIGUSR1));
  T("move to SIGKILL: %s", ename(uv_signal_start(&sig, never_cb, SIGKILL)));
  T("after the failed move: active %s, signum %d",
    yesno(uv_is_active((uv_handle_t*) &sig)), sig.signum);
  T("USR1 after the move failed: %s", disposition(SIGUSR1));

  CHECK(0 == uv_signal_start(&sig, never_cb, SIGUSR2));
  CHECK(0 == uv_signal_start(&sig2, never_cb, SIGUSR2));
  CHECK(0 == uv_signal_start(&far, never_cb, SIGUSR2));
  T("USR2 with three handles in two loops: %s", disposition(SIGUSR2));
  CHECK(0 == uv_signal_stop(&sig));
  T("USR2 after one stop: %s", disposition(SIGUSR2));
  uv_close((uv_handle_t*) &sig2, NULL);
  T("USR2 after a close: %s", disposition(SIGUSR2));
  CHECK(0 == uv_signal_stop(&far));
  T("USR2 after the other loop's stop: %s", disposition(SIGUSR2));

  CHECK(0 == uv_signal_start_oneshot(&far, never_cb, SIGUSR2));
  T("USR2 with a oneshot: %s", disposition(SIGUSR2));
  uv_close((uv_handle_t*) &far, NULL);
  T("USR2 after closing it: %s", disposition(SIGUSR2));

  finish_loop(&other);
  finish_loop(&loop);
  return 0;
}
