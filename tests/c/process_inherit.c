/* Inherited descriptors: the child's stdout and descriptor 3 are the write
 * end of a pipe (UV_INHERIT_FD), its stderr the descriptor of an open
 * uv_pipe_t (UV_INHERIT_STREAM, one end of a socket pair), and its stdin,
 * UV_IGNORE, reads as empty (/dev/null). The parent reads both. */
#include "process_common.h"

#include <sys/socket.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_process_t proc;
static uv_pipe_t stream_end;
static collector a, b;
static int64_t exit_status = -1;
static int pending = 3;

static void one_done(void) {
  if (--pending > 0) return;
  T("exit: status %lld", (long long) exit_status);
  T("pipe (stdout and fd 3): eof %s: %s", yesno(a.eof), collected(&a));
  T("socket (stderr): eof %s: %s", yesno(b.eof), collected(&b));
  uv_close((uv_handle_t*) &proc, NULL);
  uv_close((uv_handle_t*) &a.pipe, NULL);
  uv_close((uv_handle_t*) &b.pipe, NULL);
}

static void pipe_done(collector* c) {
  (void) c;
  one_done();
}

static void on_exit_cb(uv_process_t* p, int64_t status, int signal) {
  (void) p;
  exit_status = status + signal;
  one_done();
}

int main(void) {
  uv_stdio_container_t io[4];
  uv_file fds[2];
  int sv[2];
  int r;
  loop = uv_default_loop();
  CHECK(0 == uv_pipe(fds, 0, 0));
  CHECK(0 == socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK(0 == uv_pipe_init(loop, &stream_end, 0));
  CHECK(0 == uv_pipe_open(&stream_end, sv[0]));
  io[0].flags = UV_IGNORE;
  io[1].flags = UV_INHERIT_FD;
  io[1].data.fd = fds[1];
  io[2].flags = UV_INHERIT_STREAM;
  io[2].data.stream = (uv_stream_t*) &stream_end;
  io[3].flags = UV_INHERIT_FD;
  io[3].data.fd = fds[1];
  r = spawn_sh(loop, &proc,
               "if read x; then echo stdin-had-data; else echo stdin-empty; fi; "
               "echo two >&2; echo three >&3",
               io, 4, on_exit_cb);
  T("spawn: %s", ename(r));
  CHECK(r == 0);
  /* The parent's copies go, so the ends are seen when the child exits. */
  close(fds[1]);
  uv_close((uv_handle_t*) &stream_end, NULL);
  CHECK(0 == uv_pipe_init(loop, &a.pipe, 0));
  CHECK(0 == uv_pipe_open(&a.pipe, fds[0]));
  CHECK(0 == uv_pipe_init(loop, &b.pipe, 0));
  CHECK(0 == uv_pipe_open(&b.pipe, sv[1]));
  collector_done = pipe_done;
  collect(&a);
  collect(&b);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
