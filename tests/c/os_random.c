/* uv_random: without a callback it fills the buffer before returning; with
 * one, the work runs on the thread pool and the callback runs on the loop
 * thread with the same buffer and length, the request counting as active
 * until then. Flags other than 0 -> UV_EINVAL, more than INT_MAX bytes ->
 * UV_E2BIG, nothing queued in either case. A request queued behind four
 * blocked pool threads can be cancelled: its callback gets UV_ECANCELED and
 * the buffer stays untouched. */
#include "common.h"

#define BLOCKERS 4

static uv_loop_t loop;
static unsigned char small[64], big[65536], cancelled_buf[32];
static uv_random_t reqs[3];
static uv_work_t blockers[BLOCKERS];
static uv_sem_t started, release;
static int calls;

static int all_zero(const unsigned char* p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (p[i] != 0) return 0;
  return 1;
}

/* What each request's callback was given, printed in request order: two
 * requests on the pool may finish in either order. */
static struct {
  int called, status, same_buffer, filled;
  size_t len;
} seen[3];
/* Active requests as each successful callback saw them, in call order. */
static unsigned active_seen[2];

static void random_cb(uv_random_t* req, int status, void* buf, size_t len) {
  int i = (int) (req - reqs);
  seen[i].called = 1;
  seen[i].status = status;
  seen[i].same_buffer = buf == req->buf;
  seen[i].len = len;
  seen[i].filled = !all_zero(buf, len);
  if (status == 0 && calls < 2)
    active_seen[calls] = loop.active_reqs.count;
  calls++;
}

static void report(int i) {
  if (!seen[i].called) {
    T("req %d: no callback", i);
    return;
  }
  T("req %d callback: status %s, same buffer %s, len %zu, filled %s", i,
    ename(seen[i].status), yesno(seen[i].same_buffer), seen[i].len,
    yesno(seen[i].filled));
}

static void blocker_cb(uv_work_t* req) {
  (void) req;
  uv_sem_post(&started);
  uv_sem_wait(&release);
}

int main(void) {
  unsigned char buf[64];
  int r, i;

  CHECK(0 == uv_loop_init(&loop));

  memset(buf, 0, sizeof buf);
  r = uv_random(NULL, NULL, buf, sizeof buf, 0, NULL);
  T("sync 64 bytes -> %s, filled: %s", ename(r), yesno(!all_zero(buf, 64)));
  T("sync 65536 bytes -> %s", ename(uv_random(NULL, NULL, big, sizeof big, 0,
                                              NULL)));
  T("sync 0 bytes into NULL -> %s", ename(uv_random(NULL, NULL, NULL, 0, 0,
                                                   NULL)));
  T("sync flags 1 -> %s", ename(uv_random(NULL, NULL, buf, 8, 1, NULL)));
  T("sync 0x80000000 bytes -> %s",
    ename(uv_random(NULL, NULL, buf, 0x80000000u, 0, NULL)));
  T("async flags 1 -> %s", ename(uv_random(&loop, &reqs[0], buf, 8, 1,
                                          random_cb)));
  T("async 0x80000000 bytes -> %s",
    ename(uv_random(&loop, &reqs[0], buf, 0x80000000u, 0, random_cb)));
  T("active reqs after refused calls: %u, alive: %s", loop.active_reqs.count,
    yesno(uv_loop_alive(&loop)));

  memset(big, 0, sizeof big);
  r = uv_random(&loop, &reqs[0], small, sizeof small, 0, random_cb);
  T("async 64 bytes -> %s, type is UV_RANDOM: %s", ename(r),
    yesno(reqs[0].type == UV_RANDOM));
  r = uv_random(&loop, &reqs[1], big, sizeof big, 0, random_cb);
  T("async 65536 bytes -> %s", ename(r));
  T("active reqs %u, alive: %s, callbacks so far %d", loop.active_reqs.count,
    yesno(uv_loop_alive(&loop)), calls);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, callbacks %d, active reqs %u", r, calls,
    loop.active_reqs.count);
  report(0);
  report(1);
  T("active reqs seen by the callbacks: %u, then %u", active_seen[0],
    active_seen[1]);

  CHECK(0 == uv_sem_init(&started, 0));
  CHECK(0 == uv_sem_init(&release, 0));
  for (i = 0; i < BLOCKERS; i++)
    CHECK(0 == uv_queue_work(&loop, &blockers[i], blocker_cb, NULL));
  for (i = 0; i < BLOCKERS; i++) uv_sem_wait(&started);
  r = uv_random(&loop, &reqs[2], cancelled_buf, sizeof cancelled_buf, 0,
                random_cb);
  T("queued behind %d blocked workers -> %s", BLOCKERS, ename(r));
  T("cancel -> %s", ename(uv_cancel((uv_req_t*) &reqs[2])));
  for (i = 0; i < BLOCKERS; i++) uv_sem_post(&release);
  calls = 0;
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, callbacks %d, cancelled buffer untouched: %s", r, calls,
    yesno(all_zero(cancelled_buf, sizeof cancelled_buf)));
  report(2);
  T("cancel after completion -> %s", ename(uv_cancel((uv_req_t*) &reqs[0])));

  uv_sem_destroy(&started);
  uv_sem_destroy(&release);
  finish_loop(&loop);
  return 0;
}
