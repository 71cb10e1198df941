/* Vectored I/O with more buffers than IOV_MAX (1024), sync and async: a write
 * of 1100 one-byte buffers writes all 1100 bytes; a read into 1100 one-byte
 * buffers from that 1100-byte file returns only 1024: libuv caps nbufs at
 * IOV_MAX for reads (one readv/preadv), at offset 0 and at -1. */
#include "fs_common.h"

#define NB 1100

static char data[NB];
static uv_buf_t bufs[NB];

int main(void) {
  int m, i, fd;
  uv_fs_t req;
  fs_setup("iov_max");
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    ssize_t r;
    T("-- %s", mode_name(m));
    fd = open(f, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    for (i = 0; i < NB; i++) {
      data[i] = (char) ('a' + i % 26);
      bufs[i] = uv_buf_init(&data[i], 1);
    }
    fs_run(m, "write 1100 one-byte bufs at 0", &req,
           uv_fs_write(loop, &req, fd, bufs, NB, 0, CB(m)), NULL, FS_NUM);
    fs_run(m, "write 1100 one-byte bufs at -1", &req,
           uv_fs_write(loop, &req, fd, bufs, NB, -1, CB(m)), NULL, FS_NUM);
    T("  position %ld", (long) lseek(fd, 0, SEEK_CUR));
    memset(data, 0, sizeof data);
    r = fs_run(m, "read into 1100 one-byte bufs at 0", &req,
               uv_fs_read(loop, &req, fd, bufs, NB, 0, CB(m)), NULL, FS_NUM);
    for (i = 0; i < r; i++) CHECK(data[i] == (char) ('a' + i % 26));
    T("  bytes after the result untouched: %s",
      yesno(r >= NB || data[r] == 0));
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(data, 0, sizeof data);
    r = fs_run(m, "read into 1100 one-byte bufs at -1", &req,
               uv_fs_read(loop, &req, fd, bufs, NB, -1, CB(m)), NULL, FS_NUM);
    T("  position %ld", (long) lseek(fd, 0, SEEK_CUR));
    CHECK(0 == close(fd));
  }
  fs_teardown();
  return 0;
}
