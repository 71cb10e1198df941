/* uv_getaddrinfo of numeric hosts ("127.0.0.1", "::1"), asynchronous and
 * synchronous. The request's type, loop and data fields; active_reqs.count
 * while lookups are pending (and uv_loop_close's EBUSY then); what each
 * callback gets (status, res == req->addrinfo, the entries); a request
 * reused from its own callback; the synchronous form's return value and
 * req->addrinfo, and that it leaves active_reqs alone; uv_freeaddrinfo(NULL). */
#include "dns_common.h"

#define N 3

static uv_loop_t loop;
static uv_getaddrinfo_t reqs[N];
static const char* names[N] = {"v4", "v6", "no hints"};
static int statuses[N], calls[N], res_is_field[N];
static struct addrinfo* results[N];
static uv_getaddrinfo_t reused;
static int reuse_calls;

static void on_addrinfo(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  int i = (int) (req - reqs);
  calls[i]++;
  statuses[i] = status;
  res_is_field[i] = res == req->addrinfo;
  results[i] = res;
  CHECK(req->data == &reqs[i]);
}

static void on_reused(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  struct addrinfo hints = make_hints(AF_INET6, SOCK_DGRAM, AI_NUMERICHOST);
  reuse_calls++;
  T("reused request, call %d: status %s", reuse_calls, ename(status));
  print_addrinfo("reused", res);
  uv_freeaddrinfo(res);
  if (reuse_calls == 1)
    CHECK(0 == uv_getaddrinfo(req->loop, req, on_reused, "::1", "53", &hints));
}

int main(void) {
  struct addrinfo v4 = make_hints(AF_UNSPEC, SOCK_STREAM, AI_NUMERICHOST);
  struct addrinfo v6 = make_hints(AF_INET6, SOCK_STREAM, AI_NUMERICHOST);
  struct addrinfo dgram = make_hints(AF_INET, SOCK_DGRAM, AI_NUMERICHOST);
  uv_getaddrinfo_t sync_req;
  int i, r;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < N; i++) reqs[i].data = &reqs[i];
  CHECK(0 == uv_getaddrinfo(&loop, &reqs[0], on_addrinfo, "127.0.0.1", "8080", &v4));
  CHECK(0 == uv_getaddrinfo(&loop, &reqs[1], on_addrinfo, "::1", "8080", &v6));
  CHECK(0 == uv_getaddrinfo(&loop, &reqs[2], on_addrinfo, "10.1.2.3", NULL, NULL));
  T("queued %d: type is GETADDRINFO: %s, loop set: %s, active_reqs %u", N,
    yesno(reqs[0].type == UV_GETADDRINFO), yesno(reqs[0].loop == &loop),
    loop.active_reqs.count);
  T("loop_close while pending: %s", ename(uv_loop_close(&loop)));
  T("alive: %s", yesno(uv_loop_alive(&loop)));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, active_reqs %u", r, loop.active_reqs.count);
  for (i = 0; i < N; i++) {
    T("%s: callback ran %d, status %s, res is req->addrinfo: %s", names[i],
      calls[i], ename(statuses[i]), yesno(res_is_field[i]));
    print_addrinfo(names[i], results[i]);
    uv_freeaddrinfo(results[i]);
  }

  CHECK(0 == uv_getaddrinfo(&loop, &reused, on_reused, "127.0.0.1", "53", &dgram));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, reused request called back %d times", r, reuse_calls);

  memset(&sync_req, 0, sizeof sync_req);
  r = uv_getaddrinfo(&loop, &sync_req, NULL, "::1", "443", &v6);
  T("sync ::1 -> %s, type is GETADDRINFO: %s, active_reqs %u", ename(r),
    yesno(sync_req.type == UV_GETADDRINFO), loop.active_reqs.count);
  print_addrinfo("sync", sync_req.addrinfo);
  uv_freeaddrinfo(sync_req.addrinfo);
  r = uv_getaddrinfo(&loop, &sync_req, NULL, "127.0.0.1", NULL, &v4);
  T("sync 127.0.0.1 without service -> %s", ename(r));
  print_addrinfo("sync", sync_req.addrinfo);
  uv_freeaddrinfo(sync_req.addrinfo);
  uv_freeaddrinfo(NULL);
  T("uv_freeaddrinfo(NULL) returned");
  finish_loop(&loop);
  return 0;
}
