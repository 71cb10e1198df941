/* uv_fs_link / uv_fs_symlink / uv_fs_readlink, sync and async: a hard link
 * (nlink 2 on both names, same content; unlinking one leaves nlink 1), link
 * errors EEXIST / ENOENT / EPERM for a directory; symlink with flags 0 and
 * with UV_FS_SYMLINK_DIR (ignored on Unix), to a relative and an absolute-
 * looking target that does not exist (dangling is fine), EEXIST, ENOENT for a
 * missing parent; readlink: result 0 and req->ptr is the target string,
 * EINVAL on a regular file, ENOENT on a missing name. */
#include "fs_common.h"

static void nlink_of(const char* p) {
  struct stat st;
  CHECK(0 == lstat(p, &st));
  T("  %s: nlink %ld", p, (long) st.st_nlink);
}

static void rl(int m, const char* label, const char* p) {
  uv_fs_t req;
  ssize_t r = fs_done(m, label, &req, uv_fs_readlink(loop, &req, p, CB(m)), p,
                      FS_NUM);
  if (r == 0)
    T("  ptr: \"%s\"", (const char*) req.ptr);
  else
    T("  ptr NULL: %s", yesno(req.ptr == NULL));
  uv_fs_req_cleanup(&req);
}

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("link");
  mkdir_c("dir");
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    const char* h = nm("hard-%s", mode_name(m));
    const char* s1 = nm("sym-%s", mode_name(m));
    const char* s2 = nm("symdir-%s", mode_name(m));
    const char* s3 = nm("dangling-%s", mode_name(m));
    T("-- %s", mode_name(m));
    mkfile(f, "linked", 0644);
    fs_run(m, "link f -> hard", &req, uv_fs_link(loop, &req, f, h, CB(m)), f,
           FS_NUM);
    nlink_of(f);
    nlink_of(h);
    T("  hard content \"%s\"", slurp(h));
    fs_run(m, "link f -> hard again", &req, uv_fs_link(loop, &req, f, h, CB(m)),
           f, FS_NUM);
    fs_run(m, "link missing -> x", &req,
           uv_fs_link(loop, &req, "missing", "x", CB(m)), "missing", FS_NUM);
    fs_run(m, "link dir -> x", &req, uv_fs_link(loop, &req, "dir", "x", CB(m)),
           "dir", FS_NUM);
    fs_run(m, "link f -> nodir/x", &req,
           uv_fs_link(loop, &req, f, "nodir/x", CB(m)), f, FS_NUM);
    CHECK(0 == unlink(h));
    nlink_of(f);
    fs_run(m, "symlink f <- sym (flags 0)", &req,
           uv_fs_symlink(loop, &req, f, s1, 0, CB(m)), f, FS_NUM);
    T("  sym content \"%s\"", slurp(s1));
    fs_run(m, "symlink dir <- symdir (UV_FS_SYMLINK_DIR)", &req,
           uv_fs_symlink(loop, &req, "dir", s2, UV_FS_SYMLINK_DIR, CB(m)), "dir",
           FS_NUM);
    fs_run(m, "symlink /nonexistent/target <- dangling", &req,
           uv_fs_symlink(loop, &req, "/nonexistent/target", s3, 0, CB(m)),
           "/nonexistent/target", FS_NUM);
    fs_run(m, "symlink again onto existing name", &req,
           uv_fs_symlink(loop, &req, f, s1, 0, CB(m)), f, FS_NUM);
    fs_run(m, "symlink into a missing directory", &req,
           uv_fs_symlink(loop, &req, f, "nodir/s", 0, CB(m)), f, FS_NUM);
    rl(m, "readlink sym", s1);
    rl(m, "readlink symdir", s2);
    rl(m, "readlink dangling", s3);
    rl(m, "readlink regular file", f);
    rl(m, "readlink dir", "dir");
    rl(m, "readlink missing", "missing");
    rl(m, "readlink through a file", nm("%s/x", f));
  }
  fs_teardown();
  return 0;
}
