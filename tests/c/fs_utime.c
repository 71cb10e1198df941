/* uv_fs_utime / uv_fs_futime / uv_fs_lutime, sync and async, read back with
 * stat/lstat st_atim / st_mtim (tv_sec and tv_nsec as libuv gives them, so
 * the double-to-timespec rounding is pinned): 1234567890.5,
 * 1234567890.123456789, 0, 1.25, 4102444800 (year 2100); utime through a
 * symlink changes the target, lutime changes the link only; errors ENOENT,
 * ENOTDIR, futime on a bad fd (EBADF). */
#include "fs_common.h"

static void show(const char* p, int follow) {
  uv_fs_t req;
  if (follow)
    CHECK(0 == uv_fs_stat(NULL, &req, p, NULL));
  else
    CHECK(0 == uv_fs_lstat(NULL, &req, p, NULL));
  T("  %s %s: atime %lld.%09ld mtime %lld.%09ld", follow ? "stat" : "lstat", p,
    (long long) req.statbuf.st_atim.tv_sec, (long) req.statbuf.st_atim.tv_nsec,
    (long long) req.statbuf.st_mtim.tv_sec, (long) req.statbuf.st_mtim.tv_nsec);
  uv_fs_req_cleanup(&req);
}

static const double times[][2] = {
  {1234567890.5, 1234567890.5},
  {1234567890.123456789, 987654321.987654321},
  {0, 0},
  {1.25, 2.75},
  {4102444800.0, 4102444800.000001},
};

int main(void) {
  int m, fd;
  size_t i;
  uv_fs_t req;
  fs_setup("utime");
  for (m = 0; m < 2; m++) {
    const char* f = nm("f-%s", mode_name(m));
    const char* g = nm("g-%s", mode_name(m));
    const char* l = nm("l-%s", mode_name(m));
    T("-- %s", mode_name(m));
    mkfile(f, "x", 0644);
    mkfile(g, "y", 0644);
    CHECK(0 == symlink(g, l));
    for (i = 0; i < sizeof times / sizeof times[0]; i++) {
      fs_run(m, nm("utime %.9f %.9f", times[i][0], times[i][1]), &req,
             uv_fs_utime(loop, &req, f, times[i][0], times[i][1], CB(m)), f,
             FS_NUM);
      show(f, 1);
    }
    fd = open(f, O_RDONLY);
    CHECK(fd >= 0);
    fs_run(m, "futime 1500000000.25 1600000000.75", &req,
           uv_fs_futime(loop, &req, fd, 1500000000.25, 1600000000.75, CB(m)),
           NULL, FS_NUM);
    show(f, 1);
    CHECK(0 == close(fd));
    fs_run(m, "futime closed fd", &req,
           uv_fs_futime(loop, &req, fd, 1, 1, CB(m)), NULL, FS_NUM);
    fs_run(m, "utime via symlink 1000000000 1000000001", &req,
           uv_fs_utime(loop, &req, l, 1000000000, 1000000001, CB(m)), l, FS_NUM);
    show(g, 1);
    fs_run(m, "lutime symlink 1100000000.5 1200000000.5", &req,
           uv_fs_lutime(loop, &req, l, 1100000000.5, 1200000000.5, CB(m)), l,
           FS_NUM);
    show(l, 0);
    show(g, 1);
    fs_run(m, "lutime regular file 1300000000 1300000000", &req,
           uv_fs_lutime(loop, &req, f, 1300000000, 1300000000, CB(m)), f,
           FS_NUM);
    show(f, 1);
    fs_run(m, "utime missing", &req,
           uv_fs_utime(loop, &req, "missing", 1, 1, CB(m)), "missing", FS_NUM);
    fs_run(m, "lutime missing", &req,
           uv_fs_lutime(loop, &req, "missing", 1, 1, CB(m)), "missing", FS_NUM);
    fs_run(m, "utime file/x", &req,
           uv_fs_utime(loop, &req, nm("%s/x", f), 1, 1, CB(m)), nm("%s/x", f),
           FS_NUM);
  }
  fs_teardown();
  return 0;
}
