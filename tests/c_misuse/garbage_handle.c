/* Handles and requests whose memory was never initialised and holds garbage
 * (0x5a bytes), not zeroes: the functions that return an error code answer
 * UV_EINVAL, as for zeroed memory. ruv finds a handle through the loop and
 * the id kept in its memory and checks both against the loops alive, so it
 * never follows a garbage pointer; libuv 1.44 would. */
#include "misuse.h"

static void timer_cb(uv_timer_t* h) { (void) h; }
static void idle_cb(uv_idle_t* h) { (void) h; }
static void alloc_cb(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  (void) size;
  *buf = uv_buf_init(NULL, 0);
}
static void read_cb(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  (void) s;
  (void) n;
  (void) buf;
}
static void write_cb(uv_write_t* req, int status) {
  (void) req;
  (void) status;
}
static void connection_cb(uv_stream_t* s, int status) {
  (void) s;
  (void) status;
}
static void recv_cb(uv_udp_t* h, ssize_t n, const uv_buf_t* buf, const struct sockaddr* addr,
                    unsigned flags) {
  (void) h;
  (void) n;
  (void) buf;
  (void) addr;
  (void) flags;
}
static void poll_cb(uv_poll_t* h, int status, int events) {
  (void) h;
  (void) status;
  (void) events;
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  uv_async_t async;
  uv_tcp_t tcp;
  uv_udp_t udp;
  uv_pipe_t pipe;
  uv_poll_t poll;
  uv_signal_t signal;
  uv_write_t write_req;
  struct sockaddr_in addr;
  uv_buf_t buf = uv_buf_init("x", 1);

  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_ip4_addr("127.0.0.1", 0, &addr));
  memset(&timer, 0x5a, sizeof timer);
  memset(&idle, 0x5a, sizeof idle);
  memset(&async, 0x5a, sizeof async);
  memset(&tcp, 0x5a, sizeof tcp);
  memset(&udp, 0x5a, sizeof udp);
  memset(&pipe, 0x5a, sizeof pipe);
  memset(&poll, 0x5a, sizeof poll);
  memset(&signal, 0x5a, sizeof signal);
  memset(&write_req, 0x5a, sizeof write_req);
  R("uv_timer_start", uv_timer_start(&timer, timer_cb, 1, 0));
  R("uv_timer_stop", uv_timer_stop(&timer));
  R("uv_idle_start", uv_idle_start(&idle, idle_cb));
  R("uv_async_send", uv_async_send(&async));
  R("uv_tcp_bind", uv_tcp_bind(&tcp, (const struct sockaddr*) &addr, 0));
  R("uv_listen", uv_listen((uv_stream_t*) &tcp, 1, connection_cb));
  R("uv_read_start", uv_read_start((uv_stream_t*) &tcp, alloc_cb, read_cb));
  R("uv_write", uv_write(&write_req, (uv_stream_t*) &tcp, &buf, 1, write_cb));
  R("uv_try_write", uv_try_write((uv_stream_t*) &tcp, &buf, 1));
  R("uv_udp_bind", uv_udp_bind(&udp, (const struct sockaddr*) &addr, 0));
  R("uv_udp_recv_start", uv_udp_recv_start(&udp, alloc_cb, recv_cb));
  R("uv_pipe_bind", uv_pipe_bind(&pipe, "ruv-garbage-pipe.sock"));
  R("uv_poll_start", uv_poll_start(&poll, UV_READABLE, poll_cb));
  R("uv_signal_stop", uv_signal_stop(&signal));
  finish_loop(&loop);
  return 0;
}
