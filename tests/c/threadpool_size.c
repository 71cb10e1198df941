/* UV_THREADPOOL_SIZE (set by the program before the pool starts) limits the
 * pool: with 2 threads both blocked, a third request stays queued, so
 * uv_cancel on it returns 0 and its after_work_cb gets UV_ECANCELED; no
 * more than 2 work callbacks ever run at once. */
#include "common.h"

#define N 8

static uv_work_t reqs[N];
static uv_sem_t started, release;
static int running, max_running, statuses[N];

static void track_start(void) {
  int now = __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
  int old = __atomic_load_n(&max_running, __ATOMIC_SEQ_CST);
  while (now > old &&
         !__atomic_compare_exchange_n(&max_running, &old, now, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
  }
}

static void blocker(uv_work_t* req) {
  (void) req;
  track_start();
  uv_sem_post(&started);
  uv_sem_wait(&release);
  __atomic_sub_fetch(&running, 1, __ATOMIC_SEQ_CST);
}

static void quick(uv_work_t* req) {
  (void) req;
  track_start();
  __atomic_sub_fetch(&running, 1, __ATOMIC_SEQ_CST);
}

static void after(uv_work_t* req, int status) { statuses[req - reqs] = status; }

int main(void) {
  uv_loop_t loop;
  int i, r;

  CHECK(0 == setenv("UV_THREADPOOL_SIZE", "2", 1));
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_sem_init(&started, 0));
  CHECK(0 == uv_sem_init(&release, 0));
  CHECK(0 == uv_queue_work(&loop, &reqs[0], blocker, after));
  CHECK(0 == uv_queue_work(&loop, &reqs[1], blocker, after));
  uv_sem_wait(&started);
  uv_sem_wait(&started);
  T("two blockers running");
  for (i = 2; i < N; i++) CHECK(0 == uv_queue_work(&loop, &reqs[i], quick, after));
  r = uv_cancel((uv_req_t*) &reqs[2]);
  T("cancel third request -> %s", ename(r));
  uv_sem_post(&release);
  uv_sem_post(&release);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  for (i = 0; i < N; i++) T("req %d status %s", i, ename(statuses[i]));
  T("max concurrent work callbacks: %d", max_running);
  uv_sem_destroy(&started);
  uv_sem_destroy(&release);
  finish_loop(&loop);
  return 0;
}
