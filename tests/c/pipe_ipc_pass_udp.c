/* A UDP socket passed over an ipc pipe: uv_write2 with a UDP handle, the
 * receiver sees pending type udp, accepts it into a uv_udp_t, and the
 * accepted socket receives a datagram sent to the original's address. */
#include "net_common.h"

#include <sys/socket.h>

static uv_loop_t* loop;
static uv_pipe_t ipc_a, ipc_b;
static uv_udp_t original, received, sender;
static uv_write_t wreq;
static uv_udp_send_t sreq;
static char one[] = "u";
static char ping[] = "datagram";

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  T("write2 udp cb: %s", ename(status));
}

static void send_cb(uv_udp_send_t* req, int status) {
  (void) req;
  T("send cb: %s", ename(status));
}

static void recv_cb(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf, const struct sockaddr* addr,
                    unsigned flags) {
  (void) flags;
  if (nread > 0) {
    T("passed socket received: %.*s, from an address: %s", (int) nread, buf->base, yesno(addr != NULL));
    uv_close((uv_handle_t*) h, NULL);
    uv_close((uv_handle_t*) &original, NULL);
    uv_close((uv_handle_t*) &sender, NULL);
    uv_close((uv_handle_t*) &ipc_a, NULL);
    uv_close((uv_handle_t*) &ipc_b, NULL);
  }
  free_buf(buf);
}

static void ipc_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    uv_handle_type t = uv_pipe_pending_type((uv_pipe_t*) s);
    struct sockaddr_storage ss;
    int len = sizeof ss;
    uv_buf_t b = uv_buf_init(ping, 8);
    T("pending count %d, type udp: %s", uv_pipe_pending_count((uv_pipe_t*) s), yesno(t == UV_UDP));
    CHECK(0 == uv_udp_init(loop, &received));
    T("accept: %s", ename(uv_accept(s, (uv_stream_t*) &received)));
    CHECK(0 == uv_udp_getsockname(&received, (struct sockaddr*) &ss, &len));
    CHECK(0 == uv_udp_recv_start(&received, heap_alloc, recv_cb));
    CHECK(0 == uv_udp_init(loop, &sender));
    CHECK(0 == uv_udp_send(&sreq, &sender, &b, 1, (const struct sockaddr*) &ss, send_cb));
  }
  free_buf(buf);
}

int main(void) {
  uv_os_sock_t pair[2];
  struct sockaddr_in addr;
  uv_buf_t b = uv_buf_init(one, 1);
  uv_tcp_t not_udp;
  loop = uv_default_loop();
  CHECK(0 == uv_socketpair(SOCK_STREAM, 0, pair, 0, 0));
  CHECK(0 == uv_pipe_init(loop, &ipc_a, 1));
  CHECK(0 == uv_pipe_init(loop, &ipc_b, 1));
  CHECK(0 == uv_pipe_open(&ipc_a, pair[0]));
  CHECK(0 == uv_pipe_open(&ipc_b, pair[1]));
  CHECK(0 == uv_udp_init(loop, &original));
  CHECK(0 == uv_udp_bind(&original, loopback4(&addr, 0), 0));
  T("write2 udp: %s", ename(uv_write2(&wreq, (uv_stream_t*) &ipc_a, &b, 1, (uv_stream_t*) &original, write_cb)));
  CHECK(0 == uv_tcp_init(loop, &not_udp));
  T("accept with nothing pending: %s", ename(uv_accept((uv_stream_t*) &ipc_b, (uv_stream_t*) &not_udp)));
  uv_close((uv_handle_t*) &not_udp, NULL);
  CHECK(0 == uv_read_start((uv_stream_t*) &ipc_b, heap_alloc, ipc_read));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
