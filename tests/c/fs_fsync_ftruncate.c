/* uv_fs_fsync / uv_fs_fdatasync / uv_fs_ftruncate, sync and async: fsync and
 * fdatasync of a written file (0; path NULL), of a read-only fd (0), of a
 * closed fd and -1 (EBADF); ftruncate growing (zeros appear, stat size) and
 * shrinking (content cut), to 0, to a negative length (EINVAL), on a
 * read-only fd (EINVAL or EBADF, as the system says), on a bad fd (EBADF);
 * the file position is not moved by ftruncate. */
#include "fs_common.h"

static void size_of(const char* f) {
  struct stat st;
  CHECK(0 == stat(f, &st));
  T("  size %ld", (long) st.st_size);
}

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("fsync");
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    int fd, ro, dead;
    char buf[16];
    T("-- %s", mode_name(m));
    mkfile(f, "0123456789", 0644);
    fd = open(f, O_RDWR);
    ro = open(f, O_RDONLY);
    dead = open(f, O_RDONLY);
    CHECK(fd >= 0 && ro >= 0 && dead >= 0 && 0 == close(dead));
    CHECK(write(fd, "abc", 3) == 3);
    fs_run(m, "fsync", &req, uv_fs_fsync(loop, &req, fd, CB(m)), NULL, FS_NUM);
    fs_run(m, "fdatasync", &req, uv_fs_fdatasync(loop, &req, fd, CB(m)), NULL,
           FS_NUM);
    fs_run(m, "fsync read-only fd", &req, uv_fs_fsync(loop, &req, ro, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "fdatasync read-only fd", &req,
           uv_fs_fdatasync(loop, &req, ro, CB(m)), NULL, FS_NUM);
    fs_run(m, "fsync closed fd", &req, uv_fs_fsync(loop, &req, dead, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "fdatasync -1", &req, uv_fs_fdatasync(loop, &req, -1, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "ftruncate 16 (grow)", &req,
           uv_fs_ftruncate(loop, &req, fd, 16, CB(m)), NULL, FS_NUM);
    size_of(f);
    memset(buf, '.', sizeof buf);
    CHECK(pread(fd, buf, 16, 0) == 16);
    T("  bytes 8..15 all zero after 89: %s",
      yesno(buf[8] == '8' && buf[9] == '9' && buf[10] == 0 && buf[15] == 0));
    T("  position still %ld", (long) lseek(fd, 0, SEEK_CUR));
    fs_run(m, "ftruncate 5 (shrink)", &req,
           uv_fs_ftruncate(loop, &req, fd, 5, CB(m)), NULL, FS_NUM);
    size_of(f);
    T("  content \"%s\"", slurp(f));
    fs_run(m, "ftruncate -1", &req, uv_fs_ftruncate(loop, &req, fd, -1, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "ftruncate read-only fd", &req,
           uv_fs_ftruncate(loop, &req, ro, 1, CB(m)), NULL, FS_NUM);
    fs_run(m, "ftruncate closed fd", &req,
           uv_fs_ftruncate(loop, &req, dead, 1, CB(m)), NULL, FS_NUM);
    fs_run(m, "ftruncate 0", &req, uv_fs_ftruncate(loop, &req, fd, 0, CB(m)),
           NULL, FS_NUM);
    size_of(f);
    fs_run(m, "ftruncate 5 GiB (sparse)", &req,
           uv_fs_ftruncate(loop, &req, fd, (int64_t) 5 << 30, CB(m)), NULL,
           FS_NUM);
    size_of(f);
    CHECK(0 == close(fd) && 0 == close(ro));
    CHECK(0 == unlink(f));
  }
  fs_teardown();
  return 0;
}
