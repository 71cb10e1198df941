/* uv_udp_init_ex with a family makes the socket at once: uv_fileno works
 * before any bind, getsockname shows the unbound wildcard address, and a
 * send needs no implicit bind (the kernel picks a port). Without one
 * (uv_udp_init, AF_UNSPEC) the socket comes with the first bind, send or
 * recv_start. The handle's type, size and send-queue fields start out as
 * libuv sets them. */
#include "udp_common.h"

static uv_udp_t h4, h6, plain;
static struct sockaddr_storage plain_addr;

static void describe(const char* what, uv_udp_t* h) {
  struct sockaddr_storage ss;
  int len = sizeof ss, fd = -1;
  int rf = uv_fileno((uv_handle_t*) h, &fd);
  int rs = uv_udp_getsockname(h, (struct sockaddr*) &ss, &len);
  T("%s: fileno %s, getsockname %s%s%s%s", what, ename(rf), ename(rs), rs == 0 ? " " : "",
    rs == 0 ? addr_text((struct sockaddr*) &ss) : "",
    rs == 0 ? (port_of((struct sockaddr*) &ss) == 0 ? " port 0" : " port chosen") : "");
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  uv_buf_t buf = uv_buf_init("x", 1);
  int r;

  CHECK(uv_udp_init_ex(loop, &h4, AF_INET) == 0);
  T("type %s, size %zu, queue %zu/%zu, active %s, recvmmsg %d",
    uv_handle_type_name(uv_handle_get_type((uv_handle_t*) &h4)),
    uv_handle_size(UV_UDP), h4.send_queue_size, h4.send_queue_count,
    yesno(uv_is_active((uv_handle_t*) &h4)), uv_udp_using_recvmmsg(&h4));
  T("udp_send_t: type name %s, size %zu", uv_req_type_name(UV_UDP_SEND), uv_req_size(UV_UDP_SEND));
  describe("AF_INET", &h4);
  r = uv_udp_init_ex(loop, &h6, AF_INET6);
  if (r == 0)
    describe("AF_INET6", &h6);
  else
    T("AF_INET6: %s", ename(r));
  CHECK(uv_udp_init(loop, &plain) == 0);
  describe("AF_UNSPEC", &plain);
  CHECK(bind_loopback(&plain, AF_INET, &plain_addr) == 0);
  describe("AF_UNSPEC, bound", &plain);

  r = uv_udp_try_send(&h4, &buf, 1, (struct sockaddr*) &plain_addr);
  T("send from the unbound AF_INET socket: %d", r);
  describe("AF_INET after sending", &h4);
  T("bind the AF_INET socket now: %s", ename(uv_udp_bind(&h4, (struct sockaddr*) &plain_addr, 0)));

  finish_loop(loop);
  return 0;
}
