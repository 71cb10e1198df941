/* A signal sent from another thread while the loop waits in epoll: the
 * handler runs on whichever thread the kernel picks, the loop wakes, and
 * the callback runs on the loop thread; the callback closes the handle, so
 * the default run ends. The process gets the signal's default action back
 * once the handle is closed. */
#include "common.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static uv_loop_t loop;
static uv_signal_t sig;
static uv_prepare_t prep;
static uv_thread_t thread;
static pthread_t loop_thread;
static int callbacks;

static void sender(void* arg) {
  (void) arg;
  CHECK(0 == kill(getpid(), SIGUSR1));
}

static void prep_cb(uv_prepare_t* p) {
  /* The loop is about to wait: send from another thread now. */
  uv_prepare_stop(p);
  uv_close((uv_handle_t*) p, NULL);
  CHECK(0 == uv_thread_create(&thread, sender, NULL));
}

static void signal_cb(uv_signal_t* h, int signum) {
  callbacks++;
  T("callback: USR1 %s, on the loop thread %s", yesno(signum == SIGUSR1),
    yesno(pthread_equal(pthread_self(), loop_thread)));
  uv_close((uv_handle_t*) h, NULL);
}

int main(void) {
  struct sigaction sa;
  loop_thread = pthread_self();
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_signal_init(&loop, &sig));
  CHECK(0 == uv_signal_start(&sig, signal_cb, SIGUSR1));
  CHECK(0 == uv_prepare_init(&loop, &prep));
  CHECK(0 == uv_prepare_start(&prep, prep_cb));
  T("run: %d", uv_run(&loop, UV_RUN_DEFAULT));
  CHECK(0 == uv_thread_join(&thread));
  T("callbacks: %d", callbacks);
  CHECK(0 == sigaction(SIGUSR1, NULL, &sa));
  T("USR1 default again: %s", yesno(sa.sa_handler == SIG_DFL));
  finish_loop(&loop);
  return 0;
}
