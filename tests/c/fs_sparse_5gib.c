/* Offsets past 4 GiB, sync and async: write 1 byte at 5 GiB into a new
 * (sparse) file, fstat reports size 5 GiB + 1, reading it back at 5 GiB gives
 * the byte, at 5 GiB + 1 gives 0 (EOF), and in the hole at 4 GiB + 7 gives
 * zeros; then a byte at 4 GiB + 2 and a read with offset -1 after seeking
 * past 4 GiB (it reads there and moves the position). */
#include "fs_common.h"

#define GIB ((int64_t) 1 << 30)

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("sparse");
  for (m = 0; m < 2; m++) {
    const char* f = nm("sparse-%s", mode_name(m));
    char c = 'Q', back[4];
    uv_buf_t b = uv_buf_init(&c, 1), rb = uv_buf_init(back, sizeof back);
    int fd = open(f, O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);
    T("-- %s", mode_name(m));
    fs_run(m, "write 1 byte at 5 GiB", &req,
           uv_fs_write(loop, &req, fd, &b, 1, 5 * GIB, CB(m)), NULL, FS_NUM);
    fs_done(m, "fstat", &req, uv_fs_fstat(loop, &req, fd, CB(m)), NULL, FS_NUM);
    T("  size = 5 GiB + %lld", (long long) req.statbuf.st_size - 5 * GIB);
    uv_fs_req_cleanup(&req);
    memset(back, '.', sizeof back);
    fs_run(m, "read 4 at 5 GiB", &req,
           uv_fs_read(loop, &req, fd, &rb, 1, 5 * GIB, CB(m)), NULL, FS_NUM);
    T("  first byte '%c'", back[0]);
    fs_run(m, "read 4 at 5 GiB + 1", &req,
           uv_fs_read(loop, &req, fd, &rb, 1, 5 * GIB + 1, CB(m)), NULL, FS_NUM);
    memset(back, '.', sizeof back);
    fs_run(m, "read 4 at 4 GiB + 7 (hole)", &req,
           uv_fs_read(loop, &req, fd, &rb, 1, 4 * GIB + 7, CB(m)), NULL, FS_NUM);
    T("  all zero: %s", yesno(!back[0] && !back[1] && !back[2] && !back[3]));
    c = 'R';
    fs_run(m, "write 1 byte at 4 GiB + 2", &req,
           uv_fs_write(loop, &req, fd, &b, 1, 4 * GIB + 2, CB(m)), NULL, FS_NUM);
    CHECK(lseek(fd, 4 * GIB + 1, SEEK_SET) == 4 * GIB + 1);
    memset(back, '.', sizeof back);
    fs_run(m, "read 4 at -1 after seeking to 4 GiB + 1", &req,
           uv_fs_read(loop, &req, fd, &rb, 1, -1, CB(m)), NULL, FS_NUM);
    T("  bytes: %d '%c' %d %d", back[0], back[1], back[2], back[3]);
    T("  position now 4 GiB + %lld",
      (long long) (lseek(fd, 0, SEEK_CUR) - 4 * GIB));
    CHECK(0 == close(fd));
    CHECK(0 == unlink(f));
  }
  fs_teardown();
  return 0;
}
