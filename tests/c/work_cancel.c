/* uv_cancel on work requests. The four pool threads (default pool size) are
 * each blocked in a work_cb waiting on a semaphore; six more requests queue
 * behind them. Cancelling a queued request returns 0 and its after_work_cb
 * gets UV_ECANCELED without its work_cb ever running; cancelling a running
 * one returns UV_EBUSY; cancelling a finished one returns UV_EBUSY; a
 * cancelled request without after_work_cb just disappears. */
#include "common.h"

#define BLOCKERS 4
#define QUEUED 6
#define N (BLOCKERS + QUEUED)

static uv_loop_t loop;
static uv_work_t reqs[N];
static uv_sem_t started, release;
static int work_ran[N], statuses[N], after_ran[N];

static void blocker_cb(uv_work_t* req) {
  int i = (int) (req - reqs);
  __atomic_add_fetch(&work_ran[i], 1, __ATOMIC_SEQ_CST);
  uv_sem_post(&started);
  uv_sem_wait(&release);
}

static void queued_cb(uv_work_t* req) {
  int i = (int) (req - reqs);
  __atomic_add_fetch(&work_ran[i], 1, __ATOMIC_SEQ_CST);
}

static void after_cb(uv_work_t* req, int status) {
  int i = (int) (req - reqs);
  statuses[i] = status;
  after_ran[i]++;
}

int main(void) {
  int i, r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_sem_init(&started, 0));
  CHECK(0 == uv_sem_init(&release, 0));
  for (i = 0; i < BLOCKERS; i++)
    CHECK(0 == uv_queue_work(&loop, &reqs[i], blocker_cb, after_cb));
  for (i = 0; i < BLOCKERS; i++) uv_sem_wait(&started);
  T("%d blockers running", BLOCKERS);
  for (i = BLOCKERS; i < N - 1; i++)
    CHECK(0 == uv_queue_work(&loop, &reqs[i], queued_cb, after_cb));
  /* The last one has no after_work_cb. */
  CHECK(0 == uv_queue_work(&loop, &reqs[N - 1], queued_cb, NULL));
  T("%d more queued", QUEUED);

  r = uv_cancel((uv_req_t*) &reqs[0]);
  T("cancel running req 0 -> %s", ename(r));
  for (i = BLOCKERS; i < N; i += 2) {
    r = uv_cancel((uv_req_t*) &reqs[i]);
    T("cancel queued req %d -> %s", i, ename(r));
  }
  r = uv_cancel((uv_req_t*) &reqs[N - 1]);
  T("cancel queued req %d (no after_work_cb) -> %s", N - 1, ename(r));
  r = uv_cancel((uv_req_t*) &reqs[4]);
  T("cancel req 4 again (already cancelled, loop not run) -> %s", ename(r));
  T("after_work_cb ran before the loop runs: %s",
    yesno(after_ran[BLOCKERS] != 0));

  for (i = 0; i < BLOCKERS; i++) uv_sem_post(&release);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  for (i = 0; i < N; i++)
    T("req %d: work ran %d, after_work ran %d, status %s", i, work_ran[i],
      after_ran[i], ename(statuses[i]));

  r = uv_cancel((uv_req_t*) &reqs[1]);
  T("cancel finished req 1 -> %s", ename(r));
  r = uv_cancel((uv_req_t*) &reqs[5]);
  T("cancel finished (not cancelled) req 5 -> %s", ename(r));

  uv_sem_destroy(&started);
  uv_sem_destroy(&release);
  finish_loop(&loop);
  return 0;
}
