/* uv_fs_mkdir / uv_fs_rmdir, sync and async: mkdir with modes 0755 and 0700
 * and 0777 (umask 022 applies), EEXIST on an existing directory and on an
 * existing file, ENOENT with a missing parent, ENOTDIR through a file; rmdir
 * of an empty directory, ENOTEMPTY, ENOTDIR on a file, ENOENT, and EINVAL for
 * "." . */
#include "fs_common.h"

static void perm(const char* p) {
  struct stat st;
  CHECK(0 == stat(p, &st));
  T("  %s: dir=%s perm=%04o", p, yesno(S_ISDIR(st.st_mode)), st.st_mode & 07777);
}

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("mkdir_rmdir");
  mkfile("file", "x", 0644);
  for (m = 0; m < 2; m++) {
    const char* a = nm("a-%s", mode_name(m));
    const char* b = nm("b-%s", mode_name(m));
    const char* c = nm("c-%s", mode_name(m));
    const char* sub = nm("a-%s/sub", mode_name(m));
    T("-- %s", mode_name(m));
    fs_run(m, "mkdir 0755", &req, uv_fs_mkdir(loop, &req, a, 0755, CB(m)), a,
           FS_NUM);
    perm(a);
    fs_run(m, "mkdir 0700", &req, uv_fs_mkdir(loop, &req, b, 0700, CB(m)), b,
           FS_NUM);
    perm(b);
    fs_run(m, "mkdir 0777", &req, uv_fs_mkdir(loop, &req, c, 0777, CB(m)), c,
           FS_NUM);
    perm(c);
    fs_run(m, "mkdir existing dir", &req, uv_fs_mkdir(loop, &req, a, 0755, CB(m)),
           a, FS_NUM);
    fs_run(m, "mkdir existing file", &req,
           uv_fs_mkdir(loop, &req, "file", 0755, CB(m)), "file", FS_NUM);
    fs_run(m, "mkdir missing/parent", &req,
           uv_fs_mkdir(loop, &req, "missing/parent", 0755, CB(m)),
           "missing/parent", FS_NUM);
    fs_run(m, "mkdir file/sub", &req,
           uv_fs_mkdir(loop, &req, "file/sub", 0755, CB(m)), "file/sub", FS_NUM);
    fs_run(m, "mkdir sub in new dir", &req,
           uv_fs_mkdir(loop, &req, sub, 0755, CB(m)), sub, FS_NUM);
    fs_run(m, "rmdir non-empty", &req, uv_fs_rmdir(loop, &req, a, CB(m)), a,
           FS_NUM);
    fs_run(m, "rmdir file", &req, uv_fs_rmdir(loop, &req, "file", CB(m)), "file",
           FS_NUM);
    fs_run(m, "rmdir missing", &req, uv_fs_rmdir(loop, &req, "missing", CB(m)),
           "missing", FS_NUM);
    fs_run(m, "rmdir .", &req, uv_fs_rmdir(loop, &req, ".", CB(m)), ".", FS_NUM);
    fs_run(m, "rmdir sub", &req, uv_fs_rmdir(loop, &req, sub, CB(m)), sub, FS_NUM);
    fs_run(m, "rmdir now empty", &req, uv_fs_rmdir(loop, &req, a, CB(m)), a,
           FS_NUM);
    fs_run(m, "rmdir 0700 dir", &req, uv_fs_rmdir(loop, &req, b, CB(m)), b, FS_NUM);
    fs_run(m, "rmdir 0777 dir", &req, uv_fs_rmdir(loop, &req, c, CB(m)), c, FS_NUM);
    T("  left: %s %s %s", yesno(exists(a)), yesno(exists(b)), yesno(exists(c)));
  }
  fs_teardown();
  return 0;
}
