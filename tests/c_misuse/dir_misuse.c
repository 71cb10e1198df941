/* Directories from uv_fs_opendir used wrongly: a second closedir, a readdir
 * after closedir, zeroed and garbage uv_dir_t memory, and a readdir or
 * closedir while another readdir of the same directory is under way. libuv
 * 1.44 follows the pointer each time (a double free, reads of freed or
 * garbage memory, a race with a pool thread); ruv answers UV_EINVAL for a
 * directory that is not open and UV_EBUSY for one being read.
 *
 * The pool is given one thread, held by a work item, so the readdir queued
 * behind it is deterministically under way when closedir comes. */
#include "misuse.h"

static uv_sem_t started;
static uv_sem_t gate;
static int blocker_status = 1;
static ssize_t cancelled_result = 1;

static void hold_the_pool(uv_work_t* w) {
  (void) w;
  uv_sem_post(&started);
  uv_sem_wait(&gate);
}

static void after_hold(uv_work_t* w, int status) {
  (void) w;
  blocker_status = status;
}

static void readdir_cb(uv_fs_t* req) {
  cancelled_result = req->result;
  uv_fs_req_cleanup(req);
}

int main(void) {
  uv_loop_t loop;
  uv_work_t blocker;
  uv_fs_t req, queued, other;
  uv_dir_t* dir;
  uv_dir_t zeroed, garbage;
  uv_dirent_t entries[8];
  int n;

  no_core_dumps();
  CHECK(0 == setenv("UV_THREADPOOL_SIZE", "1", 1));
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_sem_init(&started, 0));
  CHECK(0 == uv_sem_init(&gate, 0));
  memset(&zeroed, 0, sizeof zeroed);
  memset(&garbage, 0x5a, sizeof garbage);

  R("opendir", uv_fs_opendir(NULL, &req, ".", NULL));
  dir = req.ptr;
  uv_fs_req_cleanup(&req);
  R("readdir, no entry array", uv_fs_readdir(NULL, &req, dir, NULL));
  uv_fs_req_cleanup(&req);
  dir->dirents = entries;
  dir->nentries = 8;
  n = uv_fs_readdir(NULL, &req, dir, NULL);
  T("readdir: %s", n > 0 ? "entries" : ename(n));
  /* Its names are freed after the directory is closed: cleanup must not
   * go back to the freed directory for its entry array. */

  R("readdir of a zeroed uv_dir_t", uv_fs_readdir(NULL, &other, &zeroed, NULL));
  R("closedir of a zeroed uv_dir_t", uv_fs_closedir(NULL, &other, &zeroed, NULL));
  R("readdir of a garbage uv_dir_t", uv_fs_readdir(NULL, &other, &garbage, NULL));
  R("closedir of a garbage uv_dir_t", uv_fs_closedir(NULL, &other, &garbage, NULL));
  R("readdir of NULL", uv_fs_readdir(NULL, &other, NULL, NULL));

  CHECK(0 == uv_queue_work(&loop, &blocker, hold_the_pool, after_hold));
  uv_sem_wait(&started);
  R("readdir, queued", uv_fs_readdir(&loop, &queued, dir, readdir_cb));
  R("closedir while a readdir is under way", uv_fs_closedir(NULL, &other, dir, NULL));
  R("readdir while a readdir is under way", uv_fs_readdir(NULL, &other, dir, NULL));
  R("cancel the queued readdir", uv_cancel((uv_req_t*) &queued));
  uv_sem_post(&gate);
  R("run", uv_run(&loop, UV_RUN_DEFAULT));
  T("cancelled readdir: %s", ename((int) cancelled_result));
  T("pool holder: %s", ename(blocker_status));

  R("closedir", uv_fs_closedir(NULL, &other, dir, NULL));
  uv_fs_req_cleanup(&other);
  uv_fs_req_cleanup(&req);
  R("closedir again", uv_fs_closedir(NULL, &other, dir, NULL));
  R("readdir after closedir", uv_fs_readdir(NULL, &other, dir, NULL));

  uv_sem_destroy(&started);
  uv_sem_destroy(&gate);
  finish_loop(&loop);
  return 0;
}
