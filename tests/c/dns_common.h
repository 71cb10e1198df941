/* Helpers shared by the dns_*.c and addr_*.c programs: printing address
 * lists without anything machine-specific. */
#ifndef RUV_TEST_DNS_COMMON_H
#define RUV_TEST_DNS_COMMON_H

#include "common.h"

static inline const char* family_name(int family) {
  switch (family) {
    case AF_UNSPEC: return "unspec";
    case AF_INET: return "inet";
    case AF_INET6: return "inet6";
    default: return "other";
  }
}

static inline const char* socktype_name(int socktype) {
  switch (socktype) {
    case 0: return "any";
    case SOCK_STREAM: return "stream";
    case SOCK_DGRAM: return "dgram";
    case SOCK_RAW: return "raw";
    default: return "other";
  }
}

/* "127.0.0.1 port 80"; sin_port and sin6_port sit at the same offset. */
static inline const char* sockaddr_text(const struct sockaddr* sa) {
  static char buf[128];
  char host[64];
  int r = uv_ip_name(sa, host, sizeof host);
  if (r != 0) snprintf(host, sizeof host, "(%s)", uv_err_name(r));
  snprintf(buf, sizeof buf, "%s port %d", host,
           ntohs(((const struct sockaddr_in*) sa)->sin_port));
  return buf;
}

/* One line per entry of a getaddrinfo result, then the count. */
static inline void print_addrinfo(const char* what, const struct addrinfo* ai) {
  int n = 0;
  for (; ai != NULL; ai = ai->ai_next, n++)
    T("  %s[%d]: %s %s protocol %d, %s", what, n, family_name(ai->ai_family),
      socktype_name(ai->ai_socktype), ai->ai_protocol,
      sockaddr_text(ai->ai_addr));
  T("  %s: %d entries", what, n);
}

static inline struct addrinfo make_hints(int family, int socktype, int flags) {
  struct addrinfo h;
  memset(&h, 0, sizeof h);
  h.ai_family = family;
  h.ai_socktype = socktype;
  h.ai_flags = flags;
  return h;
}

#endif
