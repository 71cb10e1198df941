/* uv_fs_chown / uv_fs_fchown / uv_fs_lchown, sync and async: to the
 * process's own uid/gid (0), with -1/-1 (no change, 0); errors ENOENT,
 * ENOTDIR, fchown on a bad fd (EBADF). Then the privileged case, which
 * depends on who runs the test (first line says): as a normal user, chown /
 * fchown / lchown to root give EPERM; as root, chown to uid/gid 1 succeeds
 * and stat shows 1/1, lchown of a symlink to 2/2 changes the link and not
 * its target, fchown back to 0/0. */
#include "fs_common.h"

static void owner(const char* p, int follow) {
  struct stat st;
  CHECK(0 == (follow ? stat(p, &st) : lstat(p, &st)));
  if (st.st_uid == getuid() && st.st_gid == getgid())
    T("  %s: owner is us", p);
  else
    T("  %s: owner %ld:%ld", p, (long) st.st_uid, (long) st.st_gid);
}

int main(void) {
  int m, fd, root = geteuid() == 0;
  uv_fs_t req;
  uv_uid_t me = getuid();
  uv_gid_t mygid = getgid();
  fs_setup("chown");
  T("running as root: %s", yesno(root));
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    const char* l = nm("l-%s", mode_name(m));
    T("-- %s", mode_name(m));
    mkfile(f, "x", 0644);
    CHECK(0 == symlink(f, l));
    fd = open(f, O_RDONLY);
    CHECK(fd >= 0);
    fs_run(m, "chown to self", &req, uv_fs_chown(loop, &req, f, me, mygid, CB(m)),
           f, FS_NUM);
    fs_run(m, "chown -1 -1", &req,
           uv_fs_chown(loop, &req, f, (uv_uid_t) -1, (uv_gid_t) -1, CB(m)), f,
           FS_NUM);
    fs_run(m, "fchown to self", &req,
           uv_fs_fchown(loop, &req, fd, me, mygid, CB(m)), NULL, FS_NUM);
    fs_run(m, "lchown to self", &req,
           uv_fs_lchown(loop, &req, l, me, mygid, CB(m)), l, FS_NUM);
    owner(f, 1);
    fs_run(m, "chown missing", &req,
           uv_fs_chown(loop, &req, "missing", me, mygid, CB(m)), "missing",
           FS_NUM);
    fs_run(m, "lchown missing", &req,
           uv_fs_lchown(loop, &req, "missing", me, mygid, CB(m)), "missing",
           FS_NUM);
    fs_run(m, "chown file/x", &req,
           uv_fs_chown(loop, &req, nm("%s/x", f), me, mygid, CB(m)),
           nm("%s/x", f), FS_NUM);
    fs_run(m, "fchown -1", &req, uv_fs_fchown(loop, &req, -1, me, mygid, CB(m)),
           NULL, FS_NUM);
    if (!root) {
      fs_run(m, "chown to root", &req, uv_fs_chown(loop, &req, f, 0, 0, CB(m)),
             f, FS_NUM);
      fs_run(m, "fchown to root", &req,
             uv_fs_fchown(loop, &req, fd, 0, 0, CB(m)), NULL, FS_NUM);
      fs_run(m, "lchown to root", &req,
             uv_fs_lchown(loop, &req, l, 0, 0, CB(m)), l, FS_NUM);
      owner(f, 1);
      owner(l, 0);
    } else {
      fs_run(m, "chown to 1:1", &req, uv_fs_chown(loop, &req, f, 1, 1, CB(m)),
             f, FS_NUM);
      owner(f, 1);
      fs_run(m, "lchown link to 2:2", &req,
             uv_fs_lchown(loop, &req, l, 2, 2, CB(m)), l, FS_NUM);
      owner(l, 0);
      owner(f, 1);
      fs_run(m, "chown via link to 3:-1", &req,
             uv_fs_chown(loop, &req, l, 3, (uv_gid_t) -1, CB(m)), l, FS_NUM);
      owner(l, 0);
      owner(f, 1);
      fs_run(m, "fchown back to 0:0", &req,
             uv_fs_fchown(loop, &req, fd, 0, 0, CB(m)), NULL, FS_NUM);
      owner(f, 1);
    }
    CHECK(0 == close(fd));
  }
  fs_teardown();
  return 0;
}
