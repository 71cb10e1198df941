/* uv_fs_poll (10 ms) on an existing file, and its API: getpath before start
 * (EINVAL), start (0), start again while active (0, no change), getpath
 * (0, size = length; ENOBUFS with the required size when too small). With a
 * one-thread pool, an async uv_fs_stat queued right after start completes
 * after the poll's first stat, so its callback knows the baseline is taken:
 * it changes the file (3 -> 8 bytes, renamed into place) and the poll
 * callback reports status 0, prev size 3, curr size 8; a 20 ms timer then
 * makes the second change (8 -> 20 bytes): prev 8, curr 20; the callback
 * stops the poll. A poll on an unchanged file makes no callback. */
#include "fs_common.h"

static uv_fs_poll_t poll_h, quiet;
static uv_timer_t timer;
static uv_fs_t stat_req;
static int calls;

static void put(const char* content) {
  mkfile("tmp", content, 0644);
  CHECK(0 == rename("tmp", "file"));
}

static void gp(uv_fs_poll_t* h, const char* label, size_t size) {
  char buf[64];
  size_t sz = size;
  int r = uv_fs_poll_getpath(h, buf, &sz);
  T("getpath %s (size %zu) -> %s, size now %zu%s%s%s", label, size,
    rs(r, FS_NUM), sz, r == 0 ? ", \"" : "", r == 0 ? buf : "",
    r == 0 ? "\"" : "");
}

static void timer_cb(uv_timer_t* t) {
  (void) t;
  T("timer: replace file (20 bytes)");
  put("abcdefghijklmnopqrst");
}

static void poll_cb(uv_fs_poll_t* h, int status, const uv_stat_t* prev,
                    const uv_stat_t* curr) {
  calls++;
  CHECK(h == &poll_h);
  T("poll callback %d: status %s, prev size %llu, curr size %llu", calls,
    rs(status, FS_NUM), (unsigned long long) prev->st_size,
    (unsigned long long) curr->st_size);
  if (calls == 1) {
    CHECK(0 == uv_timer_start(&timer, timer_cb, 20, 0));
  } else {
    int r = uv_fs_poll_stop(h);
    T("stop -> %s, active %d", rs(r, FS_NUM), uv_is_active((uv_handle_t*) h));
    gp(h, "after stop", 64);
    uv_close((uv_handle_t*) h, NULL);
    uv_close((uv_handle_t*) &quiet, NULL);
    uv_close((uv_handle_t*) &timer, NULL);
  }
}

static void quiet_cb(uv_fs_poll_t* h, int status, const uv_stat_t* prev,
                     const uv_stat_t* curr) {
  (void) h; (void) status; (void) prev; (void) curr;
  T("unexpected callback for the unchanged file");
}

static void stat_cb(uv_fs_t* req) {
  T("stat callback: result %s, size %llu; baseline taken: change the file "
    "(8 bytes)", rs(req->result, FS_NUM),
    (unsigned long long) req->statbuf.st_size);
  uv_fs_req_cleanup(req);
  put("abcdefgh");
}

int main(void) {
  int r;
  CHECK(0 == setenv("UV_THREADPOOL_SIZE", "1", 1));
  fs_setup("poll_change");
  mkfile("file", "abc", 0644);
  mkfile("unchanged", "same", 0644);
  CHECK(0 == uv_timer_init(loop, &timer));
  CHECK(0 == uv_fs_poll_init(loop, &poll_h));
  CHECK(0 == uv_fs_poll_init(loop, &quiet));
  gp(&poll_h, "before start", 64);
  r = uv_fs_poll_start(&poll_h, poll_cb, "file", 10);
  T("start -> %s, active %d", rs(r, FS_NUM), uv_is_active((uv_handle_t*) &poll_h));
  r = uv_fs_poll_start(&poll_h, poll_cb, "unchanged", 10);
  T("start again on another path -> %s", rs(r, FS_NUM));
  gp(&poll_h, "large buffer", 64);
  gp(&poll_h, "exactly strlen", 4);
  gp(&poll_h, "too small", 2);
  CHECK(0 == uv_fs_poll_start(&quiet, quiet_cb, "unchanged", 10));
  CHECK(0 == uv_fs_stat(loop, &stat_req, "file", stat_cb));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d, callbacks %d", r, calls);
  fs_teardown();
  return 0;
}
