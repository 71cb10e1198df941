/* Two loops share the thread pool: requests queued on each loop complete on
 * their own loop only; a request queued from inside an after_work callback
 * (a chain of 10) completes; a loop in another thread gets its own
 * completions while this one runs. */
#include "common.h"

#define PER_LOOP 20
#define CHAIN 10

static uv_loop_t loop_a, loop_b, loop_t;
static uv_work_t reqs_a[PER_LOOP], reqs_b[PER_LOOP], chain, reqs_t[PER_LOOP];
static int done_a, done_b, done_t, wrong_loop, chain_len;
static uv_thread_t thread_t;

static void work_cb(uv_work_t* req) { (void) req; }

static void after_a(uv_work_t* req, int status) {
  CHECK(status == 0);
  if (req->loop != &loop_a) wrong_loop = 1;
  done_a++;
}

static void after_b(uv_work_t* req, int status) {
  CHECK(status == 0);
  if (req->loop != &loop_b) wrong_loop = 1;
  done_b++;
}

static void after_t(uv_work_t* req, int status) {
  CHECK(status == 0);
  if (req->loop != &loop_t) wrong_loop = 1;
  done_t++;
}

static void after_chain(uv_work_t* req, int status) {
  CHECK(status == 0);
  chain_len++;
  if (chain_len < CHAIN) CHECK(0 == uv_queue_work(req->loop, req, work_cb, after_chain));
}

static void other_thread(void* arg) {
  int i;
  (void) arg;
  for (i = 0; i < PER_LOOP; i++)
    CHECK(0 == uv_queue_work(&loop_t, &reqs_t[i], work_cb, after_t));
  CHECK(0 == uv_run(&loop_t, UV_RUN_DEFAULT));
}

int main(void) {
  int i, r;
  CHECK(0 == uv_loop_init(&loop_a));
  CHECK(0 == uv_loop_init(&loop_b));
  CHECK(0 == uv_loop_init(&loop_t));
  for (i = 0; i < PER_LOOP; i++) {
    CHECK(0 == uv_queue_work(&loop_a, &reqs_a[i], work_cb, after_a));
    CHECK(0 == uv_queue_work(&loop_b, &reqs_b[i], work_cb, after_b));
  }
  CHECK(0 == uv_queue_work(&loop_a, &chain, work_cb, after_chain));
  CHECK(0 == uv_thread_create(&thread_t, other_thread, NULL));

  r = uv_run(&loop_a, UV_RUN_DEFAULT);
  T("loop a: run -> %d, done %d, chain %d, loop b done so far %d", r, done_a,
    chain_len, done_b);
  r = uv_run(&loop_b, UV_RUN_DEFAULT);
  T("loop b: run -> %d, done %d", r, done_b);
  CHECK(0 == uv_thread_join(&thread_t));
  T("thread loop: done %d", done_t);
  T("any completion on the wrong loop: %s", yesno(wrong_loop));
  finish_loop(&loop_a);
  finish_loop(&loop_b);
  finish_loop(&loop_t);
  return 0;
}
