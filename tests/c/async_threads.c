/* uv_async_send from other threads. Only deterministic facts are printed:
 * (1) ping-pong, each send waiting for its callback: exactly one callback per
 * send; (2) four threads sending 1000 times each, released together by a
 * barrier: at least one callback, never more callbacks than sends, and a
 * final send made after all other sends (and after setting a flag) is never
 * lost: some callback observes the flag, and then closes the handle. */
#include "common.h"

#define THREADS 4
#define SENDS 1000
#define PINGS 100

static uv_loop_t loop;
static uv_async_t ping, storm;
static uv_sem_t pong;
static uv_barrier_t start_barrier, done_barrier;
static int ping_count, storm_count, saw_final, final_flag;
static uv_thread_t loop_thread;
static int wrong_thread;

static void ping_cb(uv_async_t* h) {
  uv_thread_t self = uv_thread_self();
  if (!uv_thread_equal(&self, &loop_thread)) wrong_thread = 1;
  ping_count++;
  if (ping_count == PINGS) uv_close((uv_handle_t*) h, NULL);
  uv_sem_post(&pong);
}

static void pinger(void* arg) {
  int i;
  (void) arg;
  for (i = 0; i < PINGS; i++) {
    CHECK(0 == uv_async_send(&ping));
    uv_sem_wait(&pong);
  }
}

static void storm_cb(uv_async_t* h) {
  storm_count++;
  if (__atomic_load_n(&final_flag, __ATOMIC_SEQ_CST)) {
    saw_final = 1;
    uv_close((uv_handle_t*) h, NULL);
  }
}

static void stormer(void* arg) {
  int i;
  (void) arg;
  uv_barrier_wait(&start_barrier);
  for (i = 0; i < SENDS; i++) CHECK(0 == uv_async_send(&storm));
  if (uv_barrier_wait(&done_barrier) > 0) {
    /* Exactly one thread: every other send has happened. */
    __atomic_store_n(&final_flag, 1, __ATOMIC_SEQ_CST);
    CHECK(0 == uv_async_send(&storm));
  }
}

int main(void) {
  uv_thread_t threads[THREADS];
  uv_thread_t t;
  int i, r;

  loop_thread = uv_thread_self();
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_sem_init(&pong, 0));

  CHECK(0 == uv_async_init(&loop, &ping, ping_cb));
  CHECK(0 == uv_thread_create(&t, pinger, NULL));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  CHECK(0 == uv_thread_join(&t));
  T("ping-pong: run -> %d, %d callbacks for %d sends", r, ping_count, PINGS);
  T("ping-pong: callbacks on the loop thread: %s", yesno(!wrong_thread));

  CHECK(0 == uv_barrier_init(&start_barrier, THREADS));
  CHECK(0 == uv_barrier_init(&done_barrier, THREADS));
  CHECK(0 == uv_async_init(&loop, &storm, storm_cb));
  for (i = 0; i < THREADS; i++)
    CHECK(0 == uv_thread_create(&threads[i], stormer, NULL));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  for (i = 0; i < THREADS; i++) CHECK(0 == uv_thread_join(&threads[i]));
  T("storm: run -> %d", r);
  T("storm: callback ran at least once: %s", yesno(storm_count >= 1));
  T("storm: callbacks <= sends: %s", yesno(storm_count <= THREADS * SENDS + 1));
  T("storm: final send seen by a callback: %s", yesno(saw_final));

  uv_barrier_destroy(&start_barrier);
  uv_barrier_destroy(&done_barrier);
  uv_sem_destroy(&pong);
  finish_loop(&loop);
  return 0;
}
