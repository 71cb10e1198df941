/* uv_fs_chmod / uv_fs_fchmod, sync and async, each followed by uv_fs_stat of
 * the mode: 0600, 0755, 0000, 04755 (setuid), 02755 (setgid), 01777 on a
 * directory (sticky), mode bits above 07777 ignored; chmod through a symlink
 * changes the target; fchmod on a read-only fd works; errors ENOENT, ENOTDIR,
 * fchmod on a bad fd (EBADF). */
#include "fs_common.h"

static void show(const char* p) {
  uv_fs_t req;
  CHECK(0 == uv_fs_lstat(NULL, &req, p, NULL));
  T("  %s: %s %04lo", p, ftype((unsigned long) req.statbuf.st_mode),
    (unsigned long) (req.statbuf.st_mode & 07777));
  uv_fs_req_cleanup(&req);
}

static void ch(int m, const char* label, const char* p, int mode) {
  uv_fs_t req;
  fs_run(m, label, &req, uv_fs_chmod(loop, &req, p, mode, CB(m)), p, FS_NUM);
}

static void fch(int m, const char* label, int fd, int mode) {
  uv_fs_t req;
  fs_run(m, label, &req, uv_fs_fchmod(loop, &req, fd, mode, CB(m)), NULL,
         FS_NUM);
}

int main(void) {
  int m, fd;
  fs_setup("chmod");
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    const char* d = nm("d-%s", mode_name(m));
    const char* l = nm("l-%s", mode_name(m));
    T("-- %s", mode_name(m));
    mkfile(f, "x", 0644);
    mkdir_c(d);
    CHECK(0 == symlink(f, l));
    ch(m, "chmod 0600", f, 0600);
    show(f);
    ch(m, "chmod 0755", f, 0755);
    show(f);
    ch(m, "chmod 0000", f, 0);
    show(f);
    ch(m, "chmod 04755", f, 04755);
    show(f);
    ch(m, "chmod 02755", f, 02755);
    show(f);
    ch(m, "chmod 0100644 (type bits passed)", f, 0100644);
    show(f);
    ch(m, "chmod dir 01777", d, 01777);
    show(d);
    ch(m, "chmod symlink 0640", l, 0640);
    show(l);
    show(f);
    ch(m, "chmod missing", "missing", 0644);
    ch(m, "chmod file/x", nm("%s/x", f), 0644);
    fd = open(f, O_RDONLY);
    CHECK(fd >= 0);
    fch(m, "fchmod read-only fd 0444", fd, 0444);
    show(f);
    fch(m, "fchmod 0711", fd, 0711);
    show(f);
    CHECK(0 == close(fd));
    fch(m, "fchmod closed fd", fd, 0644);
    fch(m, "fchmod -1", -1, 0644);
  }
  fs_teardown();
  return 0;
}
