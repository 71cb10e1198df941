/* uv_fs_read / uv_fs_write argument and descriptor errors, sync and async:
 * NULL bufs with nbufs > 0 and nbufs == 0 are rejected with UV_EINVAL by the
 * call itself (no callback, req->result left at 0); a negative fd, a closed
 * fd, writing to a read-only fd and reading a write-only fd give EBADF from
 * the system; reading a directory fd gives EISDIR. A negative offset other
 * than -1 (here -5) means "current position" too, like -1. */
#include "fs_common.h"

int main(void) {
  int m;
  uv_fs_t req;
  char buf[8] = {0};
  uv_buf_t b = uv_buf_init(buf, sizeof buf);
  int ro, wo, dirfd, closed;
  fs_setup("rw_errors");
  mkfile("f", "contents", 0644);
  ro = open("f", O_RDONLY);
  wo = open("f", O_WRONLY);
  dirfd = open(".", O_RDONLY | O_DIRECTORY);
  closed = open("f", O_RDONLY);
  CHECK(ro >= 0 && wo >= 0 && dirfd >= 0 && closed >= 0);
  CHECK(0 == close(closed));
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    fs_run(m, "read NULL bufs, nbufs 1", &req,
           uv_fs_read(loop, &req, ro, NULL, 1, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "read nbufs 0", &req,
           uv_fs_read(loop, &req, ro, &b, 0, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "write NULL bufs, nbufs 2", &req,
           uv_fs_write(loop, &req, wo, NULL, 2, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "write nbufs 0", &req,
           uv_fs_write(loop, &req, wo, &b, 0, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "read fd -1", &req, uv_fs_read(loop, &req, -1, &b, 1, 0, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "read fd -1 offset -1", &req,
           uv_fs_read(loop, &req, -1, &b, 1, -1, CB(m)), NULL, FS_NUM);
    fs_run(m, "write fd -1", &req, uv_fs_write(loop, &req, -1, &b, 1, 0, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "read closed fd", &req,
           uv_fs_read(loop, &req, closed, &b, 1, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "write to read-only fd", &req,
           uv_fs_write(loop, &req, ro, &b, 1, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "write to read-only fd at -1", &req,
           uv_fs_write(loop, &req, ro, &b, 1, -1, CB(m)), NULL, FS_NUM);
    fs_run(m, "read write-only fd", &req,
           uv_fs_read(loop, &req, wo, &b, 1, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "read directory fd", &req,
           uv_fs_read(loop, &req, dirfd, &b, 1, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "read directory fd at -1", &req,
           uv_fs_read(loop, &req, dirfd, &b, 1, -1, CB(m)), NULL, FS_NUM);
    fs_run(m, "read at negative offset -5", &req,
           uv_fs_read(loop, &req, ro, &b, 1, -5, CB(m)), NULL, FS_NUM);
    fs_run(m, "write at negative offset -5", &req,
           uv_fs_write(loop, &req, wo, &b, 1, -5, CB(m)), NULL, FS_NUM);
  }
  T("file now: \"%s\"", slurp("f"));
  CHECK(0 == close(ro) && 0 == close(wo) && 0 == close(dirfd));
  fs_teardown();
  return 0;
}
