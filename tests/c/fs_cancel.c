/* uv_cancel on queued fs requests. UV_THREADPOOL_SIZE=4 and all four pool
 * threads are blocked in uv_queue_work jobs waiting on a semaphore; then
 * fs requests of several kinds are queued (stat, open, write with 5 bufs,
 * read, mkdir, scandir, realpath, mkdtemp, readlink, copyfile) and
 * cancelled: uv_cancel returns 0 (and again 0 for a second cancel before the
 * loop ran), the callbacks get req->result UV_ECANCELED, none of the
 * operations happened (mkdir'd directory, copy and temp directory absent,
 * file still empty), and a request queued but not cancelled still runs.
 * uv_cancel on a finished fs request is EBUSY. */
#include "fs_common.h"

#define BLOCKERS 4
#define NREQ 10

static uv_work_t blockers[BLOCKERS];
static uv_sem_t started, release;
static uv_fs_t reqs[NREQ + 1];
static const char* names[NREQ + 1] = {
  "stat", "open", "write (5 bufs)", "read", "mkdir", "scandir", "realpath",
  "mkdtemp", "readlink", "copyfile", "stat (not cancelled)",
};
static int called[NREQ + 1];
static ssize_t results[NREQ + 1];
static int after_status[BLOCKERS];

static void block_cb(uv_work_t* w) {
  (void) w;
  uv_sem_post(&started);
  uv_sem_wait(&release);
}

static void block_after(uv_work_t* w, int status) {
  after_status[w - blockers] = status;
}

static void fs_cb(uv_fs_t* req) {
  int i = (int) (req - reqs);
  called[i]++;
  results[i] = req->result;
}

int main(void) {
  int i, r, fd;
  char rb[8];
  uv_buf_t wb[5], rbuf = uv_buf_init(rb, sizeof rb);
  CHECK(0 == setenv("UV_THREADPOOL_SIZE", "4", 1));
  fs_setup("cancel");
  mkfile("file", "", 0644);
  CHECK(0 == symlink("file", "link"));
  fd = open("file", O_RDWR);
  CHECK(fd >= 0);
  for (i = 0; i < 5; i++) wb[i] = uv_buf_init("abc", 3);
  CHECK(0 == uv_sem_init(&started, 0) && 0 == uv_sem_init(&release, 0));
  for (i = 0; i < BLOCKERS; i++)
    CHECK(0 == uv_queue_work(loop, &blockers[i], block_cb, block_after));
  for (i = 0; i < BLOCKERS; i++) uv_sem_wait(&started);
  T("%d pool threads blocked", BLOCKERS);

  CHECK(0 == uv_fs_stat(loop, &reqs[0], "file", fs_cb));
  CHECK(0 == uv_fs_open(loop, &reqs[1], "file", UV_FS_O_RDONLY, 0, fs_cb));
  CHECK(0 == uv_fs_write(loop, &reqs[2], fd, wb, 5, 0, fs_cb));
  CHECK(0 == uv_fs_read(loop, &reqs[3], fd, &rbuf, 1, 0, fs_cb));
  CHECK(0 == uv_fs_mkdir(loop, &reqs[4], "newdir", 0755, fs_cb));
  CHECK(0 == uv_fs_scandir(loop, &reqs[5], ".", 0, fs_cb));
  CHECK(0 == uv_fs_realpath(loop, &reqs[6], "file", fs_cb));
  CHECK(0 == uv_fs_mkdtemp(loop, &reqs[7], "tmp-XXXXXX", fs_cb));
  CHECK(0 == uv_fs_readlink(loop, &reqs[8], "link", fs_cb));
  CHECK(0 == uv_fs_copyfile(loop, &reqs[9], "file", "copy", 0, fs_cb));
  CHECK(0 == uv_fs_stat(loop, &reqs[10], "file", fs_cb));
  T("queued %d fs requests, active reqs %u", NREQ + 1,
    loop->active_reqs.count);
  for (i = 0; i < NREQ; i++) {
    r = uv_cancel((uv_req_t*) &reqs[i]);
    T("cancel %s -> %s", names[i], rs(r, FS_NUM));
  }
  r = uv_cancel((uv_req_t*) &reqs[0]);
  T("cancel stat again -> %s", rs(r, FS_NUM));
  T("callbacks before the loop runs: %d", called[0] + called[9]);
  for (i = 0; i < BLOCKERS; i++) uv_sem_post(&release);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  for (i = 0; i <= NREQ; i++) {
    T("%s: callback ran %d, result %s, type %s", names[i], called[i],
      rs(results[i], FS_NUM), fs_type_name(reqs[i].fs_type));
    if (i == 1 && results[i] >= 0) CHECK(0 == close((int) results[i]));
  }
  for (i = 0; i < BLOCKERS; i++)
    T("blocker %d after_work status %s", i, rs(after_status[i], FS_NUM));
  T("newdir exists: %s, copy exists: %s, file size: %d", yesno(exists("newdir")),
    yesno(exists("copy")), (int) strlen(slurp("file")));
  {
    uv_fs_t sc;
    uv_dirent_t ent;
    int n = 0;
    CHECK(uv_fs_scandir(NULL, &sc, ".", 0, NULL) >= 0);
    while (uv_fs_scandir_next(&sc, &ent) == 0) n++;
    uv_fs_req_cleanup(&sc);
    T("entries in the directory: %d (file, link)", n);
  }
  r = uv_cancel((uv_req_t*) &reqs[10]);
  T("cancel finished stat -> %s", rs(r, FS_NUM));
  /* Not done: uv_cancel on a request that was cancelled and whose callback
   * already ran returns 0 in libuv 1.44 and puts it back on the loop's work
   * queue, which then trips an assertion in uv_loop_close. */
  for (i = 0; i <= NREQ; i++) uv_fs_req_cleanup(&reqs[i]);
  CHECK(0 == close(fd));
  uv_sem_destroy(&started);
  uv_sem_destroy(&release);
  fs_teardown();
  return 0;
}
