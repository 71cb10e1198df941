/* Threads, uv_once and thread-local keys: uv_thread_*, uv_once, uv_key_*.
 *
 * Prints one fact per line (never a thread id or an address); the transcript
 * is the same on every run and on every correct libuv. Exits 0 when every
 * check held, 1 otherwise. */
#define _GNU_SOURCE /* pthread_getattr_np */
#include <uv.h>
#include <pthread.h>
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

/* ---- create and join ---------------------------------------------------- */

#define THREADS 8

struct job {
  int input;
  int output;
  uv_thread_t* my_id;     /* where the creator stored this thread's id */
  uv_sem_t may_start;     /* posted once *my_id is written */
  int self_matches;       /* uv_thread_equal(self, *my_id) */
  int differs_from_main;  /* !uv_thread_equal(self, main) */
};

static uv_thread_t main_id;

static void square(void* arg) {
  struct job* job = arg;
  uv_thread_t self;
  uv_sem_wait(&job->may_start);
  self = uv_thread_self();
  job->self_matches = uv_thread_equal(&self, job->my_id) != 0;
  job->differs_from_main = uv_thread_equal(&self, &main_id) == 0;
  job->output = job->input * job->input;
}

/* ---- stack sizes -------------------------------------------------------- */

static int deep_ok;

/* Touches `kib` KiB of stack, one page at a time, down a recursion. */
static int use_stack(int kib) {
  volatile char page[1024];
  memset((char*) page, kib & 0xff, sizeof page);
  if (kib <= 1) return page[0];
  return use_stack(kib - 1) + page[sizeof page - 1];
}

static void stack_user(void* arg) {
  int kib = (int) (long) arg;
  use_stack(kib);
  deep_ok = 1;
}

/* The stack size of the calling thread, as pthread reports it. */
static size_t measured_stack;

static void measure_stack(void* arg) {
  pthread_attr_t attr;
  size_t size = 0;
  (void) arg;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
  }
  measured_stack = size;
}

static void nothing(void* arg) {
  (void) arg;
}

/* ---- uv_once ------------------------------------------------------------ */

static uv_once_t once_guard = UV_ONCE_INIT;
static int once_calls;

static void once_init(void) {
  once_calls++;
}

static void call_once(void* arg) {
  (void) arg;
  uv_once(&once_guard, once_init);
}

/* ---- keys --------------------------------------------------------------- */

static uv_key_t key;
static int key_seen_null_in_thread;
static int key_kept_in_thread;

static void key_user(void* arg) {
  key_seen_null_in_thread = uv_key_get(&key) == NULL;
  uv_key_set(&key, arg);
  key_kept_in_thread = uv_key_get(&key) == arg;
}

int main(void) {
  struct job jobs[THREADS];
  uv_thread_t ids[THREADS];
  uv_thread_options_t opts;
  uv_thread_t t;
  uv_thread_t again;
  int i, ok, all_self, all_differ;
  long sum;
  int value = 42;

  main_id = uv_thread_self();
  again = uv_thread_self();
  check("uv_thread_self is stable on one thread", uv_thread_equal(&main_id, &again) != 0);

  /* Create and join. */
  ok = 1;
  for (i = 0; i < THREADS; i++) {
    jobs[i].input = i + 1;
    jobs[i].output = 0;
    jobs[i].my_id = &ids[i];
    ok &= uv_sem_init(&jobs[i].may_start, 0) == 0;
  }
  for (i = 0; i < THREADS; i++) {
    ok &= uv_thread_create(&ids[i], square, &jobs[i]) == 0;
    uv_sem_post(&jobs[i].may_start);
  }
  check("created threads", ok);
  ok = 1;
  for (i = 0; i < THREADS; i++) ok &= uv_thread_join(&ids[i]) == 0;
  check("joined threads", ok);
  sum = 0;
  all_self = 1;
  all_differ = 1;
  for (i = 0; i < THREADS; i++) {
    sum += jobs[i].output;
    all_self &= jobs[i].self_matches;
    all_differ &= jobs[i].differs_from_main;
    uv_sem_destroy(&jobs[i].may_start);
  }
  printf("sum of squares 1..%d computed by threads: %ld\n", THREADS, sum);
  check("each thread's uv_thread_self equals the id it was created with", all_self);
  check("no thread equals the main thread", all_differ);
  check("two different threads are not equal", uv_thread_equal(&ids[0], &ids[1]) == 0);

  /* uv_thread_create_ex and stack sizes. */
  memset(&opts, 0, sizeof opts);
  opts.flags = UV_THREAD_NO_FLAGS;
  report("create_ex without flags", uv_thread_create_ex(&t, &opts, nothing, NULL), 0);
  report("join", uv_thread_join(&t), 0);

  opts.flags = UV_THREAD_HAS_STACK_SIZE;
  opts.stack_size = 0;
  report("create_ex with stack size 0 (default)",
         uv_thread_create_ex(&t, &opts, measure_stack, NULL), 0);
  report("join", uv_thread_join(&t), 0);
  check("default stack is at least 1 MiB", measured_stack >= 1024 * 1024);

  opts.stack_size = 1;
  report("create_ex with stack size 1 (rounded up)",
         uv_thread_create_ex(&t, &opts, measure_stack, NULL), 0);
  report("join", uv_thread_join(&t), 0);
  check("stack of size 1 is at least 16 KiB (PTHREAD_STACK_MIN)", measured_stack >= 16384);
  check("stack of size 1 is under 1 MiB (not the default)", measured_stack < 1024 * 1024);

  opts.stack_size = 300000;
  report("create_ex with stack size 300000",
         uv_thread_create_ex(&t, &opts, measure_stack, NULL), 0);
  report("join", uv_thread_join(&t), 0);
  check("stack of 300000 is at least 300000, whole pages",
        measured_stack >= 300000 && measured_stack % 4096 == 0);
  check("stack of 300000 is under 1 MiB (not the default)", measured_stack < 1024 * 1024);

  opts.stack_size = 4 * 1024 * 1024;
  deep_ok = 0;
  report("create_ex with a 4 MiB stack", uv_thread_create_ex(&t, &opts, stack_user, (void*) 1024L),
         0);
  report("join", uv_thread_join(&t), 0);
  check("thread used 1 MiB of its 4 MiB stack", deep_ok);

  /* uv_once: four threads and main race for one call. */
  ok = 1;
  for (i = 0; i < 4; i++) ok &= uv_thread_create(&ids[i], call_once, NULL) == 0;
  uv_once(&once_guard, once_init);
  for (i = 0; i < 4; i++) ok &= uv_thread_join(&ids[i]) == 0;
  uv_once(&once_guard, once_init);
  check("once threads ran", ok);
  printf("once callback calls after 6 uv_once: %d\n", once_calls);
  check("callback ran exactly once", once_calls == 1);

  /* Keys. */
  report("key create", uv_key_create(&key), 0);
  check("new key reads NULL", uv_key_get(&key) == NULL);
  uv_key_set(&key, &value);
  check("key reads back what was set", uv_key_get(&key) == &value);
  ok = uv_thread_create(&t, key_user, &sum) == 0;
  ok &= uv_thread_join(&t) == 0;
  check("key thread ran", ok);
  check("another thread starts with NULL", key_seen_null_in_thread);
  check("another thread keeps its own value", key_kept_in_thread);
  check("main's value is untouched by the other thread", uv_key_get(&key) == &value);
  uv_key_set(&key, NULL);
  check("key reads NULL after setting NULL", uv_key_get(&key) == NULL);
  uv_key_delete(&key);
  printf("key deleted\n");

  printf("failures: %d\n", failures);
  return failures == 0 ? 0 : 1;
}
