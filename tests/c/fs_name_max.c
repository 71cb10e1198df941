/* Name length limits, sync and async: a 255-byte name (NAME_MAX) works for
 * open/stat/rename/mkdir/symlink/scandir (the entry comes back 255 bytes
 * long), also made of 85 three-byte UTF-8 characters; one byte more (256)
 * gives ENAMETOOLONG from open, stat, mkdir, unlink, rename (as target),
 * symlink and mkdtemp; a path longer than PATH_MAX (4096) gives
 * ENAMETOOLONG. */
#include "fs_common.h"

static char n255[256], n256[257], u255[256], n255b[256], tpl256[257];
static char longpath[5000];

int main(void) {
  int m, i;
  uv_fs_t req;
  fs_setup("name_max");
  memset(n255, 'a', 255);
  memset(n255b, 'b', 255);
  memset(n256, 'c', 256);
  for (i = 0; i < 85; i++) memcpy(u255 + 3 * i, "\xe5\x90\x8d", 3);
  memset(tpl256, 't', 250);
  strcpy(tpl256 + 250, "XXXXXX");
  for (i = 0; i + 2 < (int) sizeof longpath - 1 && i < 4400; i += 2)
    memcpy(longpath + i, "./", 2);
  strcat(longpath, "x");
  T("lengths: %zu %zu %zu %zu %zu", strlen(n255), strlen(u255), strlen(n256),
    strlen(tpl256), strlen(longpath));
  for (m = 0; m < 2; m++) {
    ssize_t fd;
    uv_dirent_t ent;
    T("-- %s", mode_name(m));
    fd = fs_run(m, "open CREAT 255 x 'a'", &req,
                uv_fs_open(loop, &req, n255, UV_FS_O_CREAT | UV_FS_O_WRONLY,
                           0644, CB(m)), n255, FS_FD);
    CHECK(fd >= 0 && 0 == close((int) fd));
    fs_run(m, "stat 255", &req, uv_fs_stat(loop, &req, n255, CB(m)), n255,
           FS_NUM);
    fs_run(m, "rename 255 -> 255 x 'b'", &req,
           uv_fs_rename(loop, &req, n255, n255b, CB(m)), n255, FS_NUM);
    fs_run(m, "mkdir 85 x U+540D (255 bytes)", &req,
           uv_fs_mkdir(loop, &req, u255, 0755, CB(m)), u255, FS_NUM);
    fs_run(m, "symlink 255 'a' -> 255 'b'", &req,
           uv_fs_symlink(loop, &req, n255b, n255, 0, CB(m)), n255b, FS_NUM);
    fs_done(m, "scandir .", &req, uv_fs_scandir(loop, &req, ".", 0, CB(m)), ".",
            FS_NUM);
    while (uv_fs_scandir_next(&req, &ent) == 0)
      T("  entry of %zu bytes starting with %02x (%s)", strlen(ent.name),
        (unsigned char) ent.name[0], dirent_name(ent.type));
    uv_fs_req_cleanup(&req);
    fs_run(m, "open CREAT 256", &req,
           uv_fs_open(loop, &req, n256, UV_FS_O_CREAT | UV_FS_O_WRONLY, 0644,
                      CB(m)), n256, FS_FD);
    fs_run(m, "stat 256", &req, uv_fs_stat(loop, &req, n256, CB(m)), n256,
           FS_NUM);
    fs_run(m, "mkdir 256", &req, uv_fs_mkdir(loop, &req, n256, 0755, CB(m)),
           n256, FS_NUM);
    fs_run(m, "unlink 256", &req, uv_fs_unlink(loop, &req, n256, CB(m)), n256,
           FS_NUM);
    fs_run(m, "rename 255 -> 256", &req,
           uv_fs_rename(loop, &req, n255b, n256, CB(m)), n255b, FS_NUM);
    fs_run(m, "symlink x -> 256", &req,
           uv_fs_symlink(loop, &req, "x", n256, 0, CB(m)), "x", FS_NUM);
    fs_run(m, "mkdtemp 250 + XXXXXX", &req,
           uv_fs_mkdtemp(loop, &req, tpl256, CB(m)), tpl256, FS_NUM);
    fs_run(m, "stat path > PATH_MAX", &req,
           uv_fs_stat(loop, &req, longpath, CB(m)), longpath, FS_NUM);
    fs_run(m, "open path > PATH_MAX", &req,
           uv_fs_open(loop, &req, longpath, UV_FS_O_RDONLY, 0, CB(m)), longpath,
           FS_FD);
    CHECK(0 == unlink(n255) && 0 == unlink(n255b) && 0 == rmdir(u255));
  }
  fs_teardown();
  return 0;
}
