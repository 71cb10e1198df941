/* uv_getnameinfo with NI_NUMERICHOST|NI_NUMERICSERV (no lookups), through
 * the loop and synchronously: 127.0.0.1 port 80 and ::1 port 8080 (and a
 * link-local address with a scope, which keeps its "%zone"); what the
 * callback gets (status, host and service pointing into the request);
 * req->type and active_reqs; refusals (NULL request or address, a family
 * other than IPv4/IPv6) and a resolver error (bad flags), which gives the
 * callback NULL names. */
#include "dns_common.h"

#include <sys/un.h>

#define N 3

static uv_loop_t loop;
static uv_getnameinfo_t reqs[N];
static int calls[N], statuses[N], in_req[N];
static char hosts[N][64], services[N][64];

static void on_nameinfo(uv_getnameinfo_t* req, int status, const char* host,
                        const char* service) {
  int i = (int) (req - reqs);
  calls[i]++;
  statuses[i] = status;
  in_req[i] = host == req->host && service == req->service;
  snprintf(hosts[i], sizeof hosts[i], "%s", host ? host : "(NULL)");
  snprintf(services[i], sizeof services[i], "%s", service ? service : "(NULL)");
}

int main(void) {
  const int numeric = NI_NUMERICHOST | NI_NUMERICSERV;
  struct sockaddr_in a4;
  struct sockaddr_in6 a6, scoped;
  struct sockaddr_un un;
  uv_getnameinfo_t req;
  int i, r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_ip4_addr("127.0.0.1", 80, &a4));
  CHECK(0 == uv_ip6_addr("::1", 8080, &a6));
  CHECK(0 == uv_ip6_addr("fe80::1", 443, &scoped));
  scoped.sin6_scope_id = 1;

  CHECK(0 == uv_getnameinfo(&loop, &reqs[0], on_nameinfo, (struct sockaddr*) &a4, numeric));
  CHECK(0 == uv_getnameinfo(&loop, &reqs[1], on_nameinfo, (struct sockaddr*) &a6, numeric));
  CHECK(0 == uv_getnameinfo(&loop, &reqs[2], on_nameinfo, (struct sockaddr*) &a4, 0x40000));
  T("queued %d: type is GETNAMEINFO: %s, loop set: %s, active_reqs %u", N,
    yesno(reqs[0].type == UV_GETNAMEINFO), yesno(reqs[0].loop == &loop),
    loop.active_reqs.count);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, active_reqs %u", r, loop.active_reqs.count);
  for (i = 0; i < N; i++)
    T("request %d: callback ran %d, status %s, host %s, service %s, names in the request: %s",
      i, calls[i], ename(statuses[i]), hosts[i], services[i], yesno(in_req[i]));

  memset(&req, 0, sizeof req);
  r = uv_getnameinfo(&loop, &req, NULL, (struct sockaddr*) &a4, numeric);
  T("sync 127.0.0.1 -> %s: host %s, service %s, type is GETNAMEINFO: %s", ename(r),
    req.host, req.service, yesno(req.type == UV_GETNAMEINFO));
  r = uv_getnameinfo(&loop, &req, NULL, (struct sockaddr*) &a6, numeric | NI_DGRAM);
  T("sync ::1 -> %s: host %s, service %s", ename(r), req.host, req.service);
  r = uv_getnameinfo(&loop, &req, NULL, (struct sockaddr*) &scoped, numeric);
  T("sync fe80::1 scope 1 -> %s: host %s, service %s", ename(r), req.host, req.service);
  r = uv_getnameinfo(&loop, &req, NULL, (struct sockaddr*) &a4, 0x40000);
  T("sync bad flags -> %s", ename(r));
  T("active_reqs after synchronous calls: %u", loop.active_reqs.count);

  T("NULL request: %s",
    ename(uv_getnameinfo(&loop, NULL, NULL, (struct sockaddr*) &a4, numeric)));
  T("NULL address: %s", ename(uv_getnameinfo(&loop, &req, NULL, NULL, numeric)));
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  T("AF_UNIX address: %s",
    ename(uv_getnameinfo(&loop, &req, on_nameinfo, (struct sockaddr*) &un, numeric)));
  a4.sin_family = AF_UNSPEC;
  T("AF_UNSPEC address: %s",
    ename(uv_getnameinfo(&loop, &req, NULL, (struct sockaddr*) &a4, numeric)));
  finish_loop(&loop);
  return 0;
}
