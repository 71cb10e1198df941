/* A child's stdin through UV_CREATE_PIPE | UV_READABLE_PIPE: `cat` gets a
 * line and then 200,000 bytes written by the parent, then the end of its
 * input (uv_shutdown), and echoes them through a stdout pipe. The stdin
 * pipe is writable and not readable from the parent's side. */
#include "process_common.h"

static uv_loop_t* loop;
static uv_process_t proc;
static uv_pipe_t in;
static collector out;
static uv_write_t w1, w2;
static uv_shutdown_t sreq;
static char* big;
static int64_t exit_status = -1;
static int term_signal = -1;
static int pending = 2;
static int writes_done;

static void one_done(void) {
  if (--pending > 0) return;
  T("exit: status %lld term_signal %d", (long long) exit_status, term_signal);
  T("echoed: eof %s bytes %zu", yesno(out.eof), out.len);
  out.data[5] = '\0';
  T("echo starts: %s", collected(&out));
  uv_close((uv_handle_t*) &proc, NULL);
  uv_close((uv_handle_t*) &out.pipe, NULL);
  uv_close((uv_handle_t*) &in, NULL);
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

static void write_cb(uv_write_t* req, int status) {
  T("write %d: %s", req == &w1 ? 1 : 2, ename(status));
  writes_done++;
}

static void shutdown_cb(uv_shutdown_t* req, int status) {
  (void) req;
  T("shutdown: %s, after %d writes", ename(status), writes_done);
}

int main(void) {
  uv_stdio_container_t io[2];
  uv_buf_t b1, b2;
  int r;
  loop = uv_default_loop();
  CHECK(0 == uv_pipe_init(loop, &in, 0));
  CHECK(0 == uv_pipe_init(loop, &out.pipe, 0));
  io[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
  io[0].data.stream = (uv_stream_t*) &in;
  io[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  io[1].data.stream = (uv_stream_t*) &out.pipe;
  {
    char* args[] = {"cat", NULL};
    uv_process_options_t opts;
    memset(&opts, 0, sizeof opts);
    opts.file = "cat";
    opts.args = args;
    opts.stdio = io;
    opts.stdio_count = 2;
    opts.exit_cb = on_exit_cb;
    r = uv_spawn(loop, &proc, &opts);
  }
  T("spawn cat: %s", ename(r));
  CHECK(r == 0);
  T("stdin pipe: readable %s writable %s", yesno(uv_is_readable((uv_stream_t*) &in)),
    yesno(uv_is_writable((uv_stream_t*) &in)));
  big = malloc(200000);
  memset(big, 'z', 200000);
  b1 = uv_buf_init("ping\n", 5);
  b2 = uv_buf_init(big, 200000);
  CHECK(0 == uv_write(&w1, (uv_stream_t*) &in, &b1, 1, write_cb));
  CHECK(0 == uv_write(&w2, (uv_stream_t*) &in, &b2, 1, write_cb));
  CHECK(0 == uv_shutdown(&sreq, (uv_stream_t*) &in, shutdown_cb));
  collector_done = pipe_done;
  collect(&out);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  free(big);
  finish_loop(loop);
  return 0;
}
