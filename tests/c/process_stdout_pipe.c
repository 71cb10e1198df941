/* A child's stdout and stderr through UV_CREATE_PIPE | UV_WRITABLE_PIPE
 * pipes, read to their end: a few lines, then 300,000 bytes on stdout so
 * it takes many reads and the child blocks on a full pipe until the parent
 * reads. The pipes are readable and not writable from the parent's side.
 * Printed once the child has exited and both pipes have ended, since the
 * order of those three events is the scheduler's. */
#include "process_common.h"

static uv_loop_t* loop;
static uv_process_t proc;
static collector out, err;
static int64_t exit_status = -1;
static int term_signal = -1;
static int pending = 3;

static void one_done(void) {
  if (--pending > 0) return;
  T("exit: status %lld term_signal %d", (long long) exit_status, term_signal);
  T("stdout: eof %s error %s bytes %zu", yesno(out.eof), ename(out.error), out.len);
  out.data[12] = '\0';
  T("stdout starts: %s", collected(&out));
  T("stderr: eof %s error %s bytes %zu: %s", yesno(err.eof), ename(err.error), err.len,
    collected(&err));
  uv_close((uv_handle_t*) &proc, NULL);
  uv_close((uv_handle_t*) &out.pipe, NULL);
  uv_close((uv_handle_t*) &err.pipe, NULL);
}

static void pipe_done(collector* c) {
  (void) c;
  one_done();
}

static void on_exit_cb(uv_process_t* p, int64_t status, int signal) {
  (void) p;
  exit_status = status;
  term_signal = signal;
  one_done();
}

int main(void) {
  uv_stdio_container_t io[3];
  int r;
  loop = uv_default_loop();
  CHECK(0 == uv_pipe_init(loop, &out.pipe, 0));
  CHECK(0 == uv_pipe_init(loop, &err.pipe, 0));
  io[0].flags = UV_IGNORE;
  io[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  io[1].data.stream = (uv_stream_t*) &out.pipe;
  io[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  io[2].data.stream = (uv_stream_t*) &err.pipe;
  r = spawn_sh(loop, &proc,
               "echo hello; echo world; echo oops >&2; head -c 300000 /dev/zero; exit 5", io, 3,
               on_exit_cb);
  T("spawn: %s", ename(r));
  CHECK(r == 0);
  T("stdout pipe: readable %s writable %s active %s", yesno(uv_is_readable((uv_stream_t*) &out.pipe)),
    yesno(uv_is_writable((uv_stream_t*) &out.pipe)), yesno(uv_is_active((uv_handle_t*) &out.pipe)));
  collector_done = pipe_done;
  collect(&out);
  collect(&err);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
