/* Mutexes and read-write locks: uv_mutex_* and uv_rwlock_*.
 *
 * Prints one fact per line; the transcript is the same on every run and on
 * every correct libuv. Exits 0 when every check held, 1 otherwise. */
#include <uv.h>
#include <stdio.h>
#include <string.h>

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

/* ---- a try from another thread sees what the owner holds ---------------- */

struct probe {
  uv_mutex_t* mutex;
  uv_rwlock_t* rwlock;
  int result;
};

static void try_mutex(void* arg) {
  struct probe* p = arg;
  p->result = uv_mutex_trylock(p->mutex);
  if (p->result == 0) uv_mutex_unlock(p->mutex);
}

static void try_rd(void* arg) {
  struct probe* p = arg;
  p->result = uv_rwlock_tryrdlock(p->rwlock);
  if (p->result == 0) uv_rwlock_rdunlock(p->rwlock);
}

static void try_wr(void* arg) {
  struct probe* p = arg;
  p->result = uv_rwlock_trywrlock(p->rwlock);
  if (p->result == 0) uv_rwlock_wrunlock(p->rwlock);
}

static int in_thread(uv_thread_cb fn, struct probe* p) {
  uv_thread_t t;
  p->result = 12345;
  if (uv_thread_create(&t, fn, p) != 0) return -1;
  if (uv_thread_join(&t) != 0) return -1;
  return p->result;
}

/* ---- contention: many threads, one counter ------------------------------ */

#define THREADS 4
#define ROUNDS 20000

static uv_mutex_t counter_mutex;
static long counter;

static void add_under_mutex(void* arg) {
  int i;
  (void) arg;
  for (i = 0; i < ROUNDS; i++) {
    uv_mutex_lock(&counter_mutex);
    counter++;
    uv_mutex_unlock(&counter_mutex);
  }
}

static uv_rwlock_t table_lock;
static long table[2];
static int torn_reads;

/* Writers keep table[0] == table[1]; readers check they never see it torn. */
static void rw_worker(void* arg) {
  int writer = (int) (long) arg;
  int i;
  for (i = 0; i < ROUNDS / 4; i++) {
    if (writer) {
      uv_rwlock_wrlock(&table_lock);
      table[0]++;
      table[1]++;
      uv_rwlock_wrunlock(&table_lock);
    } else {
      uv_rwlock_rdlock(&table_lock);
      if (table[0] != table[1]) torn_reads++;
      uv_rwlock_rdunlock(&table_lock);
    }
  }
}

int main(void) {
  uv_mutex_t m;
  uv_rwlock_t rw;
  struct probe p;
  uv_thread_t threads[THREADS];
  int i;
  int ok;

  memset(&p, 0, sizeof p);
  p.mutex = &m;
  p.rwlock = &rw;

  /* Plain mutex. */
  report("mutex init", uv_mutex_init(&m), 0);
  report("trylock unlocked", uv_mutex_trylock(&m), 0);
  uv_mutex_unlock(&m);
  uv_mutex_lock(&m);
  report("trylock while locked (same thread)", uv_mutex_trylock(&m), UV_EBUSY);
  report("trylock while locked (other thread)", in_thread(try_mutex, &p), UV_EBUSY);
  uv_mutex_unlock(&m);
  report("trylock after unlock (other thread)", in_thread(try_mutex, &p), 0);
  uv_mutex_destroy(&m);
  printf("mutex destroyed\n");

  /* Recursive mutex. */
  report("recursive init", uv_mutex_init_recursive(&m), 0);
  uv_mutex_lock(&m);
  uv_mutex_lock(&m);
  report("recursive trylock while held by self", uv_mutex_trylock(&m), 0);
  report("recursive trylock from other thread", in_thread(try_mutex, &p), UV_EBUSY);
  uv_mutex_unlock(&m);
  uv_mutex_unlock(&m);
  report("recursive still held after 2 of 3 unlocks", in_thread(try_mutex, &p), UV_EBUSY);
  uv_mutex_unlock(&m);
  report("recursive free after 3 unlocks", in_thread(try_mutex, &p), 0);
  uv_mutex_destroy(&m);
  printf("recursive mutex destroyed\n");

  /* Read-write lock. */
  report("rwlock init", uv_rwlock_init(&rw), 0);
  report("tryrdlock free", uv_rwlock_tryrdlock(&rw), 0);
  report("tryrdlock with one reader", uv_rwlock_tryrdlock(&rw), 0);
  report("tryrdlock with two readers (other thread)", in_thread(try_rd, &p), 0);
  report("trywrlock with readers (same thread)", uv_rwlock_trywrlock(&rw), UV_EBUSY);
  report("trywrlock with readers (other thread)", in_thread(try_wr, &p), UV_EBUSY);
  uv_rwlock_rdunlock(&rw);
  uv_rwlock_rdunlock(&rw);
  report("trywrlock free", uv_rwlock_trywrlock(&rw), 0);
  report("tryrdlock while write-locked (same thread)", uv_rwlock_tryrdlock(&rw), UV_EBUSY);
  report("tryrdlock while write-locked (other thread)", in_thread(try_rd, &p), UV_EBUSY);
  report("trywrlock while write-locked (other thread)", in_thread(try_wr, &p), UV_EBUSY);
  uv_rwlock_wrunlock(&rw);
  uv_rwlock_wrlock(&rw);
  report("wrlock then tryrdlock (other thread)", in_thread(try_rd, &p), UV_EBUSY);
  uv_rwlock_wrunlock(&rw);
  uv_rwlock_rdlock(&rw);
  report("rdlock then tryrdlock (other thread)", in_thread(try_rd, &p), 0);
  uv_rwlock_rdunlock(&rw);
  uv_rwlock_destroy(&rw);
  printf("rwlock destroyed\n");

  /* Contention on a mutex. */
  report("counter mutex init", uv_mutex_init(&counter_mutex), 0);
  ok = 1;
  for (i = 0; i < THREADS; i++)
    ok &= uv_thread_create(&threads[i], add_under_mutex, NULL) == 0;
  for (i = 0; i < THREADS; i++) ok &= uv_thread_join(&threads[i]) == 0;
  check("threads created and joined", ok);
  printf("counter after %d threads x %d increments: %ld\n", THREADS, ROUNDS, counter);
  check("no increment lost", counter == (long) THREADS * ROUNDS);
  uv_mutex_destroy(&counter_mutex);

  /* Contention on a read-write lock: two writers, two readers. */
  report("table rwlock init", uv_rwlock_init(&table_lock), 0);
  ok = 1;
  for (i = 0; i < THREADS; i++)
    ok &= uv_thread_create(&threads[i], rw_worker, (void*) (long) (i % 2)) == 0;
  for (i = 0; i < THREADS; i++) ok &= uv_thread_join(&threads[i]) == 0;
  check("rw threads created and joined", ok);
  printf("table after 2 writers x %d: %ld %ld\n", ROUNDS / 4, table[0], table[1]);
  check("readers never saw a torn write", torn_reads == 0);
  check("no write lost", table[0] == 2L * (ROUNDS / 4) && table[1] == table[0]);
  uv_rwlock_destroy(&table_lock);

  printf("failures: %d\n", failures);
  return failures == 0 ? 0 : 1;
}
