/* uv_ip4_addr / uv_ip6_addr and uv_ip4_name / uv_ip6_name / uv_ip_name:
 * round trips, the port in network byte order (an int port is cut to 16
 * bits), what the sockaddr holds after a refusal (zeroed, family and port
 * set), IPv6 "%zone" suffixes (an interface name becomes the scope id, an
 * unknown name or a number gives 0; the address part is cut to 39 bytes),
 * name buffers one byte too short (ENOSPC) and just long enough, and
 * families uv_ip_name does not know (EAFNOSUPPORT). */
#include "dns_common.h"

static void ip4(const char* text, int port) {
  struct sockaddr_in a;
  char name[64];
  int r;
  memset(&a, 0xAA, sizeof a);
  r = uv_ip4_addr(text, port, &a);
  CHECK(0 == uv_ip4_name(&a, name, sizeof name));
  T("ip4 \"%s\" port %d -> %s: family %s, port %d, name %s, zero padding: %s", text,
    port, ename(r), family_name(a.sin_family), ntohs(a.sin_port), name,
    yesno(a.sin_zero[0] == 0 && a.sin_zero[7] == 0));
}

static void ip6(const char* text, int port) {
  struct sockaddr_in6 a;
  char name[64];
  int r;
  memset(&a, 0xAA, sizeof a);
  r = uv_ip6_addr(text, port, &a);
  CHECK(0 == uv_ip6_name(&a, name, sizeof name));
  T("ip6 \"%s\" port %d -> %s: family %s, port %d, scope %u, flowinfo %u, name %s", text,
    port, ename(r), family_name(a.sin6_family), ntohs(a.sin6_port), a.sin6_scope_id,
    a.sin6_flowinfo, name);
}

static void name_sizes(const struct sockaddr* sa) {
  char buf[64];
  size_t len, size;
  CHECK(0 == uv_ip_name(sa, buf, sizeof buf));
  len = strlen(buf);
  for (size = len - 1; size <= len + 1; size++) {
    char small[64];
    int r;
    memset(small, 'x', sizeof small);
    r = uv_ip_name(sa, small, size);
    T("name of %s into %zu bytes (length %zu): %s%s%s", buf, size, len, ename(r),
      r == 0 ? ", got " : "", r == 0 ? small : "");
  }
  T("name of %s into 0 bytes: %s", buf, ename(uv_ip_name(sa, buf, 0)));
}

int main(void) {
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr sa;
  char buf[64];

  ip4("127.0.0.1", 80);
  ip4("0.0.0.0", 0);
  ip4("255.255.255.255", 65535);
  ip4("10.0.0.1", 65536 + 443);
  ip4("10.0.0.1", -1);
  ip4("1.2.3", 1);
  ip4("1.2.3.4.5", 1);
  ip4("01.2.3.4", 1);
  ip4("1.2.3.256", 1);
  ip4(" 1.2.3.4", 1);
  ip4("1.2.3.4 ", 1);
  ip4("::1", 1);
  ip4("", 1);

  ip6("::1", 8080);
  ip6("::", 0);
  ip6("FE80::ABCD:1", 1);
  ip6("2001:db8:0:0:1:0:0:1", 1);
  ip6("::ffff:192.168.1.1", 1);
  ip6("fe80::1%lo", 7);
  ip6("fe80::1%no-such-interface", 7);
  ip6("fe80::1%1", 7);
  ip6("fe80::1%", 7);
  ip6("%lo", 7);
  ip6("0000:0000:0000:0000:0000:0000:0000:00001", 1);
  ip6("0000:0000:0000:0000:0000:0000:0000:00001%lo", 1);
  ip6("0000:0000:0000:0000:0000:0000:0000:0001x%lo", 1);
  ip6("1:2:3:4:5:6:7:8:9", 1);
  ip6("127.0.0.1", 1);
  ip6("", 1);

  CHECK(0 == uv_ip4_addr("192.168.100.200", 1, &a4));
  name_sizes((struct sockaddr*) &a4);
  CHECK(0 == uv_ip6_addr("fe80::1:2:3:4", 1, &a6));
  name_sizes((struct sockaddr*) &a6);
  T("uv_ip4_name too short: %s", ename(uv_ip4_name(&a4, buf, 15)));
  T("uv_ip6_name too short: %s", ename(uv_ip6_name(&a6, buf, 13)));

  memset(&sa, 0, sizeof sa);
  sa.sa_family = AF_UNIX;
  T("uv_ip_name AF_UNIX: %s", ename(uv_ip_name(&sa, buf, sizeof buf)));
  sa.sa_family = AF_UNSPEC;
  T("uv_ip_name AF_UNSPEC: %s", ename(uv_ip_name(&sa, buf, sizeof buf)));
  return 0;
}
