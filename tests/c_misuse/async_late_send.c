/* uv_async_send racing uv_close: a sender on another thread that read the
 * handle just before the close. libuv allows the race (its close waits for
 * a send under way) as long as the handle's memory lives on; ruv keeps
 * every signal a loop made until the loop goes, hands a closed handle's
 * signal to the next async handle, and refuses a send that names the old
 * handle.
 *
 * The default mode stands in for the late sender with a byte copy of the
 * handle taken before the close, so it runs the same way every time: the
 * copy's send must be refused after the signal has gone to a new handle,
 * and must not wake that handle (under valgrind, a freed signal would show
 * as an invalid read). Mode "race" has two threads sending without pause
 * while the loop opens and closes async handles 2,000 times: it must end,
 * with every send answered 0 or UV_EINVAL. */
#include "misuse.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

static uv_loop_t loop;
static int a_calls, b_calls;

static void on_a(uv_async_t* h) {
  (void) h;
  a_calls++;
}

static void on_b(uv_async_t* h) {
  (void) h;
  b_calls++;
}

static void late_send(void) {
  uv_async_t a, b, late;

  CHECK(0 == uv_async_init(&loop, &a, on_a));
  /* What a sender on another thread read of the handle before the close. */
  memcpy(&late, &a, sizeof a);
  uv_close((uv_handle_t*) &a, NULL);
  R("run (close)", uv_run(&loop, UV_RUN_DEFAULT));
  R("send to the closed handle", uv_async_send(&a));
  R("late send, before the signal is reused", uv_async_send(&late));
  CHECK(0 == uv_async_init(&loop, &b, on_b));
  R("late send, after the signal went to a new handle", uv_async_send(&late));
  R("run (nothing sent to the new handle)", uv_run(&loop, UV_RUN_NOWAIT));
  R("send to the new handle", uv_async_send(&b));
  while (b_calls == 0)
    uv_run(&loop, UV_RUN_ONCE);
  T("callbacks: closed handle %d, new handle %d", a_calls, b_calls);
  uv_close((uv_handle_t*) &b, NULL);
  /* The handles live on this stack: closed before it goes. */
  R("run (close)", uv_run(&loop, UV_RUN_DEFAULT));
}

#define RACE_ROUNDS 2000

static uv_async_t slots[2];
static atomic_int current = -1;
static atomic_int stop;
static atomic_int odd_answers;

static void* hammer(void* arg) {
  (void) arg;
  while (!atomic_load(&stop)) {
    int i = atomic_load(&current);
    if (i >= 0) {
      int r = uv_async_send(&slots[i]);
      if (r != 0 && r != UV_EINVAL)
        atomic_fetch_add(&odd_answers, 1);
    }
    /* Lets the loop thread run where threads take turns (valgrind). */
    sched_yield();
  }
  return NULL;
}

static void race(void) {
  pthread_t threads[2];
  int round, k;

  for (k = 0; k < 2; k++)
    CHECK(0 == pthread_create(&threads[k], NULL, hammer, NULL));
  for (round = 0; round < RACE_ROUNDS; round++) {
    int i = round % 2;
    CHECK(0 == uv_async_init(&loop, &slots[i], on_a));
    atomic_store(&current, i);
    uv_run(&loop, UV_RUN_NOWAIT);
    uv_close((uv_handle_t*) &slots[i], NULL);
    uv_run(&loop, UV_RUN_NOWAIT);
  }
  atomic_store(&stop, 1);
  for (k = 0; k < 2; k++)
    CHECK(0 == pthread_join(threads[k], NULL));
  T("rounds: %d, answers other than 0 and EINVAL: %d", round, atomic_load(&odd_answers));
}

int main(int argc, char** argv) {
  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  if (argc > 1) {
    const char* mode = mode_arg(argc, argv);
    if (strcmp(mode, "race") != 0)
      unknown_mode(mode);
    race();
  } else {
    late_send();
  }
  finish_loop(&loop);
  return 0;
}
