/* uv_getaddrinfo's failures, none of which needs the network. Refused at
 * once: a NULL request, no host and no service, an empty host, a host over
 * 255 bytes (as given, or once converted to Punycode), bad UTF-8 (and a
 * malformed sequence libuv lets through), a Punycode overflow (E2BIG). From
 * the resolver, synchronously and through the callback (with res NULL):
 * AI_NUMERICHOST with a name, AI_NUMERICSERV with a service name, bad
 * flags, family and socket type, an IPv4 address with AF_INET6. The host
 * name's IDNA conversion is visible where it turns a name into a numeric
 * address: the ideographic full stop U+3002 separates labels like ".". */
#include "dns_common.h"

static uv_loop_t loop;
static uv_getaddrinfo_t req;

static int sync_lookup(const char* host, const char* service,
                       const struct addrinfo* hints) {
  int r = uv_getaddrinfo(&loop, &req, NULL, host, service, hints);
  if (r == 0) uv_freeaddrinfo(req.addrinfo);
  return r;
}

/* A host of `reps` copies of `piece`, labels of `per_label` pieces. */
static const char* repeat(const char* piece, int reps, int per_label) {
  static char buf[40000];
  size_t len = 0, plen = strlen(piece);
  int i;
  for (i = 0; i < reps; i++) {
    if (per_label > 0 && i > 0 && i % per_label == 0) buf[len++] = '.';
    memcpy(buf + len, piece, plen);
    len += plen;
  }
  buf[len] = '\0';
  return buf;
}

static int async_calls;
static int async_status;
static int async_res_null;

static void on_addrinfo(uv_getaddrinfo_t* r, int status, struct addrinfo* res) {
  (void) r;
  async_calls++;
  async_status = status;
  async_res_null = res == NULL;
  uv_freeaddrinfo(res);
}

int main(void) {
  struct addrinfo numeric = make_hints(AF_UNSPEC, SOCK_STREAM, AI_NUMERICHOST);
  struct addrinfo h;
  char long_ascii[300];
  char overflow[6000];
  int r, n;

  CHECK(0 == uv_loop_init(&loop));
  T("NULL req: %s", ename(uv_getaddrinfo(&loop, NULL, NULL, "127.0.0.1", NULL, NULL)));
  T("no host, no service: %s", ename(sync_lookup(NULL, NULL, NULL)));
  T("no host, no service, async: %s",
    ename(uv_getaddrinfo(&loop, &req, on_addrinfo, NULL, NULL, NULL)));
  T("empty host: %s", ename(sync_lookup("", NULL, &numeric)));
  T("empty host, async: %s",
    ename(uv_getaddrinfo(&loop, &req, on_addrinfo, "", NULL, &numeric)));
  for (n = 254; n <= 257; n++) {
    memset(long_ascii, 'a', n);
    long_ascii[n] = '\0';
    T("host of %d ASCII bytes: %s", n, ename(sync_lookup(long_ascii, NULL, &numeric)));
  }
  T("bad UTF-8 \\xff: %s", ename(sync_lookup("a\xff", NULL, &numeric)));
  T("lone continuation byte: %s", ename(sync_lookup("\x80x", NULL, &numeric)));
  T("truncated sequence: %s", ename(sync_lookup("ab\xc3", NULL, &numeric)));
  T("overlong NUL: %s", ename(sync_lookup("\xc0\x80", NULL, &numeric)));
  T("surrogate: %s", ename(sync_lookup("\xed\xa0\x80", NULL, &numeric)));
  T("above U+10FFFF: %s", ename(sync_lookup("\xf4\x90\x80\x80", NULL, &numeric)));
  T("malformed but accepted \\xe4AA: %s", ename(sync_lookup("\xe4" "AA", NULL, &numeric)));
  T("4-byte lead with 2 bytes left: %s", ename(sync_lookup("\xf0\x80\x80", NULL, &numeric)));
  T("lead before a dot: %s", ename(sync_lookup("\xe4\xb8.", NULL, &numeric)));
  T("non-ASCII name: %s", ename(sync_lookup("b\xc3\xbc" "cher.example", NULL, &numeric)));
  /* Labels of U+00FC (2 bytes), "aU+00FC" and U+4E2D (3 bytes) whose
   * Punycode forms end just under and just over 255 bytes. */
  for (n = 247; n <= 251; n++)
    T("%d x U+00FC in one label: %s", n,
      ename(sync_lookup(repeat("\xc3\xbc", n, 0), NULL, &numeric)));
  for (n = 52; n <= 56; n++)
    T("%d x aU+00FC in labels of 3: %s", n,
      ename(sync_lookup(repeat("a\xc3\xbc", n, 3), NULL, &numeric)));
  for (n = 148; n <= 152; n++)
    T("%d x U+4E2D in labels of 10: %s", n,
      ename(sync_lookup(repeat("\xe4\xb8\xad", n, 10), NULL, &numeric)));
  memset(overflow, 'a', 5000);
  memcpy(overflow + 5000, "\xf4\x8f\xbf\xbf", 5);
  T("5000 ASCII then U+10FFFF: %s", ename(sync_lookup(overflow, NULL, &numeric)));
  T("U+3002 as dots in 127.0.0.1: %s",
    ename(sync_lookup("127\xe3\x80\x82" "0\xe3\x80\x82" "0\xe3\x80\x82" "1", NULL, &numeric)));
  T("U+FF0E and U+FF61 as dots: %s",
    ename(sync_lookup("10\xef\xbc\x8e" "1\xef\xbd\xa1" "2.3", NULL, &numeric)));
  T("active_reqs after refusals: %u", loop.active_reqs.count);

  T("AI_NUMERICHOST with a name: %s", ename(sync_lookup("localhost", NULL, &numeric)));
  h = make_hints(AF_UNSPEC, SOCK_STREAM, AI_NUMERICSERV);
  T("AI_NUMERICSERV with a service name: %s", ename(sync_lookup("127.0.0.1", "http", &h)));
  h = make_hints(AF_UNSPEC, SOCK_STREAM, 0x4000000);
  T("bad flags: %s", ename(sync_lookup("127.0.0.1", NULL, &h)));
  h = make_hints(12345, SOCK_STREAM, 0);
  T("bad family: %s", ename(sync_lookup("127.0.0.1", NULL, &h)));
  h = make_hints(AF_UNSPEC, 12345, 0);
  T("bad socket type: %s", ename(sync_lookup("127.0.0.1", NULL, &h)));
  h = make_hints(AF_INET6, SOCK_STREAM, AI_NUMERICHOST);
  T("IPv4 address with AF_INET6: %s", ename(sync_lookup("127.0.0.1", NULL, &h)));
  h = make_hints(AF_INET, SOCK_STREAM, AI_NUMERICHOST);
  T("IPv6 address with AF_INET: %s", ename(sync_lookup("::1", NULL, &h)));
  h = make_hints(AF_INET, SOCK_DGRAM, AI_NUMERICHOST | AI_NUMERICSERV);
  T("service out of range: %s", ename(sync_lookup("127.0.0.1", "70000", &h)));

  r = uv_getaddrinfo(&loop, &req, on_addrinfo, "localhost", NULL, &numeric);
  T("async AI_NUMERICHOST with a name -> %s, active_reqs %u", ename(r),
    loop.active_reqs.count);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d: callback ran %d, status %s, res NULL: %s, addrinfo NULL: %s", r,
    async_calls, ename(async_status), yesno(async_res_null),
    yesno(req.addrinfo == NULL));
  finish_loop(&loop);
  return 0;
}
