/* uv_getaddrinfo with hints, through the loop and synchronously: "localhost"
 * for AF_INET (only loopback addresses, whatever /etc/hosts lists), no host
 * with a service (the loopback address, or the wildcard with AI_PASSIVE),
 * for each family; AI_V4MAPPED|AI_NUMERICHOST turning 127.0.0.1 into
 * ::ffff:127.0.0.1 for AF_INET6; socket types and their protocols; a hints
 * struct changed right after the call does not affect the lookup (libuv
 * copies it). */
#include "dns_common.h"

#define N 6

static uv_loop_t loop;
static uv_getaddrinfo_t reqs[N];
static struct addrinfo hints[N];
static const char* what[N] = {
  "service only, inet", "service only, inet, passive", "service only, inet6",
  "service only, inet6, passive", "v4mapped", "dgram, hints changed after the call",
};
static int statuses[N];
static struct addrinfo* results[N];

static void on_addrinfo(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  int i = (int) (req - reqs);
  statuses[i] = status;
  results[i] = res;
}

static void localhost(const char* how, int async) {
  struct addrinfo h = make_hints(AF_INET, SOCK_STREAM, 0);
  struct addrinfo* ai;
  uv_getaddrinfo_t req;
  int r, n = 0, all_loopback = 1;
  if (async) {
    CHECK(0 == uv_getaddrinfo(&loop, &reqs[0], on_addrinfo, "localhost", "80", &h));
    CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
    r = statuses[0];
    ai = results[0];
  } else {
    r = uv_getaddrinfo(&loop, &req, NULL, "localhost", "80", &h);
    ai = req.addrinfo;
  }
  for (; ai != NULL; ai = ai->ai_next, n++) {
    const struct sockaddr_in* sin = (const struct sockaddr_in*) ai->ai_addr;
    all_loopback &= ai->ai_family == AF_INET &&
                    (ntohl(sin->sin_addr.s_addr) >> 24) == 127 &&
                    ntohs(sin->sin_port) == 80 && ai->ai_socktype == SOCK_STREAM;
  }
  T("localhost, inet, %s: %s, at least one address: %s, all 127.x.x.x port 80: %s",
    how, ename(r), yesno(n >= 1), yesno(all_loopback));
  uv_freeaddrinfo(async ? results[0] : req.addrinfo);
}

int main(void) {
  int i, r;
  uv_getaddrinfo_t req;
  struct addrinfo h;

  CHECK(0 == uv_loop_init(&loop));
  localhost("sync", 0);
  localhost("async", 1);

  hints[0] = make_hints(AF_INET, SOCK_STREAM, 0);
  hints[1] = make_hints(AF_INET, SOCK_STREAM, AI_PASSIVE);
  hints[2] = make_hints(AF_INET6, SOCK_STREAM, 0);
  hints[3] = make_hints(AF_INET6, SOCK_STREAM, AI_PASSIVE);
  hints[4] = make_hints(AF_INET6, SOCK_STREAM, AI_V4MAPPED | AI_NUMERICHOST);
  hints[5] = make_hints(AF_INET, SOCK_DGRAM, AI_NUMERICHOST | AI_NUMERICSERV);
  for (i = 0; i < 4; i++)
    CHECK(0 == uv_getaddrinfo(&loop, &reqs[i], on_addrinfo, NULL, "8080", &hints[i]));
  CHECK(0 == uv_getaddrinfo(&loop, &reqs[4], on_addrinfo, "127.0.0.1", "8080", &hints[4]));
  CHECK(0 == uv_getaddrinfo(&loop, &reqs[5], on_addrinfo, "127.0.0.1", "53", &hints[5]));
  /* libuv copied the hints: changing them now makes no difference. */
  hints[5].ai_family = AF_INET6;
  hints[5].ai_socktype = SOCK_STREAM;
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  for (i = 0; i < N; i++) {
    T("%s: %s", what[i], ename(statuses[i]));
    print_addrinfo(what[i], results[i]);
    uv_freeaddrinfo(results[i]);
  }

  h = make_hints(AF_UNSPEC, 0, AI_NUMERICHOST);
  r = uv_getaddrinfo(&loop, &req, NULL, "::1", "9", &h);
  T("sync ::1 service 9, any socket type: %s", ename(r));
  print_addrinfo("any type", req.addrinfo);
  uv_freeaddrinfo(req.addrinfo);
  h = make_hints(AF_INET, SOCK_RAW, AI_NUMERICHOST);
  h.ai_protocol = IPPROTO_ICMP;
  r = uv_getaddrinfo(&loop, &req, NULL, "127.0.0.1", NULL, &h);
  T("sync raw ICMP: %s", ename(r));
  print_addrinfo("raw", req.addrinfo);
  uv_freeaddrinfo(req.addrinfo);
  finish_loop(&loop);
  return 0;
}
