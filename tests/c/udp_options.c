/* The option setters' return values: range checks first (uv_udp_set_ttl
 * takes 1..255, the multicast TTL and loop 0..255), then UV_EBADF while
 * the handle has no socket; on IPv4 and IPv6 sockets; the multicast
 * interface and membership address checks; uv_fileno and the socket
 * buffer sizes of a UDP handle. */
#include "udp_common.h"

static uv_udp_t h;

static void setters(const char* what) {
  static const int ttls[] = {-1, 0, 1, 64, 255, 256};
  char line[256];
  size_t n = 0;
  unsigned i;
  T("%s:", what);
  for (i = 0; i < sizeof ttls / sizeof ttls[0]; i++)
    n += snprintf(line + n, sizeof line - n, " %d=%s", ttls[i], ename(uv_udp_set_ttl(&h, ttls[i])));
  T("  ttl:%s", line);
  n = 0;
  for (i = 0; i < sizeof ttls / sizeof ttls[0]; i++)
    n += snprintf(line + n, sizeof line - n, " %d=%s", ttls[i],
                  ename(uv_udp_set_multicast_ttl(&h, ttls[i])));
  T("  multicast ttl:%s", line);
  n = 0;
  for (i = 0; i < sizeof ttls / sizeof ttls[0]; i++)
    n += snprintf(line + n, sizeof line - n, " %d=%s", ttls[i],
                  ename(uv_udp_set_multicast_loop(&h, ttls[i])));
  T("  multicast loop:%s", line);
  {
    int on = uv_udp_set_broadcast(&h, 1);
    int off = uv_udp_set_broadcast(&h, 0);
    int seven = uv_udp_set_broadcast(&h, 7);
    T("  broadcast: on=%s off=%s 7=%s", ename(on), ename(off), ename(seven));
  }
  {
    int none = uv_udp_set_multicast_interface(&h, NULL);
    int v4 = uv_udp_set_multicast_interface(&h, "127.0.0.1");
    int v6 = uv_udp_set_multicast_interface(&h, "::1");
    int bogus = uv_udp_set_multicast_interface(&h, "bogus");
    T("  multicast interface: NULL=%s 127.0.0.1=%s ::1=%s bogus=%s", ename(none), ename(v4),
      ename(v6), ename(bogus));
  }
}

static void sockets(void) {
  int fd = -1, size = 0, r;
  r = uv_fileno((uv_handle_t*) &h, &fd);
  T("  fileno: %s%s", ename(r), r == 0 ? (fd > 2 ? ", a descriptor" : ", odd") : "");
  size = 0;
  r = uv_send_buffer_size((uv_handle_t*) &h, &size);
  T("  send buffer size: %s%s", ename(r), r == 0 ? (size > 0 ? ", positive" : ", zero") : "");
  size = 0;
  r = uv_recv_buffer_size((uv_handle_t*) &h, &size);
  T("  recv buffer size: %s%s", ename(r), r == 0 ? (size > 0 ? ", positive" : ", zero") : "");
  size = 65536;
  r = uv_recv_buffer_size((uv_handle_t*) &h, &size);
  T("  set recv buffer size: %s, value %s", ename(r), size == 65536 ? "unchanged" : "changed");
  size = 0;
  r = uv_recv_buffer_size((uv_handle_t*) &h, &size);
  T("  read back: %s%s", ename(r), r == 0 ? (size >= 65536 ? ", at least what was set" : ", less") : "");
}

static void memberships(void) {
  T("  join 239.1.2.3 via bogus: %s", ename(uv_udp_set_membership(&h, "239.1.2.3", "bogus", UV_JOIN_GROUP)));
  T("  join bogus: %s", ename(uv_udp_set_membership(&h, "bogus", NULL, UV_JOIN_GROUP)));
  T("  join 239.1.2.3, membership 7: %s", ename(uv_udp_set_membership(&h, "239.1.2.3", NULL, 7)));
  T("  leave 239.1.2.3 (never joined) via 127.0.0.1: %s",
    ename(uv_udp_set_membership(&h, "239.1.2.3", "127.0.0.1", UV_LEAVE_GROUP)));
  T("  join 127.0.0.1 (not multicast) via 127.0.0.1: %s",
    ename(uv_udp_set_membership(&h, "127.0.0.1", "127.0.0.1", UV_JOIN_GROUP)));
  T("  source join, bogus source: %s",
    ename(uv_udp_set_source_membership(&h, "232.1.2.3", "127.0.0.1", "bogus", UV_JOIN_GROUP)));
  T("  source join, IPv6 source for an IPv4 group: %s",
    ename(uv_udp_set_source_membership(&h, "232.1.2.3", "127.0.0.1", "::1", UV_JOIN_GROUP)));
  T("  source join, membership 7: %s",
    ename(uv_udp_set_source_membership(&h, "232.1.2.3", "127.0.0.1", "127.0.0.1", 7)));
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  struct sockaddr_storage where;
  int r, len;

  CHECK(uv_udp_init(loop, &h) == 0);
  setters("no socket yet");
  sockets();
  memberships();
  len = sizeof where;
  r = uv_udp_getsockname(&h, (struct sockaddr*) &where, &len);
  T("  membership calls made a socket: %s, bound to %s", ename(r),
    r == 0 ? addr_text((struct sockaddr*) &where) : "-");
  uv_close((uv_handle_t*) &h, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  CHECK(uv_udp_init(loop, &h) == 0);
  CHECK(bind_loopback(&h, AF_INET, &where) == 0);
  setters("bound to 127.0.0.1");
  sockets();
  memberships();
  uv_close((uv_handle_t*) &h, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  CHECK(uv_udp_init(loop, &h) == 0);
  if (bind_loopback(&h, AF_INET6, &where) == 0) {
    setters("bound to ::1");
    T("  join ff02::1234 via bogus: %s", ename(uv_udp_set_membership(&h, "ff02::1234", "bogus", UV_JOIN_GROUP)));
    T("  join ff02::1234, membership 7: %s", ename(uv_udp_set_membership(&h, "ff02::1234", NULL, 7)));
    T("  source join, IPv4 source for an IPv6 group: %s",
      ename(uv_udp_set_source_membership(&h, "ff3e::1234", NULL, "127.0.0.1", UV_JOIN_GROUP)));
  } else {
    T("no IPv6 loopback");
  }
  uv_close((uv_handle_t*) &h, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);

  CHECK(uv_udp_init_ex(loop, &h, AF_INET6) == 0);
  setters("made for IPv6, not bound");

  finish_loop(loop);
  return 0;
}
