/* Request plumbing: every uv_fs_* call with req NULL returns UV_EINVAL at
 * once (sync and async); a sync call works with loop NULL; uv_fs_req_cleanup
 * on NULL, on a zeroed request, twice on the same request, and on requests
 * that own memory (scandir, realpath, readlink, mkdtemp, statfs, write with
 * many bufs) frees it (meant for valgrind); a request can be reused for a
 * different operation after cleanup; req->data is left alone by the calls;
 * req->loop and req->cb are what was passed. */
#include "fs_common.h"

static void cb(uv_fs_t* req) { (void) req; }

int main(void) {
  int m, fd;
  uv_fs_t req;
  uv_buf_t b = uv_buf_init("x", 1), many[20];
  int i;
  fs_setup("req_null");
  mkfile("file", "abc", 0644);
  CHECK(0 == symlink("file", "link"));
  for (i = 0; i < 20; i++) many[i] = uv_buf_init("y", 1);
  for (m = 0; m < 2; m++) {
    uv_fs_cb c = m ? cb : NULL;
    T("-- %s, req NULL", mode_name(m));
    T("open %s", rs(uv_fs_open(loop, NULL, "file", 0, 0, c), FS_NUM));
    T("close %s", rs(uv_fs_close(loop, NULL, 0, c), FS_NUM));
    T("read %s", rs(uv_fs_read(loop, NULL, 0, &b, 1, 0, c), FS_NUM));
    T("write %s", rs(uv_fs_write(loop, NULL, 0, &b, 1, 0, c), FS_NUM));
    T("stat %s", rs(uv_fs_stat(loop, NULL, "file", c), FS_NUM));
    T("lstat %s", rs(uv_fs_lstat(loop, NULL, "file", c), FS_NUM));
    T("fstat %s", rs(uv_fs_fstat(loop, NULL, 0, c), FS_NUM));
    T("unlink %s", rs(uv_fs_unlink(loop, NULL, "nothing", c), FS_NUM));
    T("mkdir %s", rs(uv_fs_mkdir(loop, NULL, "nothing", 0755, c), FS_NUM));
    T("mkdtemp %s", rs(uv_fs_mkdtemp(loop, NULL, "tXXXXXX", c), FS_NUM));
    T("mkstemp %s", rs(uv_fs_mkstemp(loop, NULL, "tXXXXXX", c), FS_NUM));
    T("rmdir %s", rs(uv_fs_rmdir(loop, NULL, "nothing", c), FS_NUM));
    T("scandir %s", rs(uv_fs_scandir(loop, NULL, ".", 0, c), FS_NUM));
    T("opendir %s", rs(uv_fs_opendir(loop, NULL, ".", c), FS_NUM));
    T("rename %s", rs(uv_fs_rename(loop, NULL, "a", "b", c), FS_NUM));
    T("fsync %s", rs(uv_fs_fsync(loop, NULL, 0, c), FS_NUM));
    T("ftruncate %s", rs(uv_fs_ftruncate(loop, NULL, 0, 0, c), FS_NUM));
    T("copyfile %s", rs(uv_fs_copyfile(loop, NULL, "file", "c", 0, c), FS_NUM));
    T("sendfile %s", rs(uv_fs_sendfile(loop, NULL, 1, 0, 0, 1, c), FS_NUM));
    T("access %s", rs(uv_fs_access(loop, NULL, "file", 0, c), FS_NUM));
    T("chmod %s", rs(uv_fs_chmod(loop, NULL, "file", 0644, c), FS_NUM));
    T("utime %s", rs(uv_fs_utime(loop, NULL, "file", 1, 1, c), FS_NUM));
    T("link %s", rs(uv_fs_link(loop, NULL, "file", "l2", c), FS_NUM));
    T("symlink %s", rs(uv_fs_symlink(loop, NULL, "file", "l3", 0, c), FS_NUM));
    T("readlink %s", rs(uv_fs_readlink(loop, NULL, "link", c), FS_NUM));
    T("realpath %s", rs(uv_fs_realpath(loop, NULL, "file", c), FS_NUM));
    T("chown %s", rs(uv_fs_chown(loop, NULL, "file", -1, -1, c), FS_NUM));
    T("statfs %s", rs(uv_fs_statfs(loop, NULL, ".", c), FS_NUM));
    T("active reqs %u", loop->active_reqs.count);
  }
  T("-- loop NULL, sync");
  CHECK(0 == uv_fs_stat(NULL, &req, "file", NULL));
  T("stat with loop NULL: size %llu, req->loop NULL %s",
    (unsigned long long) req.statbuf.st_size, yesno(req.loop == NULL));
  uv_fs_req_cleanup(&req);
  T("-- cleanup");
  uv_fs_req_cleanup(NULL);
  T("cleanup(NULL) returned");
  memset(&req, 0, sizeof req);
  uv_fs_req_cleanup(&req);
  T("cleanup of a zeroed req returned");
  for (m = 0; m < 2; m++) {
    T("-- %s, reuse one request", mode_name(m));
    req.data = &req;
    fs_done(m, "scandir", &req, uv_fs_scandir(loop, &req, ".", 0, CB(m)), ".",
            FS_NUM);
    T("  data kept %s, loop %s, cb set %s", yesno(req.data == &req),
      yesno(req.loop == loop), yesno(m ? req.cb == fs_note_cb : req.cb == NULL));
    uv_fs_req_cleanup(&req);
    uv_fs_req_cleanup(&req);
    fs_done(m, "realpath", &req, uv_fs_realpath(loop, &req, "link", CB(m)),
            "link", FS_NUM);
    uv_fs_req_cleanup(&req);
    fs_done(m, "readlink", &req, uv_fs_readlink(loop, &req, "link", CB(m)),
            "link", FS_NUM);
    uv_fs_req_cleanup(&req);
    fs_done(m, "mkdtemp", &req, uv_fs_mkdtemp(loop, &req, "tXXXXXX", CB(m)),
            "tXXXXXX", FS_NUM);
    CHECK(0 == rmdir(req.path));
    uv_fs_req_cleanup(&req);
    T("  path NULL after cleanup %s", yesno(req.path == NULL));
    fs_done(m, "statfs", &req, uv_fs_statfs(loop, &req, ".", CB(m)), ".",
            FS_NUM);
    uv_fs_req_cleanup(&req);
    fd = open("file", O_WRONLY);
    CHECK(fd >= 0);
    fs_done(m, "write 20 bufs", &req,
            uv_fs_write(loop, &req, fd, many, 20, 0, CB(m)), NULL, FS_NUM);
    uv_fs_req_cleanup(&req);
    uv_fs_req_cleanup(&req);
    CHECK(0 == close(fd));
    T("  data still kept %s", yesno(req.data == &req));
  }
  fs_teardown();
  return 0;
}
