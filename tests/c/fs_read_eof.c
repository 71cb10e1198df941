/* uv_fs_read at the end of a file, sync and async: a read that straddles the
 * end returns the bytes that exist (partial), a read at EOF returns 0, a read
 * far past the end returns 0, and with offset -1 consecutive reads walk to
 * EOF and then keep returning 0. Reading an empty file returns 0. */
#include "fs_common.h"

static uv_file fd;

static void rd(int m, const char* label, int64_t off, unsigned len) {
  uv_fs_t req;
  char buf[16];
  uv_buf_t b;
  ssize_t r;
  memset(buf, 0, sizeof buf);
  b = uv_buf_init(buf, len);
  r = fs_run(m, label, &req, uv_fs_read(loop, &req, fd, &b, 1, off, CB(m)),
             NULL, FS_NUM);
  if (r > 0) T("  data \"%.*s\"", (int) r, buf);
}

int main(void) {
  int m;
  fs_setup("read_eof");
  mkfile("ten", "0123456789", 0644);
  mkfile("empty", "", 0644);
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    fd = open("ten", O_RDONLY);
    CHECK(fd >= 0);
    rd(m, "read 4 at offset 8 (2 left)", 8, 4);
    rd(m, "read 4 at offset 10 (EOF)", 10, 4);
    rd(m, "read 4 at offset 1000", 1000, 4);
    rd(m, "read 0 bytes at offset 0", 0, 0);
    rd(m, "read 4 at -1", -1, 4);
    rd(m, "read 4 at -1", -1, 4);
    rd(m, "read 4 at -1", -1, 4);
    rd(m, "read 4 at -1 (EOF)", -1, 4);
    rd(m, "read 4 at -1 (EOF again)", -1, 4);
    CHECK(0 == close(fd));
    fd = open("empty", O_RDONLY);
    CHECK(fd >= 0);
    rd(m, "read empty file at -1", -1, 4);
    rd(m, "read empty file at 0", 0, 4);
    CHECK(0 == close(fd));
  }
  fs_teardown();
  return 0;
}
