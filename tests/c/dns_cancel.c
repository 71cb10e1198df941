/* uv_cancel on queued getaddrinfo and getnameinfo requests. With
 * UV_THREADPOOL_SIZE=4, all four workers are blocked in uv_queue_work jobs;
 * then two lookups of each kind are queued and one of each cancelled:
 * uv_cancel returns 0 (and 0 again before the loop ran), the callbacks of
 * the cancelled ones get UV_EAI_CANCELED (getaddrinfo with res NULL,
 * getnameinfo with NULL names), the others complete once the workers are
 * released. Cancelling a request whose callback ran is EBUSY. */
#include "dns_common.h"

#define BLOCKERS 4

static uv_loop_t loop;
static uv_work_t blockers[BLOCKERS];
static uv_sem_t started, release;
static uv_getaddrinfo_t ga[2];
static uv_getnameinfo_t gn[2];
static int ga_calls[2], ga_status[2], ga_res_null[2];
static int gn_calls[2], gn_status[2], gn_names_null[2];
static char gn_host[2][64];

static void block_cb(uv_work_t* w) {
  (void) w;
  uv_sem_post(&started);
  uv_sem_wait(&release);
}

static void block_after(uv_work_t* w, int status) {
  (void) w;
  CHECK(status == 0);
}

static void on_addrinfo(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  int i = (int) (req - ga);
  ga_calls[i]++;
  ga_status[i] = status;
  ga_res_null[i] = res == NULL;
  uv_freeaddrinfo(res);
}

static void on_nameinfo(uv_getnameinfo_t* req, int status, const char* host,
                        const char* service) {
  int i = (int) (req - gn);
  gn_calls[i]++;
  gn_status[i] = status;
  gn_names_null[i] = host == NULL && service == NULL;
  snprintf(gn_host[i], sizeof gn_host[i], "%s", host ? host : "(NULL)");
}

int main(void) {
  struct addrinfo hints = make_hints(AF_INET, SOCK_STREAM, AI_NUMERICHOST);
  struct sockaddr_in addr;
  int i, r;

  CHECK(0 == setenv("UV_THREADPOOL_SIZE", "4", 1));
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_sem_init(&started, 0) && 0 == uv_sem_init(&release, 0));
  for (i = 0; i < BLOCKERS; i++)
    CHECK(0 == uv_queue_work(&loop, &blockers[i], block_cb, block_after));
  for (i = 0; i < BLOCKERS; i++) uv_sem_wait(&started);
  T("%d pool threads blocked", BLOCKERS);

  CHECK(0 == uv_ip4_addr("127.0.0.1", 80, &addr));
  for (i = 0; i < 2; i++) {
    CHECK(0 == uv_getaddrinfo(&loop, &ga[i], on_addrinfo, "127.0.0.1", "80", &hints));
    CHECK(0 == uv_getnameinfo(&loop, &gn[i], on_nameinfo, (struct sockaddr*) &addr,
                              NI_NUMERICHOST | NI_NUMERICSERV));
  }
  T("queued 4 lookups, active_reqs %u", loop.active_reqs.count);
  T("cancel getaddrinfo 0 -> %s", ename(uv_cancel((uv_req_t*) &ga[0])));
  T("cancel getnameinfo 0 -> %s", ename(uv_cancel((uv_req_t*) &gn[0])));
  T("cancel getaddrinfo 0 again -> %s", ename(uv_cancel((uv_req_t*) &ga[0])));
  T("cancel getnameinfo 0 again -> %s", ename(uv_cancel((uv_req_t*) &gn[0])));
  T("callbacks before the loop runs: %d", ga_calls[0] + gn_calls[0]);
  for (i = 0; i < BLOCKERS; i++) uv_sem_post(&release);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d, active_reqs %u", r, loop.active_reqs.count);
  for (i = 0; i < 2; i++) {
    T("getaddrinfo %d: callback ran %d, status %s, res NULL: %s", i, ga_calls[i],
      ename(ga_status[i]), yesno(ga_res_null[i]));
    T("getnameinfo %d: callback ran %d, status %s, names NULL: %s, host %s", i,
      gn_calls[i], ename(gn_status[i]), yesno(gn_names_null[i]), gn_host[i]);
  }
  T("cancel finished getaddrinfo -> %s", ename(uv_cancel((uv_req_t*) &ga[1])));
  T("cancel finished getnameinfo -> %s", ename(uv_cancel((uv_req_t*) &gn[1])));
  uv_sem_destroy(&started);
  uv_sem_destroy(&release);
  finish_loop(&loop);
  return 0;
}
