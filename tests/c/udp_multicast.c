/* Multicast on the loopback interface: a receiver bound to the group
 * address joins 239.255.77.1 via 127.0.0.1; a sender picks 127.0.0.1 as
 * its multicast interface, TTL 1, and sends to the group. Sent out of the
 * loopback interface, a datagram comes back in through it whether the
 * multicast loop option is on or off. Joining twice is EADDRINUSE, leaving
 * twice EADDRNOTAVAIL. A source-specific join (232.x) is reported as is. */
#include "udp_common.h"

#define GROUP "239.255.77.1"

static uv_udp_t r, s;
static struct sockaddr_storage group_addr;
static int got;

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  if (addr == NULL) return;
  got++;
  T("recv: \"%.*s\" from %s, flags %u", (int) nread, buf->base, addr_text(addr), flags);
  if (nread == 4 && memcmp(buf->base, "last", 4) == 0)
    uv_udp_recv_stop(h);
}

static void send_text(const char* text) {
  uv_buf_t buf = uv_buf_init((char*) text, (unsigned) strlen(text));
  int r = uv_udp_try_send(&s, &buf, 1, (struct sockaddr*) &group_addr);
  T("send \"%s\": %s", text, r == (int) strlen(text) ? "sent" : ename(r));
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  struct sockaddr_in bind_addr;
  struct sockaddr_storage where;
  int ret, len;

  CHECK(uv_udp_init(loop, &r) == 0);
  CHECK(uv_udp_init(loop, &s) == 0);
  memset(&bind_addr, 0, sizeof bind_addr);
  bind_addr.sin_family = AF_INET;
  CHECK(inet_pton(AF_INET, GROUP, &bind_addr.sin_addr) == 1);
  T("bind to the group address: %s",
    ename(uv_udp_bind(&r, (struct sockaddr*) &bind_addr, UV_UDP_REUSEADDR)));
  len = sizeof where;
  CHECK(uv_udp_getsockname(&r, (struct sockaddr*) &where, &len) == 0);
  memcpy(&group_addr, &where, sizeof where);

  ret = uv_udp_set_membership(&r, GROUP, "127.0.0.1", UV_JOIN_GROUP);
  T("join " GROUP " via 127.0.0.1: %s", ename(ret));
  if (ret != 0) {
    T("no multicast on loopback here");
    finish_loop(loop);
    return 0;
  }
  T("join again: %s", ename(uv_udp_set_membership(&r, GROUP, "127.0.0.1", UV_JOIN_GROUP)));

  CHECK(bind_loopback(&s, AF_INET, &where) == 0);
  T("multicast interface 127.0.0.1: %s", ename(uv_udp_set_multicast_interface(&s, "127.0.0.1")));
  T("multicast ttl 1: %s", ename(uv_udp_set_multicast_ttl(&s, 1)));
  T("multicast loop off: %s", ename(uv_udp_set_multicast_loop(&s, 0)));
  send_text("loop off");
  T("multicast loop on: %s", ename(uv_udp_set_multicast_loop(&s, 1)));
  send_text("hello group");
  send_text("last");
  CHECK(uv_udp_recv_start(&r, udp_alloc_slab, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, received %d", ret, got);

  T("leave: %s", ename(uv_udp_set_membership(&r, GROUP, "127.0.0.1", UV_LEAVE_GROUP)));
  T("leave again: %s", ename(uv_udp_set_membership(&r, GROUP, "127.0.0.1", UV_LEAVE_GROUP)));

  ret = uv_udp_set_source_membership(&r, "232.1.2.3", "127.0.0.1", "127.0.0.1", UV_JOIN_GROUP);
  T("source-specific join: %s", ename(ret));
  if (ret == 0)
    T("source-specific leave: %s",
      ename(uv_udp_set_source_membership(&r, "232.1.2.3", "127.0.0.1", "127.0.0.1", UV_LEAVE_GROUP)));

  finish_loop(loop);
  return 0;
}
