/* Binding and names: an address in use is reported by listen, not bind;
 * UV_TCP_IPV6ONLY needs an IPv6 address; unknown flags and families are
 * EINVAL; getsockname/getpeername before and after, with short buffers. */
#include "net_common.h"

static uv_loop_t* loop;

int main(void) {
  uv_tcp_t a, b, c, d;
  struct sockaddr_in addr;
  struct sockaddr_storage ss;
  struct sockaddr bad;
  int len, port, r;
  loop = uv_default_loop();

  CHECK(0 == uv_tcp_init(loop, &a));
  len = sizeof ss;
  T("getsockname before bind: %s", ename(uv_tcp_getsockname(&a, (struct sockaddr*) &ss, &len)));
  len = sizeof ss;
  T("getpeername before bind: %s", ename(uv_tcp_getpeername(&a, (struct sockaddr*) &ss, &len)));
  T("bind: %s", ename(uv_tcp_bind(&a, loopback4(&addr, 0), 0)));
  len = sizeof ss;
  r = uv_tcp_getsockname(&a, (struct sockaddr*) &ss, &len);
  T("getsockname: %s, len %d, family inet: %s", ename(r), len, yesno(ss.ss_family == AF_INET));
  port = ntohs(((struct sockaddr_in*) &ss)->sin_port);
  len = 4;
  r = uv_tcp_getsockname(&a, (struct sockaddr*) &ss, &len);
  T("getsockname short buffer: %s, len %d", ename(r), len);
  len = sizeof ss;
  T("getpeername unconnected: %s", ename(uv_tcp_getpeername(&a, (struct sockaddr*) &ss, &len)));
  T("bind again: %s", ename(uv_tcp_bind(&a, loopback4(&addr, 0), 0)));
  T("listen: %s", ename(uv_listen((uv_stream_t*) &a, 5, NULL)));

  CHECK(0 == uv_tcp_init(loop, &b));
  T("bind to a port in use: %s", ename(uv_tcp_bind(&b, loopback4(&addr, port), 0)));
  len = sizeof ss;
  T("getsockname after conflict: %s", ename(uv_tcp_getsockname(&b, (struct sockaddr*) &ss, &len)));
  T("listen after conflict: %s", ename(uv_listen((uv_stream_t*) &b, 5, NULL)));

  CHECK(0 == uv_tcp_init(loop, &c));
  T("ipv6only with ipv4: %s", ename(uv_tcp_bind(&c, loopback4(&addr, 0), UV_TCP_IPV6ONLY)));
  memset(&bad, 0, sizeof bad);
  bad.sa_family = AF_UNIX;
  T("unix family: %s", ename(uv_tcp_bind(&c, &bad, 0)));
  T("fileno before socket: %s", ename(uv_fileno((uv_handle_t*) &c, &len)));
  {
    int size = 0;
    T("send buffer size before socket: %s", ename(uv_send_buffer_size((uv_handle_t*) &c, &size)));
  }
  T("nodelay before socket: %s", ename(uv_tcp_nodelay(&c, 1)));
  T("keepalive before socket: %s", ename(uv_tcp_keepalive(&c, 1, 10)));
  T("flags are not checked: %s", ename(uv_tcp_bind(&c, loopback4(&addr, 0), 2)));

  T("init_ex bad family: %s", ename(uv_tcp_init_ex(loop, &d, AF_UNIX)));
  T("init_ex inet: %s", ename(uv_tcp_init_ex(loop, &d, AF_INET)));
  {
    uv_os_fd_t fd;
    T("fileno after init_ex: %s", ename(uv_fileno((uv_handle_t*) &d, &fd)));
  }
  T("listen on unbound: %s", ename(uv_listen((uv_stream_t*) &d, 5, NULL)));
  len = sizeof ss;
  T("unbound listener got a port: %s",
    yesno(uv_tcp_getsockname(&d, (struct sockaddr*) &ss, &len) == 0 &&
          ((struct sockaddr_in*) &ss)->sin_port != 0));
  T("simultaneous_accepts: %s", ename(uv_tcp_simultaneous_accepts(&d, 1)));
  T("nodelay: %s", ename(uv_tcp_nodelay(&d, 1)));
  T("keepalive: %s", ename(uv_tcp_keepalive(&d, 1, 60)));
  T("keepalive off: %s", ename(uv_tcp_keepalive(&d, 0, 0)));
  T("active: a %d b %d d %d", uv_is_active((uv_handle_t*) &a), uv_is_active((uv_handle_t*) &b),
    uv_is_active((uv_handle_t*) &d));
  {
    int size = 0;
    r = uv_send_buffer_size((uv_handle_t*) &d, &size);
    T("send buffer size read: %s, positive: %s", ename(r), yesno(size > 0));
    size = 0;
    r = uv_recv_buffer_size((uv_handle_t*) &d, &size);
    T("recv buffer size read: %s, positive: %s", ename(r), yesno(size > 0));
    size = 65536;
    T("send buffer size set: %s", ename(uv_send_buffer_size((uv_handle_t*) &d, &size)));
    size = 0;
    T("send buffer size on unopened: %s", ename(uv_send_buffer_size((uv_handle_t*) &c, &size)));
  }
  finish_loop(loop);
  return 0;
}
