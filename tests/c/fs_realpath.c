/* uv_fs_realpath, sync and async: result 0 with req->ptr an absolute,
 * canonical path (printed as: absolute, equals realpath(3) of the temp
 * directory + the expected relative suffix) for ".", a file, "./a/../a/b"
 * style paths, a symlink to a file, a path through a directory symlink;
 * errors ENOENT (missing, dangling symlink), ELOOP, ENOTDIR, with ptr NULL. */
#include "fs_common.h"

static char base[4096];

static void rp(int m, const char* label, const char* p, const char* suffix) {
  uv_fs_t req;
  ssize_t r = fs_done(m, label, &req, uv_fs_realpath(loop, &req, p, CB(m)), p,
                      FS_NUM);
  if (r == 0) {
    const char* got = (const char*) req.ptr;
    char want[8192];
    snprintf(want, sizeof want, "%s%s", base, suffix);
    T("  ptr absolute: %s, equals <tmp>%s: %s", yesno(got && got[0] == '/'),
      suffix, yesno(got && strcmp(got, want) == 0));
  } else {
    T("  ptr NULL: %s", yesno(req.ptr == NULL));
  }
  uv_fs_req_cleanup(&req);
}

int main(void) {
  int m;
  fs_setup("realpath");
  CHECK(realpath(".", base) != NULL);
  mkdir_c("a");
  mkfile("a/b", "", 0644);
  CHECK(0 == symlink("a/b", "filelink"));
  CHECK(0 == symlink("a", "dirlink"));
  CHECK(0 == symlink("dirlink/b", "chain"));
  CHECK(0 == symlink("nowhere", "dangling"));
  CHECK(0 == symlink("loop", "loop"));
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    rp(m, "realpath .", ".", "");
    rp(m, "realpath a/b", "a/b", "/a/b");
    rp(m, "realpath ./a/../a/./b", "./a/../a/./b", "/a/b");
    rp(m, "realpath a//b", "a//b", "/a/b");
    rp(m, "realpath a/", "a/", "/a");
    rp(m, "realpath filelink", "filelink", "/a/b");
    rp(m, "realpath dirlink/b", "dirlink/b", "/a/b");
    rp(m, "realpath chain", "chain", "/a/b");
    rp(m, "realpath missing", "missing", "");
    rp(m, "realpath a/missing", "a/missing", "");
    rp(m, "realpath dangling", "dangling", "");
    rp(m, "realpath loop", "loop", "");
    rp(m, "realpath a/b/c", "a/b/c", "");
    rp(m, "realpath \"\"", "", "");
  }
  fs_teardown();
  return 0;
}
