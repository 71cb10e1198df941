/* Signals: `cat` waits on a stdin pipe the parent never writes to.
 * uv_process_kill and uv_kill with signal 0 (it exists), an invalid signal
 * (EINVAL), a pid nobody has (ESRCH); then SIGTERM through
 * uv_process_kill ends it (status 0, term_signal 15), after which the
 * same calls find no such process. */
#include "process_common.h"

#include <unistd.h>

static uv_loop_t* loop;
static uv_process_t proc;
static uv_pipe_t in;

static void on_exit_cb(uv_process_t* p, int64_t status, int term_signal) {
  T("exit_cb: status %lld term_signal %d", (long long) status, term_signal);
  T("after exit: process_kill 0 %s, kill 0 %s", ename(uv_process_kill(p, 0)),
    ename(uv_kill(p->pid, 0)));
  uv_close((uv_handle_t*) p, NULL);
  uv_close((uv_handle_t*) &in, NULL);
}

int main(void) {
  uv_stdio_container_t io[1];
  char* args[] = {"cat", NULL};
  uv_process_options_t opts;
  int r;
  loop = uv_default_loop();
  CHECK(0 == uv_pipe_init(loop, &in, 0));
  io[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
  io[0].data.stream = (uv_stream_t*) &in;
  memset(&opts, 0, sizeof opts);
  opts.file = "cat";
  opts.args = args;
  opts.stdio = io;
  opts.stdio_count = 1;
  opts.exit_cb = on_exit_cb;
  r = uv_spawn(loop, &proc, &opts);
  T("spawn: %s", ename(r));
  CHECK(r == 0);
  T("process_kill 0: %s", ename(uv_process_kill(&proc, 0)));
  T("kill pid 0: %s", ename(uv_kill(proc.pid, 0)));
  T("kill pid, signal 12345: %s", ename(uv_kill(proc.pid, 12345)));
  T("process_kill, signal -1: %s", ename(uv_process_kill(&proc, -1)));
  T("kill a pid nobody has: %s", ename(uv_kill(0x3ffffff0, 0)));
  T("kill ourselves, signal 0: %s", ename(uv_kill(getpid(), 0)));
  T("still active: %s", yesno(uv_is_active((uv_handle_t*) &proc)));
  T("process_kill SIGTERM: %s", ename(uv_process_kill(&proc, SIGTERM)));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
