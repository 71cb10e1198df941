/* Helpers for the UDP programs (udp_*.c): loopback addresses made and
 * printed with libc (no libuv address helpers), and binding to an
 * ephemeral loopback port. Ports are never printed: they differ per run. */
#ifndef RUV_TEST_UDP_COMMON_H
#define RUV_TEST_UDP_COMMON_H

#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* 127.0.0.1 (AF_INET) or ::1 (AF_INET6) on `port` (host order). */
static inline struct sockaddr_storage loopback(int family, int port) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  if (family == AF_INET) {
    struct sockaddr_in* a = (struct sockaddr_in*) &ss;
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    CHECK(inet_pton(AF_INET, "127.0.0.1", &a->sin_addr) == 1);
  } else {
    struct sockaddr_in6* a = (struct sockaddr_in6*) &ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    CHECK(inet_pton(AF_INET6, "::1", &a->sin6_addr) == 1);
  }
  return ss;
}

static inline int port_of(const struct sockaddr* a) {
  if (a->sa_family == AF_INET) return ntohs(((const struct sockaddr_in*) a)->sin_port);
  return ntohs(((const struct sockaddr_in6*) a)->sin6_port);
}

/* The address as text, without the port ("127.0.0.1", "::1"). */
static inline const char* addr_text(const struct sockaddr* a) {
  static char buf[INET6_ADDRSTRLEN];
  if (a == NULL) return "(null)";
  if (a->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in*) a)->sin_addr, buf, sizeof buf);
  else if (a->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6*) a)->sin6_addr, buf, sizeof buf);
  else
    snprintf(buf, sizeof buf, "family %d", a->sa_family);
  return buf;
}

/* Binds `h` to the loopback address of `family` on an ephemeral port and
 * stores where it ended up in `where`. Returns the bind result. */
static inline int bind_loopback(uv_udp_t* h, int family, struct sockaddr_storage* where) {
  struct sockaddr_storage any = loopback(family, 0);
  int len = sizeof *where;
  int r = uv_udp_bind(h, (const struct sockaddr*) &any, 0);
  if (r != 0) return r;
  CHECK(uv_udp_getsockname(h, (struct sockaddr*) where, &len) == 0);
  return 0;
}

/* One static buffer for every alloc callback that does not care. */
static char udp_slab[65536];
static inline void udp_alloc_slab(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  (void) h;
  (void) suggested;
  buf->base = udp_slab;
  buf->len = sizeof udp_slab;
}

#endif
