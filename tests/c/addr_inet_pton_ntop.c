/* uv_inet_pton and uv_inet_ntop: which IPv4 and IPv6 texts are accepted
 * (libuv's own parser: no leading zeros in IPv4 parts, at most 4 hex digits
 * per group, one "::", a dotted tail, a "%zone" ignored) and how addresses
 * print back (the longest zero run as "::", the first on a tie, dotted
 * tails for IPv4-compatible and IPv4-mapped addresses); the destination is
 * untouched on failure; EAFNOSUPPORT for other families; ENOSPC until the
 * buffer holds the text and its NUL. */
#include "dns_common.h"

static void pton4(const char* text) {
  unsigned char out[4];
  char back[64];
  int r;
  memset(out, 0xAA, sizeof out);
  r = uv_inet_pton(AF_INET, text, out);
  if (r == 0) {
    CHECK(0 == uv_inet_ntop(AF_INET, out, back, sizeof back));
    T("pton4 \"%s\" -> 0, back: %s", text, back);
  } else {
    T("pton4 \"%s\" -> %s, destination untouched: %s", text, ename(r),
      yesno(out[0] == 0xAA && out[3] == 0xAA));
  }
}

static void pton6(const char* text) {
  unsigned char out[16];
  char back[64];
  int r;
  memset(out, 0xAA, sizeof out);
  r = uv_inet_pton(AF_INET6, text, out);
  if (r == 0) {
    CHECK(0 == uv_inet_ntop(AF_INET6, out, back, sizeof back));
    T("pton6 \"%s\" -> 0, back: %s", text, back);
  } else {
    T("pton6 \"%s\" -> %s, destination untouched: %s", text, ename(r),
      yesno(out[0] == 0xAA && out[15] == 0xAA));
  }
}

static void ntop6(const unsigned short groups[8]) {
  unsigned char raw[16];
  char text[64];
  int i;
  for (i = 0; i < 8; i++) {
    raw[2 * i] = groups[i] >> 8;
    raw[2 * i + 1] = groups[i] & 0xff;
  }
  CHECK(0 == uv_inet_ntop(AF_INET6, raw, text, sizeof text));
  T("ntop6 %x:%x:%x:%x:%x:%x:%x:%x -> %s", groups[0], groups[1], groups[2],
    groups[3], groups[4], groups[5], groups[6], groups[7], text);
}

int main(void) {
  static const char* v4[] = {
    "0.0.0.0", "127.0.0.1", "255.255.255.255", "1.2.3.04", "1.2.3.0", "0.1.2.3",
    "256.0.0.0", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5",
    "1.2.3.-4", "0x7f.0.0.1", "1.2.3.4%lo", "", "a", "1 .2.3.4", "999.1.1.1",
    "00.1.1.1", NULL,
  };
  static const char* v6[] = {
    "::", "::1", "1::", "1::2", "::ffff:1.2.3.4", "::1.2.3.4", "::ffff:0:1.2.3.4",
    "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "0:0:0:0:0:0:0:0", "1:0:0:1:0:0:0:1",
    "1:0:0:1:0:0:1:1", "0:0:1:0:0:0:0:0", "ABCD:EF01:2345:6789:abcd:ef01:2345:6789",
    "fe80::1%lo", "fe80::1%anything at all", "::1%", "00000::", "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8", "1::2::3", ":::", ":1::", "1:", ":", "", "1.2.3.4",
    "::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
    "g::1", "::1 ", "0001:0002:0003:0004:0005:0006:0007:0008",
    "0000:0000:0000:0000:0000:0000:0000:0000%1234567890", NULL,
  };
  static const unsigned short groups[][8] = {
    {0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0, 2},
    {0, 0, 0, 0, 0, 0, 1, 2}, {0, 0, 0, 0, 0, 0xffff, 0x7f00, 1},
    {0, 0, 0, 0, 0, 0xfffe, 0x7f00, 1}, {0, 0, 0, 0, 1, 0, 0, 0},
    {1, 0, 0, 2, 0, 0, 3, 4}, {1, 0, 2, 0, 3, 0, 4, 0}, {0, 0, 1, 0, 0, 0, 2, 0},
    {0xfe80, 0, 0, 0, 0, 0, 0, 0}, {0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xa},
  };
  char long_zone[200];
  unsigned char a4[4] = {192, 168, 0, 1};
  unsigned char a6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  unsigned char out[16];
  char buf[64];
  size_t size;
  int i;

  for (i = 0; v4[i] != NULL; i++) pton4(v4[i]);
  for (i = 0; v6[i] != NULL; i++) pton6(v6[i]);
  /* A zone is cut off before parsing, but the address part before it must
   * fit in 45 bytes. */
  memset(long_zone, 0, sizeof long_zone);
  strcpy(long_zone, "0000:0000:0000:0000:0000:0000:0000:0001");
  strcat(long_zone, "%");
  memset(long_zone + strlen(long_zone), 'z', 100);
  pton6(long_zone);
  for (i = 0; i < (int) (sizeof groups / sizeof groups[0]); i++) ntop6(groups[i]);

  for (size = 10; size <= 13; size++) {
    memset(buf, 'x', sizeof buf);
    T("ntop4 192.168.0.1 into %zu bytes: %s", size,
      ename(uv_inet_ntop(AF_INET, a4, buf, size)));
  }
  for (size = 10; size <= 13; size++)
    T("ntop6 2001:db8::1 into %zu bytes: %s", size,
      ename(uv_inet_ntop(AF_INET6, a6, buf, size)));
  T("ntop6 result: %s", buf);
  T("ntop AF_UNIX: %s", ename(uv_inet_ntop(AF_UNIX, a4, buf, sizeof buf)));
  T("ntop family 12345: %s", ename(uv_inet_ntop(12345, a4, buf, sizeof buf)));
  T("pton AF_UNIX: %s", ename(uv_inet_pton(AF_UNIX, "1.2.3.4", out)));
  T("pton AF_UNSPEC: %s", ename(uv_inet_pton(AF_UNSPEC, "1.2.3.4", out)));
  T("pton NULL text: %s", ename(uv_inet_pton(AF_INET, NULL, out)));
  T("pton NULL destination: %s", ename(uv_inet_pton(AF_INET6, "::1", NULL)));
  T("pton AF_UNIX, NULL text: %s", ename(uv_inet_pton(AF_UNIX, NULL, out)));
  return 0;
}
