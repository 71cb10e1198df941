/* uv_fs_copyfile with UV_FS_COPYFILE_FICLONE_FORCE, sync and async: the
 * result is whatever the file system gives for a reflink (ext4 and tmpfs
 * cannot: an error; btrfs / xfs with reflink: 0) — machine dependent, but
 * deterministic on one machine; printed together with whether the target
 * exists afterwards and, when it does, its content. Also FICLONE_FORCE
 * combined with EXCL onto an existing file (EEXIST whatever the file system)
 * and FICLONE|FICLONE_FORCE on a missing source (ENOENT). */
#include "fs_common.h"

static void cp(int m, const char* label, const char* a, const char* b,
               int flags) {
  uv_fs_t req;
  fs_run(m, label, &req, uv_fs_copyfile(loop, &req, a, b, flags, CB(m)), a,
         FS_NUM);
  if (exists(b))
    T("  target exists: yes, content \"%s\"", slurp(b));
  else
    T("  target exists: no");
}

int main(void) {
  int m;
  fs_setup("ficlone");
  mkfile("src", "reflink me", 0644);
  for (m = 0; m < 2; m++) {
    const char* f = nm("forced-%s", mode_name(m));
    const char* e = nm("existing-%s", mode_name(m));
    T("-- %s", mode_name(m));
    cp(m, "copy FICLONE_FORCE (new target)", "src", f,
       UV_FS_COPYFILE_FICLONE_FORCE);
    mkfile(e, "old", 0644);
    cp(m, "copy FICLONE_FORCE onto an existing file", "src", e,
       UV_FS_COPYFILE_FICLONE_FORCE);
    mkfile(e, "old", 0644);
    cp(m, "copy FICLONE_FORCE|EXCL onto an existing file", "src", e,
       UV_FS_COPYFILE_FICLONE_FORCE | UV_FS_COPYFILE_EXCL);
    cp(m, "copy FICLONE|FICLONE_FORCE from a missing source", "missing",
       nm("never-%s", mode_name(m)),
       UV_FS_COPYFILE_FICLONE | UV_FS_COPYFILE_FICLONE_FORCE);
  }
  fs_teardown();
  return 0;
}
