/* Bad arguments to stream calls get libuv's codes: NULL callbacks, NULL
 * buffers with a count, unopened streams, reading a write-only pipe end,
 * try_write's immediate results, uv_stream_set_blocking on a pipe. */
#include "net_common.h"

#include <unistd.h>

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  uv_tcp_t tcp;
  uv_pipe_t rd, wr;
  uv_write_t req;
  uv_file fds[2];
  char c = 'c';
  char back[8];
  uv_buf_t b = uv_buf_init(&c, 1);
  uv_buf_t two[2];
  two[0] = uv_buf_init(&c, 1);
  two[1] = uv_buf_init(&c, 1);

  CHECK(0 == uv_tcp_init(loop, &tcp));
  T("read_start NULL alloc: %s", ename(uv_read_start((uv_stream_t*) &tcp, NULL, NULL)));
  T("read_start unopened: %s", ename(uv_read_start((uv_stream_t*) &tcp, heap_alloc,
                                                    (uv_read_cb) free_buf)));
  T("read_stop unopened: %s", ename(uv_read_stop((uv_stream_t*) &tcp)));
  T("write unopened: %s", ename(uv_write(&req, (uv_stream_t*) &tcp, &b, 1, NULL)));
  T("try_write unopened: %s", ename(uv_try_write((uv_stream_t*) &tcp, &b, 1)));
  T("readable %d writable %d", uv_is_readable((uv_stream_t*) &tcp), uv_is_writable((uv_stream_t*) &tcp));
  T("queue size %zu", uv_stream_get_write_queue_size((uv_stream_t*) &tcp));

  CHECK(0 == uv_pipe(fds, 0, 0));
  CHECK(0 == uv_pipe_init(loop, &rd, 0));
  CHECK(0 == uv_pipe_init(loop, &wr, 0));
  CHECK(0 == uv_pipe_open(&rd, fds[0]));
  CHECK(0 == uv_pipe_open(&wr, fds[1]));
  T("read_start on write end: %s", ename(uv_read_start((uv_stream_t*) &wr, heap_alloc,
                                                        (uv_read_cb) free_buf)));
  T("write on read end: %s", ename(uv_write(&req, (uv_stream_t*) &rd, &b, 1, NULL)));
  T("try_write one byte: %d", uv_try_write((uv_stream_t*) &wr, &b, 1));
  T("try_write two buffers: %d", uv_try_write((uv_stream_t*) &wr, two, 2));
  T("read back: %zd", read(fds[0], back, sizeof back));
  T("set_blocking: %s", ename(uv_stream_set_blocking((uv_stream_t*) &wr, 1)));
  T("blocking write: %s", ename(uv_write(&req, (uv_stream_t*) &wr, &b, 1, NULL)));
  T("queue size after blocking write: %zu", wr.write_queue_size);
  T("set_blocking off: %s", ename(uv_stream_set_blocking((uv_stream_t*) &wr, 0)));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("read back: %zd", read(fds[0], back, sizeof back));
  finish_loop(loop);
  return 0;
}
