/* uv_udp_connect and its errors: disconnecting an unconnected handle
 * (ENOTCONN), a second connect (EISCONN), families libuv refuses (EINVAL),
 * getpeername / getsockname before there is a socket (EBADF) and when not
 * connected (ENOTCONN); sends with and without an address around it; a
 * connected receiver hears only its peer; an ICMP refusal reaches the
 * recv callback of a connected handle as ECONNREFUSED. */
#include "udp_common.h"

static uv_udp_t a, b, c, gone;
static struct sockaddr_storage a_addr, b_addr, c_addr, gone_addr;
static uv_udp_send_t req;
static int phase;

static const char* name(uv_udp_t* h) { return h == &a ? "a" : h == &b ? "b" : "c"; }

static void on_send(uv_udp_send_t* r, int status) {
  T("send_cb on %s: %s", name(r->handle), ename(status));
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  if (addr == NULL) {
    T("%s recv: %s, no address", name(h), ename((int) nread));
    if (nread < 0 || phase == 0) {
      uv_udp_recv_stop(h);
      T("%s stopped receiving", name(h));
    }
    return;
  }
  T("%s recv: \"%.*s\" from %s, flags %u", name(h), (int) nread, buf->base,
    port_of(addr) == port_of((struct sockaddr*) &b_addr) ? "b" :
    port_of(addr) == port_of((struct sockaddr*) &c_addr) ? "c" : "?", flags);
}

static void peer(uv_udp_t* h) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  int r = uv_udp_getpeername(h, (struct sockaddr*) &ss, &len);
  if (r == 0)
    T("getpeername %s: 0, %s, %s port, len %s", name(h), addr_text((struct sockaddr*) &ss),
      port_of((struct sockaddr*) &ss) == port_of((struct sockaddr*) &a_addr) ? "a's" : "another",
      len == sizeof(struct sockaddr_in) ? "sockaddr_in" : "other");
  else
    T("getpeername %s: %s", name(h), ename(r));
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  struct sockaddr_storage ss, odd;
  uv_buf_t buf;
  int len, r;

  CHECK(uv_udp_init(loop, &a) == 0);
  CHECK(uv_udp_init(loop, &b) == 0);
  CHECK(uv_udp_init(loop, &c) == 0);
  len = sizeof ss;
  T("getsockname before a socket: %s", ename(uv_udp_getsockname(&a, (struct sockaddr*) &ss, &len)));
  peer(&a);
  T("disconnect unconnected: %s", ename(uv_udp_connect(&a, NULL)));
  memset(&odd, 0, sizeof odd);
  odd.ss_family = AF_UNIX;
  T("connect to AF_UNIX: %s", ename(uv_udp_connect(&a, (struct sockaddr*) &odd)));
  odd.ss_family = AF_UNSPEC;
  T("connect to AF_UNSPEC: %s", ename(uv_udp_connect(&a, (struct sockaddr*) &odd)));

  CHECK(bind_loopback(&a, AF_INET, &a_addr) == 0);
  CHECK(bind_loopback(&c, AF_INET, &c_addr) == 0);
  peer(&a);

  T("-- b connects to a without binding first");
  T("connect b: %s", ename(uv_udp_connect(&b, (struct sockaddr*) &a_addr)));
  len = sizeof b_addr;
  r = uv_udp_getsockname(&b, (struct sockaddr*) &b_addr, &len);
  T("getsockname b: %s, %s", ename(r), addr_text((struct sockaddr*) &b_addr));
  peer(&b);
  T("connect b again: %s", ename(uv_udp_connect(&b, (struct sockaddr*) &c_addr)));
  odd.ss_family = AF_UNIX;
  T("connect b to AF_UNIX: %s", ename(uv_udp_connect(&b, (struct sockaddr*) &odd)));
  len = 4;
  r = uv_udp_getpeername(&b, (struct sockaddr*) &ss, &len);
  T("getpeername b, 4 bytes of room: %s, len %d", ename(r), len);

  buf = uv_buf_init("from-b", 6);
  T("send with address: %s", ename(uv_udp_send(&req, &b, &buf, 1, (struct sockaddr*) &a_addr, on_send)));
  T("try_send with address: %s", ename(uv_udp_try_send(&b, &buf, 1, (struct sockaddr*) &a_addr)));
  T("send without address: %s", ename(uv_udp_send(&req, &b, &buf, 1, NULL, on_send)));
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  T("-- a connects to b: c's datagram is not delivered, b's is");
  T("connect a: %s", ename(uv_udp_connect(&a, (struct sockaddr*) &b_addr)));
  buf = uv_buf_init("from-c", 6);
  T("c try_send to a: %s", ename(uv_udp_try_send(&c, &buf, 1, (struct sockaddr*) &a_addr)));
  buf = uv_buf_init("from-b", 6);
  T("b try_send: %s", ename(uv_udp_try_send(&b, &buf, 1, NULL)));
  CHECK(uv_udp_recv_start(&a, udp_alloc_slab, on_recv) == 0);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  T("-- disconnecting");
  T("disconnect b: %s", ename(uv_udp_connect(&b, NULL)));
  peer(&b);
  T("disconnect b again: %s", ename(uv_udp_connect(&b, NULL)));
  T("send without address: %s", ename(uv_udp_send(&req, &b, &buf, 1, NULL, on_send)));
  T("try_send without address: %s", ename(uv_udp_try_send(&b, &buf, 1, NULL)));
  T("disconnect a: %s", ename(uv_udp_connect(&a, NULL)));
  peer(&a);
  /* Linux forgets a port the kernel chose when the socket disconnects. */
  len = sizeof ss;
  r = uv_udp_getsockname(&a, (struct sockaddr*) &ss, &len);
  T("getsockname a: %s, %s, port %s", ename(r), addr_text((struct sockaddr*) &ss),
    port_of((struct sockaddr*) &ss) == 0 ? "0" : "kept");

  T("-- a refusal on a connected handle");
  CHECK(uv_udp_init(loop, &gone) == 0);
  CHECK(bind_loopback(&gone, AF_INET, &gone_addr) == 0);
  uv_close((uv_handle_t*) &gone, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);
  T("connect c to a closed port: %s", ename(uv_udp_connect(&c, (struct sockaddr*) &gone_addr)));
  phase = 1;
  CHECK(uv_udp_recv_start(&c, udp_alloc_slab, on_recv) == 0);
  T("send: %s", ename(uv_udp_send(&req, &c, &buf, 1, NULL, on_send)));
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  finish_loop(loop);
  return 0;
}
