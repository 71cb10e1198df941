/* uv_queue_work with 100 requests: every work_cb runs exactly once, on a
 * thread other than the loop thread; every after_work_cb runs exactly once,
 * on the loop thread, with status 0; the loop stays alive while requests are
 * outstanding, and the requests report type UV_WORK and their loop. */
#include "common.h"

#define N 100

static uv_loop_t loop;
static uv_thread_t loop_thread;
static uv_work_t reqs[N];
static int work_ran[N], after_ran[N], status_bad, after_wrong_thread;
static int work_on_loop_thread;

static void work_cb(uv_work_t* req) {
  uv_thread_t self = uv_thread_self();
  int i = (int) (req - reqs);
  if (uv_thread_equal(&self, &loop_thread))
    __atomic_store_n(&work_on_loop_thread, 1, __ATOMIC_SEQ_CST);
  __atomic_add_fetch(&work_ran[i], 1, __ATOMIC_SEQ_CST);
}

static void after_cb(uv_work_t* req, int status) {
  uv_thread_t self = uv_thread_self();
  int i = (int) (req - reqs);
  if (!uv_thread_equal(&self, &loop_thread)) after_wrong_thread = 1;
  if (status != 0) status_bad = 1;
  CHECK(__atomic_load_n(&work_ran[i], __ATOMIC_SEQ_CST) == 1);
  after_ran[i]++;
}

int main(void) {
  int i, r, work_ok = 1, after_ok = 1, types_ok = 1;

  loop_thread = uv_thread_self();
  CHECK(0 == uv_loop_init(&loop));
  T("alive before queueing: %s", yesno(uv_loop_alive(&loop)));
  for (i = 0; i < N; i++) {
    reqs[i].data = &reqs[i];
    CHECK(0 == uv_queue_work(&loop, &reqs[i], work_cb, after_cb));
  }
  for (i = 0; i < N; i++) {
    if (uv_req_get_type((uv_req_t*) &reqs[i]) != UV_WORK) types_ok = 0;
    if (reqs[i].loop != &loop) types_ok = 0;
  }
  T("queued %d requests: alive %s", N, yesno(uv_loop_alive(&loop)));
  T("request type UV_WORK and loop set: %s", yesno(types_ok));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, alive after %s", r, yesno(uv_loop_alive(&loop)));
  for (i = 0; i < N; i++) {
    if (work_ran[i] != 1) work_ok = 0;
    if (after_ran[i] != 1) after_ok = 0;
  }
  T("every work_cb ran exactly once: %s", yesno(work_ok));
  T("every after_work_cb ran exactly once: %s", yesno(after_ok));
  T("all statuses 0: %s", yesno(!status_bad));
  T("work_cb ever on the loop thread: %s", yesno(work_on_loop_thread));
  T("after_work_cb always on the loop thread: %s", yesno(!after_wrong_thread));
  T("data kept: %s", yesno(reqs[N - 1].data == &reqs[N - 1]));
  finish_loop(&loop);
  return 0;
}
