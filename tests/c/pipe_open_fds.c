/* uv_pipe() gives two descriptors; uv_pipe_open adopts them as streams
 * readable or writable by their access mode; data flows; closing the write
 * end gives the reader EOF. Also uv_socketpair ends opened as pipes, and
 * uv_guess_handle on each kind of descriptor. */
#include "net_common.h"

#include <unistd.h>

static uv_loop_t* loop;
static uv_pipe_t rd, wr, s0, s1;
static uv_write_t w1, w2;
static char msg[] = "through a pipe";

static void write_cb(uv_write_t* req, int status) {
  T("write cb: %s", ename(status));
  uv_close((uv_handle_t*) req->handle, NULL);
}

static void read_cb(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) T("%s read: %.*s", s == (uv_stream_t*) &rd ? "pipe" : "socketpair", (int) nread, buf->base);
  if (nread < 0) {
    T("%s read: %s", s == (uv_stream_t*) &rd ? "pipe" : "socketpair", ename((int) nread));
    uv_close((uv_handle_t*) s, NULL);
  }
  free_buf(buf);
}

int main(void) {
  uv_file fds[2];
  uv_os_sock_t socks[2];
  uv_buf_t b = uv_buf_init(msg, (unsigned) strlen(msg));
  loop = uv_default_loop();
  T("uv_pipe: %s", ename(uv_pipe(fds, 0, 0)));
  T("guess pipe: %d", (int) uv_guess_handle(fds[0]));
  CHECK(0 == uv_pipe_init(loop, &rd, 0));
  CHECK(0 == uv_pipe_init(loop, &wr, 0));
  T("open read end: %s", ename(uv_pipe_open(&rd, fds[0])));
  T("open write end: %s", ename(uv_pipe_open(&wr, fds[1])));
  T("open again: %s", ename(uv_pipe_open(&rd, fds[0])));
  T("read end: readable %d writable %d", uv_is_readable((uv_stream_t*) &rd), uv_is_writable((uv_stream_t*) &rd));
  T("write end: readable %d writable %d", uv_is_readable((uv_stream_t*) &wr), uv_is_writable((uv_stream_t*) &wr));
  CHECK(0 == uv_read_start((uv_stream_t*) &rd, heap_alloc, read_cb));
  CHECK(0 == uv_write(&w1, (uv_stream_t*) &wr, &b, 1, write_cb));

  T("socketpair: %s", ename(uv_socketpair(SOCK_STREAM, 0, socks, 0, 0)));
  T("guess unix socket: %d", (int) uv_guess_handle(socks[0]));
  CHECK(0 == uv_pipe_init(loop, &s0, 0));
  CHECK(0 == uv_pipe_init(loop, &s1, 0));
  CHECK(0 == uv_pipe_open(&s0, socks[0]));
  CHECK(0 == uv_pipe_open(&s1, socks[1]));
  CHECK(0 == uv_read_start((uv_stream_t*) &s1, heap_alloc, read_cb));
  CHECK(0 == uv_write(&w2, (uv_stream_t*) &s0, &b, 1, write_cb));
  T("guess bad fd: %d", (int) uv_guess_handle(-1));
  T("guess regular file: %d", (int) uv_guess_handle(open("/proc/self/status", 0)));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
