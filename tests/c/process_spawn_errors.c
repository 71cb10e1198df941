/* uv_spawn failures, reported by uv_spawn itself: a program missing from
 * PATH or at an absolute path (ENOENT), a file that is not executable
 * (EACCES), a missing cwd (ENOENT), PATH taken from the child's env;
 * EINVAL for a pipe slot that is not a pipe, an inherited descriptor of -1
 * and a stream with no descriptor. A failed spawn leaves the handle
 * initialised but inactive, with its pid untouched, for the caller to
 * close; pipes given to it are opened anyway and read to their end. */
#include "process_common.h"

static uv_loop_t* loop;
static uv_process_t procs[16];
static int used;
static collector out;

static int exits;
static int64_t exit_status = -1;

/* Recorded and printed after the run: when the spawn that succeeds exits
 * relative to the failed one's pipe ending is up to the scheduler. */
static void on_exit_cb(uv_process_t* p, int64_t status, int term_signal) {
  exits++;
  exit_status = status + term_signal;
  uv_close((uv_handle_t*) p, NULL);
}

static void count_cb(uv_handle_t* h, void* arg) {
  (void) h;
  (*(int*) arg)++;
}

/* Spawns `file` (argv: file, then `arg` if any) and prints the outcome. */
static int try_spawn(const char* what, const char* file, const char* arg, const char* cwd,
                     char** env, uv_stdio_container_t* stdio, int stdio_count) {
  uv_process_t* p = &procs[used++];
  char* args[3] = {(char*) file, (char*) arg, NULL};
  uv_process_options_t opts;
  int r;
  memset(&opts, 0, sizeof opts);
  opts.file = file;
  opts.args = args;
  opts.cwd = cwd;
  opts.env = env;
  opts.stdio = stdio;
  opts.stdio_count = stdio_count;
  opts.exit_cb = on_exit_cb;
  p->pid = 0x3ffffff0;
  r = uv_spawn(loop, p, &opts);
  T("%s: %s", what, ename(r));
  if (r != 0) {
    T("  active %s, closing %s, pid untouched %s, process_kill %s", yesno(uv_is_active((uv_handle_t*) p)),
      yesno(uv_is_closing((uv_handle_t*) p)), yesno(p->pid == 0x3ffffff0),
      ename(uv_process_kill(p, 0)));
    uv_close((uv_handle_t*) p, NULL);
  }
  return r;
}

static void out_done(collector* c) {
  uv_close((uv_handle_t*) &c->pipe, NULL);
}

int main(void) {
  char* env_bad_path[] = {"PATH=/nonexistent-ruv-dir", NULL};
  char* env_no_path[] = {"RUV_TEST=1", NULL};
  uv_stdio_container_t io[3];
  uv_tcp_t tcp;
  uv_pipe_t unopened;
  int n = 0;

  loop = uv_default_loop();
  try_spawn("missing, via PATH", "ruv-no-such-program", NULL, NULL, NULL, NULL, 0);
  try_spawn("missing, absolute", "/nonexistent-ruv-dir/prog", NULL, NULL, NULL, NULL, 0);
  try_spawn("not executable", "/etc/passwd", NULL, NULL, NULL, NULL, 0);
  try_spawn("a directory", "/", NULL, NULL, NULL, NULL, 0);
  try_spawn("missing cwd", "sh", "-c", "/nonexistent-ruv-dir", NULL, NULL, 0);
  try_spawn("sh with the child's PATH pointing nowhere", "sh", NULL, NULL, env_bad_path, NULL, 0);
  /* No PATH at all: execvp's default path finds sh, which exits at once
   * (argv[1] NULL, stdin /dev/null). */
  try_spawn("sh with no PATH in the child's env", "sh", NULL, NULL, env_no_path, NULL, 0);

  CHECK(0 == uv_tcp_init(loop, &tcp));
  memset(io, 0, sizeof io);
  io[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
  io[0].data.stream = (uv_stream_t*) &tcp;
  try_spawn("pipe slot holding a TCP handle", "sh", NULL, NULL, NULL, io, 1);
  io[0].flags = UV_INHERIT_FD;
  io[0].data.fd = -1;
  try_spawn("inherit fd -1", "sh", NULL, NULL, NULL, io, 1);
  CHECK(0 == uv_pipe_init(loop, &unopened, 0));
  io[0].flags = UV_INHERIT_STREAM;
  io[0].data.stream = (uv_stream_t*) &unopened;
  try_spawn("inherit an unopened stream", "sh", NULL, NULL, NULL, io, 1);

  /* The exec fails, but the pipe is opened and its child end is gone. */
  CHECK(0 == uv_pipe_init(loop, &out.pipe, 0));
  io[0].flags = UV_IGNORE;
  io[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  io[1].data.stream = (uv_stream_t*) &out.pipe;
  try_spawn("missing, with a stdout pipe", "ruv-no-such-program", NULL, NULL, NULL, io, 2);
  T("  pipe readable %s writable %s", yesno(uv_is_readable((uv_stream_t*) &out.pipe)),
    yesno(uv_is_writable((uv_stream_t*) &out.pipe)));
  collector_done = out_done;
  collect(&out);

  uv_walk(loop, count_cb, &n);
  T("handles before running: %d", n);
  uv_close((uv_handle_t*) &tcp, NULL);
  uv_close((uv_handle_t*) &unopened, NULL);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("exit callbacks: %d, status %lld", exits, (long long) exit_status);
  T("pipe of the failed spawn: eof %s, bytes %zu", yesno(out.eof), out.len);
  finish_loop(loop);
  return 0;
}
