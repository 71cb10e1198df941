/* uv_queue_work argument checks and odd cases: a NULL work_cb is UV_EINVAL
 * (and queues nothing); a NULL after_work_cb is allowed; uv_cancel on a
 * request type that cannot be cancelled is UV_EINVAL; a request can be
 * queued again after it completed. */
#include "common.h"

static int work_calls, after_calls;

static void work_cb(uv_work_t* req) {
  (void) req;
  __atomic_add_fetch(&work_calls, 1, __ATOMIC_SEQ_CST);
}

static void after_cb(uv_work_t* req, int status) {
  (void) req;
  after_calls++;
  T("after_work status %s", ename(status));
}

int main(void) {
  uv_loop_t loop;
  uv_work_t req;
  uv_connect_t conn;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  r = uv_queue_work(&loop, &req, NULL, after_cb);
  T("queue_work(NULL work_cb) -> %s", ename(r));
  T("alive after rejected request: %s", yesno(uv_loop_alive(&loop)));
  r = uv_queue_work(&loop, &req, NULL, NULL);
  T("queue_work(NULL, NULL) -> %s", ename(r));

  r = uv_queue_work(&loop, &req, work_cb, NULL);
  T("queue_work(work_cb, NULL after_work) -> %s", ename(r));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, work ran %d", r, __atomic_load_n(&work_calls, __ATOMIC_SEQ_CST));

  r = uv_queue_work(&loop, &req, work_cb, after_cb);
  T("same request queued again -> %s", ename(r));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, work ran %d, after_work ran %d", r,
    __atomic_load_n(&work_calls, __ATOMIC_SEQ_CST), after_calls);
  r = uv_cancel((uv_req_t*) &req);
  T("cancel completed request -> %s", ename(r));

  memset(&conn, 0, sizeof conn);
  conn.type = UV_CONNECT;
  r = uv_cancel((uv_req_t*) &conn);
  T("cancel a UV_CONNECT request -> %s", ename(r));

  finish_loop(&loop);
  return 0;
}
