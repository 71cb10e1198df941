/* Semaphores, condition variables and barriers: uv_sem_*, uv_cond_* and
 * uv_barrier_*.
 *
 * Prints one fact per line; the transcript is the same on every run and on
 * every correct libuv (no timings are printed, only whether a bound held).
 * Exits 0 when every check held, 1 otherwise. */
#include <uv.h>
#include <stdio.h>

static int failures;

static void check(const char* what, int ok) {
  printf("%s: %s\n", what, ok ? "ok" : "FAILED");
  if (!ok) failures++;
}

static const char* code_name(int r) {
  return r == 0 ? "0" : uv_err_name(r);
}

static void report(const char* what, int r, int want) {
  printf("%s: %s\n", what, code_name(r));
  if (r != want) {
    printf("  (expected %s)\n", code_name(want));
    failures++;
  }
}

/* ---- semaphores: a producer and a consumer ------------------------------ */

#define ITEMS 1000

static uv_sem_t filled;
static uv_sem_t emptied;
static int slot;
static long consumed_sum;

static void producer(void* arg) {
  int i;
  (void) arg;
  for (i = 1; i <= ITEMS; i++) {
    uv_sem_wait(&emptied);
    slot = i;
    uv_sem_post(&filled);
  }
}

static void consumer(void* arg) {
  int i;
  (void) arg;
  for (i = 1; i <= ITEMS; i++) {
    uv_sem_wait(&filled);
    consumed_sum += slot;
    uv_sem_post(&emptied);
  }
}

/* ---- condition variables ------------------------------------------------ */

#define WAITERS 4

static uv_mutex_t mutex;
static uv_cond_t cond;
static int generation;
static int waiting;
static int woken;
static int signalled_result = -1;

/* Waits (timed, generously) until the generation moves on. */
static void timed_waiter(void* arg) {
  (void) arg;
  uv_mutex_lock(&mutex);
  waiting++;
  uv_cond_signal(&cond); /* tell main one more is waiting (it waits too) */
  signalled_result = 0;
  while (generation == 0) {
    int r = uv_cond_timedwait(&cond, &mutex, (uint64_t) 10 * 1000 * 1000 * 1000);
    if (r != 0) {
      signalled_result = r;
      break;
    }
  }
  woken++;
  uv_mutex_unlock(&mutex);
}

static void waiter(void* arg) {
  (void) arg;
  uv_mutex_lock(&mutex);
  waiting++;
  uv_cond_broadcast(&cond);
  while (generation < 2) uv_cond_wait(&cond, &mutex);
  woken++;
  uv_mutex_unlock(&mutex);
}

/* Waits, under the mutex, until `n` threads are waiting. */
static void wait_for_waiters(int n) {
  while (waiting < n) uv_cond_wait(&cond, &mutex);
}

/* ---- barriers ----------------------------------------------------------- */

#define PARTIES 4
#define ROUNDS 50

static uv_barrier_t barrier;
static uv_mutex_t serial_mutex;
static int serial_count[ROUNDS];
static int arrived[ROUNDS];
static int early_leavers;

static void party(void* arg) {
  int round;
  (void) arg;
  for (round = 0; round < ROUNDS; round++) {
    int serial;
    uv_mutex_lock(&serial_mutex);
    arrived[round]++;
    uv_mutex_unlock(&serial_mutex);
    serial = uv_barrier_wait(&barrier);
    uv_mutex_lock(&serial_mutex);
    if (arrived[round] != PARTIES) early_leavers++;
    if (serial > 0) serial_count[round]++;
    uv_mutex_unlock(&serial_mutex);
  }
}

int main(void) {
  uv_sem_t s;
  uv_thread_t t1, t2;
  uv_thread_t threads[PARTIES];
  uint64_t before, elapsed;
  int i, ok, r;

  /* Semaphore basics. */
  report("sem init 0", uv_sem_init(&s, 0), 0);
  report("trywait at 0", uv_sem_trywait(&s), UV_EAGAIN);
  uv_sem_post(&s);
  uv_sem_post(&s);
  report("trywait after 2 posts", uv_sem_trywait(&s), 0);
  report("trywait again", uv_sem_trywait(&s), 0);
  report("trywait when drained", uv_sem_trywait(&s), UV_EAGAIN);
  uv_sem_post(&s);
  uv_sem_wait(&s);
  printf("wait after post returned\n");
  uv_sem_destroy(&s);
  report("sem init 3", uv_sem_init(&s, 3), 0);
  for (i = 0; i < 3; i++) uv_sem_wait(&s);
  report("trywait after 3 waits", uv_sem_trywait(&s), UV_EAGAIN);
  uv_sem_destroy(&s);
  report("sem init above SEM_VALUE_MAX", uv_sem_init(&s, 0x80000000u), UV_EINVAL);

  /* Semaphores across threads. */
  report("filled init", uv_sem_init(&filled, 0), 0);
  report("emptied init", uv_sem_init(&emptied, 1), 0);
  ok = uv_thread_create(&t1, producer, NULL) == 0;
  ok &= uv_thread_create(&t2, consumer, NULL) == 0;
  ok &= uv_thread_join(&t1) == 0;
  ok &= uv_thread_join(&t2) == 0;
  check("producer and consumer ran", ok);
  printf("sum of %d items handed over: %ld\n", ITEMS, consumed_sum);
  check("every item arrived once, in order", consumed_sum == (long) ITEMS * (ITEMS + 1) / 2);
  uv_sem_destroy(&filled);
  uv_sem_destroy(&emptied);

  /* Condition variable: a timeout. */
  report("mutex init", uv_mutex_init(&mutex), 0);
  report("cond init", uv_cond_init(&cond), 0);
  uv_mutex_lock(&mutex);
  before = uv_hrtime();
  r = uv_cond_timedwait(&cond, &mutex, 50 * 1000 * 1000);
  elapsed = uv_hrtime() - before;
  uv_mutex_unlock(&mutex);
  report("timedwait 50ms with nobody signalling", r, UV_ETIMEDOUT);
  check("timedwait waited at least 50ms", elapsed >= 50 * 1000 * 1000);
  check("timedwait woke within 5s", elapsed < (uint64_t) 5 * 1000 * 1000 * 1000);
  uv_mutex_lock(&mutex);
  report("timedwait 0ns", uv_cond_timedwait(&cond, &mutex, 0), UV_ETIMEDOUT);
  uv_mutex_unlock(&mutex);

  /* Condition variable: a signal reaches a timed waiter. */
  uv_mutex_lock(&mutex);
  ok = uv_thread_create(&t1, timed_waiter, NULL) == 0;
  wait_for_waiters(1);
  generation = 1;
  uv_cond_signal(&cond);
  uv_mutex_unlock(&mutex);
  ok &= uv_thread_join(&t1) == 0;
  check("timed waiter thread ran", ok);
  report("timedwait when signalled", signalled_result, 0);
  printf("woken: %d\n", woken);

  /* Condition variable: a broadcast reaches every waiter. */
  uv_mutex_lock(&mutex);
  waiting = 0;
  woken = 0;
  ok = 1;
  for (i = 0; i < WAITERS; i++) ok &= uv_thread_create(&threads[i], waiter, NULL) == 0;
  wait_for_waiters(WAITERS);
  generation = 2;
  uv_cond_broadcast(&cond);
  uv_mutex_unlock(&mutex);
  for (i = 0; i < WAITERS; i++) ok &= uv_thread_join(&threads[i]) == 0;
  check("waiter threads ran", ok);
  printf("woken by one broadcast: %d of %d\n", woken, WAITERS);
  check("broadcast woke all", woken == WAITERS);
  uv_cond_destroy(&cond);
  uv_mutex_destroy(&mutex);

  /* Barriers. */
  report("barrier init 0", uv_barrier_init(&barrier, 0), UV_EINVAL);
  report("barrier init 1", uv_barrier_init(&barrier, 1), 0);
  r = uv_barrier_wait(&barrier);
  printf("lone waiter is the serial thread: %s\n", r > 0 ? "yes" : "no");
  if (r <= 0) failures++;
  r = uv_barrier_wait(&barrier);
  printf("and again on reuse: %s\n", r > 0 ? "yes" : "no");
  if (r <= 0) failures++;
  uv_barrier_destroy(&barrier);

  report("serial mutex init", uv_mutex_init(&serial_mutex), 0);
  report("barrier init 4", uv_barrier_init(&barrier, PARTIES), 0);
  ok = 1;
  for (i = 0; i < PARTIES; i++) ok &= uv_thread_create(&threads[i], party, NULL) == 0;
  for (i = 0; i < PARTIES; i++) ok &= uv_thread_join(&threads[i]) == 0;
  check("barrier threads ran", ok);
  r = 1;
  for (i = 0; i < ROUNDS; i++) r &= serial_count[i] == 1;
  printf("%d rounds of %d threads, exactly one serial thread each: %s\n", ROUNDS, PARTIES,
         r ? "yes" : "no");
  if (!r) failures++;
  check("nobody passed the barrier early", early_leavers == 0);
  uv_barrier_destroy(&barrier);
  uv_mutex_destroy(&serial_mutex);

  printf("failures: %d\n", failures);
  return failures == 0 ? 0 : 1;
}
