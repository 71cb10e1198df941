/* uv_fs_access, sync and async: F_OK / R_OK / W_OK / X_OK / R_OK|W_OK on
 * files with modes 0000, 0400, 0200, 0100, 0755 and on a directory; errors
 * ENOENT (missing, dangling symlink), ENOTDIR, EINVAL for an unknown mode bit.
 * Permission results depend on the user: root passes R_OK and W_OK on every
 * file and X_OK when any x bit is set — the first line says which case this
 * run is (machine dependent, but the same for both libraries). */
#include "fs_common.h"

static const struct { const char* name; int mode; } modes[] = {
  {"F_OK", F_OK}, {"R_OK", R_OK}, {"W_OK", W_OK}, {"X_OK", X_OK},
  {"R_OK|W_OK", R_OK | W_OK},
};

static void acc(int m, const char* path) {
  char line[512];
  size_t i;
  line[0] = '\0';
  for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    uv_fs_t req;
    int ret = uv_fs_access(loop, &req, path, modes[i].mode, CB(m));
    if (m == ASYNC) {
      CHECK(ret == 0);
      fs_cb_count = 0;
      CHECK(0 == uv_run(loop, UV_RUN_DEFAULT));
      CHECK(fs_cb_count == 1);
    } else {
      CHECK(ret == req.result);
    }
    CHECK(req.fs_type == UV_FS_ACCESS);
    CHECK(req.path != NULL && strcmp(req.path, path) == 0);
    snprintf(line + strlen(line), sizeof line - strlen(line), " %s=%s",
             modes[i].name, rs(req.result, FS_NUM));
    uv_fs_req_cleanup(&req);
  }
  T("access %s %s:%s", path, mode_name(m), line);
}

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("access");
  T("running as root: %s", yesno(geteuid() == 0));
  mkfile("m0000", "", 0644);
  mkfile("m0400", "", 0644);
  mkfile("m0200", "", 0644);
  mkfile("m0100", "", 0644);
  mkfile("m0755", "", 0644);
  CHECK(0 == chmod("m0000", 0) && 0 == chmod("m0400", 0400) &&
        0 == chmod("m0200", 0200) && 0 == chmod("m0100", 0100) &&
        0 == chmod("m0755", 0755));
  mkdir_c("dir");
  CHECK(0 == symlink("nowhere", "dangling"));
  CHECK(0 == symlink("m0755", "link"));
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    acc(m, "m0000");
    acc(m, "m0400");
    acc(m, "m0200");
    acc(m, "m0100");
    acc(m, "m0755");
    acc(m, "dir");
    acc(m, "link");
    acc(m, "missing");
    acc(m, "dangling");
    acc(m, "m0755/x");
    fs_run(m, "access mode 0x40", &req,
           uv_fs_access(loop, &req, "m0755", 0x40, CB(m)), "m0755", FS_NUM);
  }
  fs_teardown();
  return 0;
}
