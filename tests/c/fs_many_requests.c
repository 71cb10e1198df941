/* 1000 asynchronous fs requests in flight at once, three rounds on one file:
 * 1000 uv_fs_write at distinct offsets (4 bytes each), then 1000 uv_fs_read
 * of those slots, then 1000 uv_fs_stat, then 500 uv_fs_open + 500
 * uv_fs_close (500 so that a 1024 descriptor limit is no problem). Every callback runs exactly once, on the loop thread, with
 * the right result; only counts are printed (completion order is not). */
#include "fs_common.h"

#define N 1000

static uv_fs_t reqs[N];
static char wbuf[N][4], rbuf[N][4];
static int calls[N], good, total;

static void cb(uv_fs_t* req) {
  int i = (int) (req - reqs);
  uv_thread_t self = uv_thread_self();
  CHECK(uv_thread_equal(&self, &fs_main_thread));
  calls[i]++;
  total++;
  switch (req->fs_type) {
    case UV_FS_WRITE:
      good += req->result == 4;
      break;
    case UV_FS_READ:
      good += req->result == 4 && memcmp(rbuf[i], wbuf[i], 4) == 0;
      break;
    case UV_FS_STAT:
      good += req->result == 0 && req->statbuf.st_size == 4 * N;
      break;
    case UV_FS_OPEN:
      good += req->result >= 0;
      break;
    case UV_FS_CLOSE:
      good += req->result == 0;
      break;
    default:
      CHECK(0);
  }
}

static void round_end(const char* what, int n) {
  int i, once = 0, r;
  T("%s: %d submitted, active reqs %u", what, n, loop->active_reqs.count);
  r = uv_run(loop, UV_RUN_DEFAULT);
  for (i = 0; i < n; i++) once += calls[i] == 1;
  T("  run -> %d, callbacks %d, each once %d, good results %d", r, total, once,
    good);
  total = good = 0;
  memset(calls, 0, sizeof calls);
}

int main(void) {
  int i, fd;
  uv_file fds[N / 2];
  fs_setup("many");
  fd = open("file", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0);
  for (i = 0; i < N; i++) {
    uv_buf_t b;
    snprintf(wbuf[i], 4, "%03d", i);
    wbuf[i][3] = '\n';
    b = uv_buf_init(wbuf[i], 4);
    CHECK(0 == uv_fs_write(loop, &reqs[i], fd, &b, 1, (int64_t) i * 4, cb));
  }
  round_end("writes", N);
  for (i = 0; i < N; i++) uv_fs_req_cleanup(&reqs[i]);
  for (i = 0; i < N; i++) {
    uv_buf_t b = uv_buf_init(rbuf[i], 4);
    CHECK(0 == uv_fs_read(loop, &reqs[i], fd, &b, 1, (int64_t) i * 4, cb));
  }
  round_end("reads", N);
  for (i = 0; i < N; i++) uv_fs_req_cleanup(&reqs[i]);
  for (i = 0; i < N; i++)
    CHECK(0 == uv_fs_stat(loop, &reqs[i], "file", cb));
  round_end("stats", N);
  for (i = 0; i < N; i++) uv_fs_req_cleanup(&reqs[i]);
  for (i = 0; i < N / 2; i++)
    CHECK(0 == uv_fs_open(loop, &reqs[i], "file", UV_FS_O_RDONLY, 0, cb));
  round_end("opens", N / 2);
  for (i = 0; i < N / 2; i++) {
    fds[i] = (uv_file) reqs[i].result;
    uv_fs_req_cleanup(&reqs[i]);
  }
  for (i = 0; i < N / 2; i++)
    CHECK(0 == uv_fs_close(loop, &reqs[i], fds[i], cb));
  round_end("closes", N / 2);
  for (i = 0; i < N / 2; i++) uv_fs_req_cleanup(&reqs[i]);
  CHECK(0 == close(fd));
  fs_teardown();
  return 0;
}
