/* 1000 idle and 1000 check handles: idle and check callbacks
 * run in exact reverse start order; after stopping every other one, the
 * rest still do; 1000 handles closed at once get their close callbacks in
 * exact reverse close order; uv_walk sees them all in init order. */
#include "common.h"

#define N 1000

static uv_idle_t idles[N];
static uv_check_t checks[N];
static int idle_seq[N], check_seq[N], close_seq[N];
static int idle_n, check_n, close_n, walk_n, walk_ok = 1;

static void idle_cb(uv_idle_t* h) { idle_seq[idle_n++] = (int) (h - idles); }
static void check_cb(uv_check_t* h) { check_seq[check_n++] = (int) (h - checks); }
static void close_cb(uv_handle_t* h) {
  close_seq[close_n++] = (int) ((uv_idle_t*) h - idles);
}

static void walk_cb(uv_handle_t* h, void* arg) {
  (void) arg;
  if (h->type == UV_IDLE) {
    if ((uv_idle_t*) h != &idles[walk_n]) walk_ok = 0;
    walk_n++;
  }
}

int main(void) {
  uv_loop_t loop;
  int i, ok;

  CHECK(0 == uv_loop_init(&loop));
  for (i = 0; i < N; i++) {
    CHECK(0 == uv_idle_init(&loop, &idles[i]));
    CHECK(0 == uv_check_init(&loop, &checks[i]));
  }
  for (i = 0; i < N; i++) CHECK(0 == uv_idle_start(&idles[i], idle_cb));
  for (i = N - 1; i >= 0; i--) CHECK(0 == uv_check_start(&checks[i], check_cb));
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));
  ok = idle_n == N;
  for (i = 0; i < idle_n; i++) ok = ok && idle_seq[i] == N - 1 - i;
  T("idle: %d callbacks, reverse start order: %s", idle_n, yesno(ok));
  ok = check_n == N;
  for (i = 0; i < check_n; i++) ok = ok && check_seq[i] == i;
  T("check (started last to first): %d callbacks, first-to-last order: %s",
    check_n, yesno(ok));

  for (i = 0; i < N; i += 2) {
    CHECK(0 == uv_idle_stop(&idles[i]));
    CHECK(0 == uv_check_stop(&checks[i]));
  }
  idle_n = check_n = 0;
  CHECK(1 == uv_run(&loop, UV_RUN_NOWAIT));
  ok = idle_n == N / 2;
  for (i = 0; i < idle_n; i++) ok = ok && idle_seq[i] == N - 1 - 2 * i;
  T("after stopping the even ones: idle %d callbacks, order kept: %s", idle_n,
    yesno(ok));
  ok = check_n == N / 2;
  for (i = 0; i < check_n; i++) ok = ok && check_seq[i] == 2 * i + 1;
  T("check %d callbacks, order kept: %s", check_n, yesno(ok));

  uv_walk(&loop, walk_cb, NULL);
  T("walk: %d idle handles in init order: %s", walk_n, yesno(walk_ok));

  for (i = 0; i < N; i++) uv_close((uv_handle_t*) &idles[(i * 7) % N], close_cb);
  for (i = 0; i < N; i++) uv_close((uv_handle_t*) &checks[i], NULL);
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  ok = close_n == N;
  for (i = 0; i < close_n; i++) ok = ok && close_seq[i] == ((N - 1 - i) * 7) % N;
  T("close callbacks: %d, reverse close order: %s", close_n, yesno(ok));
  finish_loop(&loop);
  return 0;
}
