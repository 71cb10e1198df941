/* uv_fs_unlink, sync and async: a file (gone afterwards), a symlink (the
 * link goes, the target stays), a missing name (ENOENT), a directory
 * (EISDIR), a path through a file (ENOTDIR), a missing parent (ENOENT), and a
 * file still open (unlink succeeds, the fd keeps working). */
#include "fs_common.h"

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("unlink");
  for (m = 0; m < 2; m++) {
    const char* f = nm("file-%s", mode_name(m));
    const char* l = nm("link-%s", mode_name(m));
    const char* d = nm("dir-%s", mode_name(m));
    const char* o = nm("open-%s", mode_name(m));
    char c;
    int fd;
    T("-- %s", mode_name(m));
    mkfile(f, "x", 0644);
    CHECK(0 == symlink(f, l));
    mkdir_c(d);
    fs_run(m, "unlink symlink", &req, uv_fs_unlink(loop, &req, l, CB(m)), l,
           FS_NUM);
    T("  link exists: %s, target exists: %s", yesno(exists(l)), yesno(exists(f)));
    fs_run(m, "unlink file", &req, uv_fs_unlink(loop, &req, f, CB(m)), f, FS_NUM);
    T("  file exists: %s", yesno(exists(f)));
    fs_run(m, "unlink it again", &req, uv_fs_unlink(loop, &req, f, CB(m)), f,
           FS_NUM);
    fs_run(m, "unlink directory", &req, uv_fs_unlink(loop, &req, d, CB(m)), d,
           FS_NUM);
    mkfile(f, "x", 0644);
    fs_run(m, "unlink file/x", &req,
           uv_fs_unlink(loop, &req, nm("%s/x", f), CB(m)), nm("%s/x", f), FS_NUM);
    fs_run(m, "unlink nodir/x", &req, uv_fs_unlink(loop, &req, "nodir/x", CB(m)),
           "nodir/x", FS_NUM);
    fs_run(m, "unlink \"\"", &req, uv_fs_unlink(loop, &req, "", CB(m)), "",
           FS_NUM);
    mkfile(o, "still here", 0644);
    fd = open(o, O_RDONLY);
    CHECK(fd >= 0);
    fs_run(m, "unlink a file that is open", &req,
           uv_fs_unlink(loop, &req, o, CB(m)), o, FS_NUM);
    T("  exists: %s, fd still reads: %s", yesno(exists(o)),
      yesno(read(fd, &c, 1) == 1 && c == 's'));
    CHECK(0 == close(fd));
  }
  fs_teardown();
  return 0;
}
