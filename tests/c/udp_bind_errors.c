/* uv_udp_bind and uv_udp_init_ex argument and address errors: a port in
 * use (EADDRINUSE) unless both handles ask for UV_UDP_REUSEADDR, flags
 * bind does not take (EINVAL), UV_UDP_IPV6ONLY on an IPv4 address
 * (EINVAL), a family libuv does not bind (EINVAL), binding twice (EINVAL
 * from the kernel), an IPv6 address on a handle made for IPv4 (EINVAL),
 * and init_ex's domain and flag checks. */
#include "udp_common.h"

static uv_udp_t h1, h2, h3;

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  struct sockaddr_storage where, other, v6;
  int r, fd;

  T("init_ex, domain 99: %s", ename(uv_udp_init_ex(loop, &h1, 99)));
  T("init_ex, AF_INET | 512: %s", ename(uv_udp_init_ex(loop, &h1, AF_INET | 512)));
  T("init_ex, AF_UNIX: %s", ename(uv_udp_init_ex(loop, &h1, AF_UNIX)));
  T("init_ex, AF_UNSPEC | UV_UDP_RECVMMSG: %s",
    ename(uv_udp_init_ex(loop, &h1, AF_UNSPEC | UV_UDP_RECVMMSG)));
  T("fileno: %s", ename(uv_fileno((uv_handle_t*) &h1, &fd)));

  T("-- flags");
  other = loopback(AF_INET, 0);
  T("bind, flags UV_UDP_PARTIAL: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &other, UV_UDP_PARTIAL)));
  T("bind, flags UV_UDP_RECVMMSG: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &other, UV_UDP_RECVMMSG)));
  T("bind, flags 64: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &other, 64)));
  T("bind, IPV6ONLY on IPv4: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &other, UV_UDP_IPV6ONLY)));
  memset(&v6, 0, sizeof v6);
  v6.ss_family = AF_UNIX;
  T("bind, AF_UNIX address: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &v6, 0)));
  v6.ss_family = AF_UNSPEC;
  T("bind, AF_UNSPEC address: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &v6, 0)));
  r = uv_fileno((uv_handle_t*) &h1, &fd);
  T("fileno after refused binds: %s", ename(r));

  T("-- a port in use");
  r = bind_loopback(&h1, AF_INET, &where);
  T("bind h1: %s", ename(r));
  T("bind h1 again: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &other, 0)));
  CHECK(uv_udp_init(loop, &h2) == 0);
  T("bind h2 to h1's port: %s", ename(uv_udp_bind(&h2, (struct sockaddr*) &where, 0)));
  T("again with REUSEADDR: %s", ename(uv_udp_bind(&h2, (struct sockaddr*) &where, UV_UDP_REUSEADDR)));
  uv_close((uv_handle_t*) &h1, NULL);
  uv_close((uv_handle_t*) &h2, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  CHECK(uv_udp_init(loop, &h1) == 0);
  CHECK(uv_udp_init(loop, &h2) == 0);
  T("bind h1 with REUSEADDR: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &other, UV_UDP_REUSEADDR)));
  {
    int len = sizeof where;
    CHECK(uv_udp_getsockname(&h1, (struct sockaddr*) &where, &len) == 0);
  }
  T("bind h2 to it with REUSEADDR: %s", ename(uv_udp_bind(&h2, (struct sockaddr*) &where, UV_UDP_REUSEADDR)));
  CHECK(uv_udp_init(loop, &h3) == 0);
  r = uv_udp_bind(&h3, (struct sockaddr*) &where, UV_UDP_REUSEADDR | UV_UDP_LINUX_RECVERR);
  T("bind h3 to it with REUSEADDR | LINUX_RECVERR: %s", ename(r));
  uv_close((uv_handle_t*) &h1, NULL);
  uv_close((uv_handle_t*) &h2, NULL);
  uv_close((uv_handle_t*) &h3, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  T("-- families");
  CHECK(uv_udp_init_ex(loop, &h1, AF_INET) == 0);
  v6 = loopback(AF_INET6, 0);
  T("IPv6 address on an IPv4 handle: %s", ename(uv_udp_bind(&h1, (struct sockaddr*) &v6, 0)));
  CHECK(uv_udp_init_ex(loop, &h2, AF_INET6) == 0);
  T("IPv4 address on an IPv6 handle: %s", ename(uv_udp_bind(&h2, (struct sockaddr*) &other, 0)));
  CHECK(uv_udp_init(loop, &h3) == 0);
  r = uv_udp_bind(&h3, (struct sockaddr*) &v6, UV_UDP_IPV6ONLY);
  T("IPV6ONLY on ::1: %s", r == 0 || r == UV_EADDRNOTAVAIL ? "0 or no IPv6 loopback" : ename(r));

  finish_loop(loop);
  return 0;
}
