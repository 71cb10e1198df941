/* Closing a process handle while its child runs: the close callback comes,
 * the loop ends, and the child is neither killed nor reaped — it still
 * exists, and once its input ends the program reaps it with waitpid. */
#include "process_common.h"

#include <sys/wait.h>

static uv_loop_t* loop;
static uv_process_t proc;
static uv_pipe_t in;
static int exit_calls;

static void on_exit_cb(uv_process_t* p, int64_t status, int term_signal) {
  (void) p;
  (void) status;
  (void) term_signal;
  exit_calls++;
}

static void on_close(uv_handle_t* h) {
  T("close_cb: process handle %s", yesno(h == (uv_handle_t*) &proc));
}

int main(void) {
  uv_stdio_container_t io[1];
  char* args[] = {"cat", NULL};
  uv_process_options_t opts;
  int r, status = 0;
  pid_t pid;
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
  pid = proc.pid;
  uv_close((uv_handle_t*) &proc, on_close);
  T("closing: %s, active %s", yesno(uv_is_closing((uv_handle_t*) &proc)),
    yesno(uv_is_active((uv_handle_t*) &proc)));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("child still exists: %s", yesno(uv_kill(pid, 0) == 0));
  /* Its stdin ends with the pipe handle, and cat exits. */
  uv_close((uv_handle_t*) &in, NULL);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("waitpid finds it: %s", yesno(waitpid(pid, &status, 0) == pid));
  T("exited with 0: %s", yesno(WIFEXITED(status) && WEXITSTATUS(status) == 0));
  T("exit callbacks: %d", exit_calls);
  finish_loop(loop);
  return 0;
}
