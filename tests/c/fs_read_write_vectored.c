/* uv_fs_write / uv_fs_read with several uv_buf_t, sync and async: offset -1
 * writes and reads at the current position (which advances), explicit
 * offsets do not move it; a vectored read fills the buffers in order; write
 * then read back. Prints byte counts and buffer contents. */
#include "fs_common.h"

static uv_file fd;

static ssize_t wr(int m, const char* label, const char* s1, const char* s2,
                  const char* s3, int64_t off) {
  uv_fs_t req;
  uv_buf_t b[3];
  b[0] = uv_buf_init((char*) s1, (unsigned) strlen(s1));
  b[1] = uv_buf_init((char*) s2, (unsigned) strlen(s2));
  b[2] = uv_buf_init((char*) s3, (unsigned) strlen(s3));
  return fs_run(m, label, &req, uv_fs_write(loop, &req, fd, b, 3, off, CB(m)),
                NULL, FS_NUM);
}

static void rd(int m, const char* label, int64_t off) {
  uv_fs_t req;
  char x[4], y[3], z[8];
  uv_buf_t b[3];
  ssize_t r;
  memset(x, '.', sizeof x);
  memset(y, '.', sizeof y);
  memset(z, '.', sizeof z);
  b[0] = uv_buf_init(x, sizeof x);
  b[1] = uv_buf_init(y, sizeof y);
  b[2] = uv_buf_init(z, sizeof z);
  r = fs_run(m, label, &req, uv_fs_read(loop, &req, fd, b, 3, off, CB(m)),
             NULL, FS_NUM);
  for (r = 0; r < 4; r++) if (x[r] == '\0') x[r] = '_';
  for (r = 0; r < 3; r++) if (y[r] == '\0') y[r] = '_';
  for (r = 0; r < 8; r++) if (z[r] == '\0') z[r] = '_';
  T("  bufs (NUL as _): [%.4s] [%.3s] [%.8s]", x, y, z);
}

static long pos(void) { return (long) lseek(fd, 0, SEEK_CUR); }

int main(void) {
  int m;
  fs_setup("rw_vectored");
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    T("-- %s", mode_name(m));
    fd = open(f, O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);
    wr(m, "write 3 bufs at -1", "abc", "", "defgh", -1);
    T("  position %ld", pos());
    wr(m, "write 3 bufs at -1 again", "ij", "k", "lmnop", -1);
    T("  position %ld", pos());
    wr(m, "write 3 bufs at offset 2", "AB", "C", "D", 2);
    T("  position %ld (unchanged)", pos());
    T("  file: \"%s\"", slurp(f));
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    rd(m, "read 4+3+8 at -1 from 0", -1);
    T("  position %ld", pos());
    rd(m, "read 4+3+8 at -1 again", -1);
    T("  position %ld", pos());
    rd(m, "read 4+3+8 at offset 3", 3);
    T("  position %ld (unchanged)", pos());
    wr(m, "write past the end at offset 20", "Z", "", "", 20);
    rd(m, "read at offset 14 (hole)", 14);
    CHECK(0 == close(fd));
  }
  fs_teardown();
  return 0;
}
