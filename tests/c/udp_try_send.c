/* uv_udp_try_send: the datagram's length on success (several buffers make
 * one datagram; an empty one is 0), UV_EAGAIN while sends are queued, the
 * destination errors (EDESTADDRREQ, EISCONN, EINVAL for a family libuv
 * does not send to), and the socket an unbound handle gets on the way. */
#include "udp_common.h"

static uv_udp_t sender, receiver, fresh;
static struct sockaddr_storage recv_addr;
static uv_udp_send_t req;
static int received;

static void on_send(uv_udp_send_t* r, int status) {
  (void) r;
  T("send_cb: %s", ename(status));
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  (void) buf;
  if (addr == NULL) {
    T("recv: nread %s, no address", ename((int) nread));
    uv_udp_recv_stop(h);
    return;
  }
  received++;
  T("recv: %zd bytes \"%.*s\", flags %u", nread, (int) nread, buf->base, flags);
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  uv_buf_t bufs[3];
  struct sockaddr_storage other;
  struct sockaddr_storage where;
  int len = sizeof where;
  int r;

  CHECK(uv_udp_init(loop, &sender) == 0);
  CHECK(uv_udp_init(loop, &receiver) == 0);
  CHECK(uv_udp_init(loop, &fresh) == 0);
  CHECK(bind_loopback(&receiver, AF_INET, &recv_addr) == 0);

  bufs[0] = uv_buf_init("one", 3);
  bufs[1] = uv_buf_init("two", 3);
  bufs[2] = uv_buf_init("three", 5);
  T("unbound, no address: %s", ename(uv_udp_try_send(&sender, bufs, 1, NULL)));
  T("getsockname before: %s", ename(uv_udp_getsockname(&sender, (struct sockaddr*) &where, &len)));
  r = uv_udp_try_send(&sender, bufs, 1, (const struct sockaddr*) &recv_addr);
  T("unbound, to the receiver: %s", ename(r));
  len = sizeof where;
  r = uv_udp_getsockname(&sender, (struct sockaddr*) &where, &len);
  T("getsockname after: %s, %s, port %s", ename(r), addr_text((struct sockaddr*) &where),
    port_of((struct sockaddr*) &where) != 0 ? "chosen" : "0");
  T("three buffers: %s", ename(uv_udp_try_send(&sender, bufs, 3, (const struct sockaddr*) &recv_addr)));
  bufs[0] = uv_buf_init("", 0);
  T("empty datagram: %s", ename(uv_udp_try_send(&sender, bufs, 1, (const struct sockaddr*) &recv_addr)));
  bufs[0] = uv_buf_init("one", 3);

  memset(&other, 0, sizeof other);
  other.ss_family = AF_UNSPEC;
  T("AF_UNSPEC destination: %s", ename(uv_udp_try_send(&sender, bufs, 1, (const struct sockaddr*) &other)));
  other.ss_family = AF_APPLETALK;
  T("AF_APPLETALK destination: %s", ename(uv_udp_try_send(&sender, bufs, 1, (const struct sockaddr*) &other)));
  T("send to AF_APPLETALK: %s",
    ename(uv_udp_send(&req, &sender, bufs, 1, (const struct sockaddr*) &other, on_send)));

  T("send: %s", ename(uv_udp_send(&req, &sender, bufs, 1, (const struct sockaddr*) &recv_addr, on_send)));
  T("while queued: %s", ename(uv_udp_try_send(&sender, bufs, 1, (const struct sockaddr*) &recv_addr)));
  T("while queued, no address: %s", ename(uv_udp_try_send(&sender, bufs, 1, NULL)));
  CHECK(uv_run(loop, UV_RUN_NOWAIT) == 0);
  T("after the callback: %s", ename(uv_udp_try_send(&sender, bufs, 2, (const struct sockaddr*) &recv_addr)));

  CHECK(uv_udp_connect(&sender, (const struct sockaddr*) &recv_addr) == 0);
  T("connected, with address: %s", ename(uv_udp_try_send(&sender, bufs, 1, (const struct sockaddr*) &recv_addr)));
  T("connected, no address: %s", ename(uv_udp_try_send(&sender, bufs, 1, NULL)));

  T("fresh handle, no address: %s", ename(uv_udp_try_send(&fresh, bufs, 1, NULL)));

  CHECK(uv_udp_recv_start(&receiver, udp_alloc_slab, on_recv) == 0);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, received %d", r, received);
  finish_loop(loop);
  return 0;
}
