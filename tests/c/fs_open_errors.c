/* uv_fs_open errors, sync and async: ENOENT (missing file, missing parent),
 * EEXIST (CREAT|EXCL), EISDIR (directory for writing), ENOTDIR (file used as
 * a directory; O_DIRECTORY on a file), ENAMETOOLONG (component over
 * NAME_MAX), ELOOP (a symlink loop; O_NOFOLLOW on a symlink), and a dangling
 * symlink with and without CREAT. */
#include "fs_common.h"

static void try_open(int m, const char* label, const char* path, int flags) {
  uv_fs_t req;
  ssize_t r = fs_run(m, label, &req,
                     uv_fs_open(loop, &req, path, flags, 0644, CB(m)), path,
                     FS_FD);
  if (r >= 0) {
    CHECK(0 == uv_fs_close(NULL, &req, (uv_file) r, NULL));
    uv_fs_req_cleanup(&req);
  }
}

int main(void) {
  int m;
  char longname[300];
  fs_setup("open_errors");
  mkfile("file", "data", 0644);
  mkdir_c("dir");
  CHECK(0 == symlink("loop1", "loop2"));
  CHECK(0 == symlink("loop2", "loop1"));
  CHECK(0 == symlink("file", "link"));
  CHECK(0 == symlink("nowhere", "dangling"));
  memset(longname, 'n', 256);
  longname[256] = '\0';
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    try_open(m, "missing RDONLY", "missing", UV_FS_O_RDONLY);
    try_open(m, "missing parent CREAT", "nodir/x", UV_FS_O_CREAT | UV_FS_O_WRONLY);
    try_open(m, "existing CREAT|EXCL", "file",
             UV_FS_O_CREAT | UV_FS_O_EXCL | UV_FS_O_WRONLY);
    try_open(m, "dir CREAT|EXCL", "dir", UV_FS_O_CREAT | UV_FS_O_EXCL | UV_FS_O_RDONLY);
    try_open(m, "dir WRONLY", "dir", UV_FS_O_WRONLY);
    try_open(m, "dir RDWR", "dir", UV_FS_O_RDWR);
    try_open(m, "file as dir", "file/x", UV_FS_O_RDONLY);
    try_open(m, "file as dir CREAT", "file/x", UV_FS_O_CREAT | UV_FS_O_WRONLY);
    try_open(m, "O_DIRECTORY on file", "file", UV_FS_O_RDONLY | UV_FS_O_DIRECTORY);
    try_open(m, "O_DIRECTORY on dir", "dir", UV_FS_O_RDONLY | UV_FS_O_DIRECTORY);
    try_open(m, "256-byte name", longname, UV_FS_O_CREAT | UV_FS_O_WRONLY);
    try_open(m, "symlink loop", "loop1", UV_FS_O_RDONLY);
    try_open(m, "O_NOFOLLOW on symlink", "link", UV_FS_O_RDONLY | UV_FS_O_NOFOLLOW);
    try_open(m, "O_NOFOLLOW on file", "file", UV_FS_O_RDONLY | UV_FS_O_NOFOLLOW);
    try_open(m, "symlink to file", "link", UV_FS_O_RDONLY);
    try_open(m, "dangling symlink", "dangling", UV_FS_O_RDONLY);
    try_open(m, "empty path", "", UV_FS_O_RDONLY);
  }
  T("dangling symlink CREAT|EXCL (no create through a link):");
  try_open(SYNC, "dangling CREAT|EXCL", "dangling",
           UV_FS_O_CREAT | UV_FS_O_EXCL | UV_FS_O_WRONLY);
  T("dangling CREAT creates the target:");
  try_open(SYNC, "dangling CREAT", "dangling", UV_FS_O_CREAT | UV_FS_O_WRONLY);
  T("target now exists: %s", yesno(exists("nowhere")));
  fs_teardown();
  return 0;
}
