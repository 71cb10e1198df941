/* uv_fs_sendfile, sync and async, between two regular files: result is the
 * byte count; in_offset and length select the bytes; the output fd's
 * position advances, the input fd's does not; a length past the end of the
 * input copies what exists; an offset at / past the end gives 0; length 0
 * gives 0; a 1 MiB copy; errors: bad input / output fd (EBADF), a read-only
 * output fd (EBADF), a write-only input fd (EBADF). */
#include "fs_common.h"

static uv_file in_fd, out_fd;

static void sf(int m, const char* label, uv_file out, uv_file in, int64_t off,
               size_t len) {
  uv_fs_t req;
  fs_run(m, label, &req, uv_fs_sendfile(loop, &req, out, in, off, len, CB(m)),
         NULL, FS_NUM);
}

int main(void) {
  int m, i, big_in, big_out, ro, wo;
  static char mib[1 << 20], back[1 << 20];
  struct stat st;
  fs_setup("sendfile");
  mkfile("in", "0123456789abcdef", 0644);
  for (i = 0; i < (int) sizeof mib; i++) mib[i] = (char) (i % 251);
  big_in = open("bigin", O_CREAT | O_RDWR, 0644);
  CHECK(big_in >= 0 && write(big_in, mib, sizeof mib) == (ssize_t) sizeof mib);
  for (m = 0; m < 2; m++) {
    const char* o = nm("out-%s", mode_name(m));
    const char* bo = nm("bigout-%s", mode_name(m));
    T("-- %s", mode_name(m));
    in_fd = open("in", O_RDONLY);
    out_fd = open(o, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(in_fd >= 0 && out_fd >= 0);
    CHECK(lseek(in_fd, 3, SEEK_SET) == 3);
    sf(m, "sendfile offset 2 length 5", out_fd, in_fd, 2, 5);
    T("  out \"%s\", out position %ld, in position %ld", slurp(o),
      (long) lseek(out_fd, 0, SEEK_CUR), (long) lseek(in_fd, 0, SEEK_CUR));
    sf(m, "sendfile offset 10 length 100 (past the end)", out_fd, in_fd, 10,
       100);
    T("  out \"%s\", out position %ld, in position %ld", slurp(o),
      (long) lseek(out_fd, 0, SEEK_CUR), (long) lseek(in_fd, 0, SEEK_CUR));
    sf(m, "sendfile offset 16 (at the end)", out_fd, in_fd, 16, 4);
    sf(m, "sendfile offset 1000 (past the end)", out_fd, in_fd, 1000, 4);
    sf(m, "sendfile length 0", out_fd, in_fd, 0, 0);
    sf(m, "sendfile bad input fd", out_fd, -1, 0, 4);
    sf(m, "sendfile bad output fd", -1, in_fd, 0, 4);
    ro = open("in", O_RDONLY);
    wo = open(o, O_WRONLY);
    CHECK(ro >= 0 && wo >= 0);
    sf(m, "sendfile to a read-only fd", ro, in_fd, 0, 4);
    sf(m, "sendfile from a write-only fd", out_fd, wo, 0, 4);
    CHECK(0 == close(ro) && 0 == close(wo));
    T("  out finally \"%s\"", slurp(o));
    big_out = open(bo, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(big_out >= 0);
    sf(m, "sendfile 1 MiB", big_out, big_in, 0, sizeof mib);
    CHECK(0 == fstat(big_out, &st));
    CHECK(pread(big_out, back, sizeof back, 0) == st.st_size);
    T("  size %ld identical %s", (long) st.st_size,
      yesno(memcmp(back, mib, sizeof mib) == 0));
    CHECK(0 == close(big_out) && 0 == close(in_fd) && 0 == close(out_fd));
  }
  CHECK(0 == close(big_in));
  fs_teardown();
  return 0;
}
