/* The remaining UV_FS_O_* flags: their values in the header (the same on
 * both builds for Linux x86_64), and uv_fs_open, sync and async, with
 * O_SYNC, O_DSYNC, O_NONBLOCK, O_NOCTTY, O_NOATIME (file owner: allowed),
 * O_DIRECTORY on a directory, the Windows-only flags that are 0 here
 * (FILEMAP, RANDOM, SHORT_LIVED, SEQUENTIAL, TEMPORARY, EXLOCK, SYMLINK),
 * each followed by a write and a read through the fd where it makes
 * sense. O_DIRECT is only printed (whether it opens depends on the file
 * system). */
#include "fs_common.h"

static void try_flags(int m, const char* label, const char* path, int flags,
                      int rw) {
  uv_fs_t req;
  ssize_t fd = fs_run(m, label, &req,
                      uv_fs_open(loop, &req, path, flags, 0644, CB(m)), path,
                      FS_FD);
  if (fd >= 0) {
    if (rw) {
      char c = 'z', back = 0;
      uv_buf_t b = uv_buf_init(&c, 1), rb = uv_buf_init(&back, 1);
      int w = uv_fs_write(NULL, &req, (int) fd, &b, 1, 0, NULL);
      int r;
      uv_fs_req_cleanup(&req);
      r = uv_fs_read(NULL, &req, (int) fd, &rb, 1, 0, NULL);
      uv_fs_req_cleanup(&req);
      T("  write -> %s, read -> %s '%c'", rs(w, FS_NUM), rs(r, FS_NUM),
        back ? back : '-');
    }
    CHECK(0 == close((int) fd));
  }
}

int main(void) {
  int m;
  fs_setup("more_flags");
  T("RDONLY=%#x WRONLY=%#x RDWR=%#x CREAT=%#x EXCL=%#x NOCTTY=%#x TRUNC=%#x",
    UV_FS_O_RDONLY, UV_FS_O_WRONLY, UV_FS_O_RDWR, UV_FS_O_CREAT, UV_FS_O_EXCL,
    UV_FS_O_NOCTTY, UV_FS_O_TRUNC);
  T("APPEND=%#x NONBLOCK=%#x DSYNC=%#x SYNC=%#x DIRECT=%#x DIRECTORY=%#x",
    UV_FS_O_APPEND, UV_FS_O_NONBLOCK, UV_FS_O_DSYNC, UV_FS_O_SYNC,
    UV_FS_O_DIRECT, UV_FS_O_DIRECTORY);
  T("NOFOLLOW=%#x NOATIME=%#x EXLOCK=%#x SYMLINK=%#x FILEMAP=%#x RANDOM=%#x",
    UV_FS_O_NOFOLLOW, UV_FS_O_NOATIME, UV_FS_O_EXLOCK, UV_FS_O_SYMLINK,
    UV_FS_O_FILEMAP, UV_FS_O_RANDOM);
  T("SHORT_LIVED=%#x SEQUENTIAL=%#x TEMPORARY=%#x", UV_FS_O_SHORT_LIVED,
    UV_FS_O_SEQUENTIAL, UV_FS_O_TEMPORARY);
  mkfile("file", "", 0644);
  mkdir_c("dir");
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    try_flags(m, "open RDWR|SYNC", "file", UV_FS_O_RDWR | UV_FS_O_SYNC, 1);
    try_flags(m, "open RDWR|DSYNC", "file", UV_FS_O_RDWR | UV_FS_O_DSYNC, 1);
    try_flags(m, "open RDWR|NONBLOCK", "file", UV_FS_O_RDWR | UV_FS_O_NONBLOCK,
              1);
    try_flags(m, "open RDWR|NOCTTY", "file", UV_FS_O_RDWR | UV_FS_O_NOCTTY, 1);
    try_flags(m, "open RDWR|NOATIME", "file", UV_FS_O_RDWR | UV_FS_O_NOATIME, 1);
    try_flags(m, "open RDONLY|DIRECTORY on dir", "dir",
              UV_FS_O_RDONLY | UV_FS_O_DIRECTORY, 0);
    try_flags(m, "open RDWR|Windows-only flags", "file",
              UV_FS_O_RDWR | UV_FS_O_FILEMAP | UV_FS_O_RANDOM |
                  UV_FS_O_SHORT_LIVED | UV_FS_O_SEQUENTIAL |
                  UV_FS_O_TEMPORARY | UV_FS_O_EXLOCK | UV_FS_O_SYMLINK,
              1);
    try_flags(m, "open CREAT|RDWR|EXCL|SYNC new file", nm("new-%d", m),
              UV_FS_O_CREAT | UV_FS_O_RDWR | UV_FS_O_EXCL | UV_FS_O_SYNC, 1);
  }
  fs_teardown();
  return 0;
}
