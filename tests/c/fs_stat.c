/* uv_fs_stat / uv_fs_fstat / uv_fs_lstat, sync and async: on a file (mode
 * type and permission bits, size, nlink), a directory, a symlink (stat
 * follows it, lstat describes the link itself: size = target length), a
 * fifo; req->ptr points at req->statbuf after success; errors ENOENT,
 * ENOTDIR, a dangling symlink (stat ENOENT, lstat 0), a symlink loop (ELOOP),
 * fstat of a bad fd (EBADF). No inode numbers or times are printed. */
#include "fs_common.h"

static void st(int m, const char* label, int which, const char* path, int fd) {
  uv_fs_t req;
  int ret;
  ssize_t r;
  if (which == 0) ret = uv_fs_stat(loop, &req, path, CB(m));
  else if (which == 1) ret = uv_fs_lstat(loop, &req, path, CB(m));
  else ret = uv_fs_fstat(loop, &req, fd, CB(m));
  r = fs_done(m, label, &req, ret, path, FS_NUM);
  T("  ptr is &statbuf: %s", yesno(req.ptr == &req.statbuf));
  if (r == 0) print_stat("  ", &req.statbuf);
  uv_fs_req_cleanup(&req);
}

int main(void) {
  int m, fd;
  fs_setup("stat");
  mkfile("file", "twelve bytes", 0640);
  CHECK(0 == chmod("file", 0640));
  mkdir_c("dir");
  CHECK(0 == chmod("dir", 0751));
  CHECK(0 == symlink("file", "link"));
  CHECK(0 == symlink("nowhere/at/all", "dangling"));
  CHECK(0 == symlink("loop", "loop"));
  CHECK(0 == mkfifo("fifo", 0600));
  CHECK(0 == link("file", "hardlink"));
  fd = open("file", O_RDONLY);
  CHECK(fd >= 0);
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    st(m, "stat file", 0, "file", -1);
    st(m, "lstat file", 1, "file", -1);
    st(m, "fstat file", 2, NULL, fd);
    st(m, "stat dir", 0, "dir", -1);
    st(m, "stat .", 0, ".", -1);
    st(m, "stat link", 0, "link", -1);
    st(m, "lstat link", 1, "link", -1);
    st(m, "stat fifo", 0, "fifo", -1);
    st(m, "stat dangling", 0, "dangling", -1);
    st(m, "lstat dangling", 1, "dangling", -1);
    st(m, "stat loop", 0, "loop", -1);
    st(m, "lstat loop", 1, "loop", -1);
    st(m, "stat missing", 0, "missing", -1);
    st(m, "lstat missing", 1, "missing", -1);
    st(m, "stat file/x", 0, "file/x", -1);
    st(m, "lstat file/x", 1, "file/x", -1);
    st(m, "stat \"\"", 0, "", -1);
    st(m, "fstat -1", 2, NULL, -1);
    st(m, "fstat 4000", 2, NULL, 4000);
  }
  CHECK(0 == close(fd));
  fs_teardown();
  return 0;
}
