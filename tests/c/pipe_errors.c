/* Pipe failures: connecting to a missing path reports ENOENT through the
 * callback; binding in a missing directory is EACCES; a path in use is
 * EADDRINUSE; listen before bind is EINVAL; chmod rules. */
#include "net_common.h"

#include <sys/stat.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_pipe_t p, q, r2;
static uv_connect_t creq;
static char path[64];

static void connect_cb(uv_connect_t* req, int status) {
  T("connect cb: %s, readable %d writable %d", ename(status), uv_is_readable(req->handle),
    uv_is_writable(req->handle));
  uv_close((uv_handle_t*) req->handle, NULL);
}

int main(void) {
  struct stat st;
  snprintf(path, sizeof path, "/tmp/ruv-test-perr-%d.sock", (int) getpid());
  unlink(path);
  loop = uv_default_loop();

  CHECK(0 == uv_pipe_init(loop, &p, 0));
  uv_pipe_connect(&creq, &p, "/tmp/ruv-no-such-dir/none.sock", connect_cb);
  T("connect started, active reqs: %u", loop->active_reqs.count);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));

  CHECK(0 == uv_pipe_init(loop, &q, 0));
  T("listen before bind: %s", ename(uv_listen((uv_stream_t*) &q, 1, NULL)));
  T("chmod before bind: %s", ename(uv_pipe_chmod(&q, UV_READABLE)));
  T("bind in missing dir: %s", ename(uv_pipe_bind(&q, "/tmp/ruv-no-such-dir/x.sock")));
  T("bind: %s", ename(uv_pipe_bind(&q, path)));
  T("chmod bad mode: %s", ename(uv_pipe_chmod(&q, 0)));
  T("chmod readable|writable: %s", ename(uv_pipe_chmod(&q, UV_READABLE | UV_WRITABLE)));
  CHECK(0 == stat(path, &st));
  T("mode 0666 bits set: %s", yesno((st.st_mode & 0666) == 0666));
  CHECK(0 == uv_pipe_init(loop, &r2, 0));
  T("bind to a path in use: %s", ename(uv_pipe_bind(&r2, path)));
  T("pending count (not ipc): %d, type %d", uv_pipe_pending_count(&q), (int) uv_pipe_pending_type(&q));
  uv_pipe_pending_instances(&q, 4);
  finish_loop(loop);
  T("path removed: %s", yesno(stat(path, &st) != 0));
  return 0;
}
