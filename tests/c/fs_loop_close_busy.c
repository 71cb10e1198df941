/* uv_loop_close with fs requests in flight. A synchronous request leaves no
 * active request behind; an asynchronous one is an active request
 * (loop->active_reqs.count 1, uv_loop_alive 1) and uv_loop_close returns
 * UV_EBUSY while it is queued (all pool threads blocked), still EBUSY after
 * it was cancelled but before its callback ran; UV_RUN_NOWAIT returns 1
 * while a request is pending; once the workers are released and the loop
 * has run the callbacks (one ECANCELED, one 0), uv_loop_close returns 0. */
#include "fs_common.h"

#define BLOCKERS 4

static uv_work_t blockers[BLOCKERS];
static uv_sem_t started, release;
static uv_fs_t a, b;
static int a_calls, b_calls;

static void block_cb(uv_work_t* w) {
  (void) w;
  uv_sem_post(&started);
  uv_sem_wait(&release);
}

static void a_cb(uv_fs_t* req) {
  a_calls++;
  T("callback a: result %s", rs(req->result, FS_NUM));
}

static void b_cb(uv_fs_t* req) {
  b_calls++;
  T("callback b: result %s", rs(req->result, FS_NUM));
}

int main(void) {
  int i, r;
  uv_fs_t s;
  CHECK(0 == setenv("UV_THREADPOOL_SIZE", "4", 1));
  fs_setup("close_busy");
  mkfile("file", "abc", 0644);
  r = uv_fs_stat(loop, &s, "file", NULL);
  T("sync stat -> %s, active reqs %u, alive %d", rs(r, FS_NUM),
    loop->active_reqs.count, uv_loop_alive(loop));
  uv_fs_req_cleanup(&s);
  CHECK(0 == uv_sem_init(&started, 0) && 0 == uv_sem_init(&release, 0));
  for (i = 0; i < BLOCKERS; i++)
    CHECK(0 == uv_queue_work(loop, &blockers[i], block_cb, NULL));
  for (i = 0; i < BLOCKERS; i++) uv_sem_wait(&started);
  CHECK(0 == uv_fs_stat(loop, &a, "file", a_cb));
  CHECK(0 == uv_fs_stat(loop, &b, "file", b_cb));
  T("two async stats queued: active reqs %u (with %d blockers), alive %d",
    loop->active_reqs.count, BLOCKERS, uv_loop_alive(loop));
  r = uv_loop_close(loop);
  T("loop_close with requests queued -> %s", rs(r, FS_NUM));
  r = uv_run(loop, UV_RUN_NOWAIT);
  T("run NOWAIT -> %d, callbacks %d", r, a_calls + b_calls);
  r = uv_cancel((uv_req_t*) &a);
  T("cancel a -> %s", rs(r, FS_NUM));
  r = uv_loop_close(loop);
  T("loop_close after cancel, before its callback -> %s", rs(r, FS_NUM));
  for (i = 0; i < BLOCKERS; i++) uv_sem_post(&release);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d, callbacks a %d b %d, active reqs %u, alive %d", r, a_calls,
    b_calls, loop->active_reqs.count, uv_loop_alive(loop));
  uv_fs_req_cleanup(&a);
  uv_fs_req_cleanup(&b);
  uv_sem_destroy(&started);
  uv_sem_destroy(&release);
  fs_teardown();
  return 0;
}
