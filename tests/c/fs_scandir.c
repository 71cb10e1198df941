/* uv_fs_scandir + uv_fs_scandir_next, sync and async: result is the entry
 * count ("." and ".." left out, dot files kept), entries come sorted (byte
 * order: digits, upper case, '_', lower case), each with its dirent type
 * (file, dir, link, fifo, socket); UV_EOF at the end and again after it;
 * an empty directory (result 0, req->ptr NULL, UV_EOF at once); errors
 * ENOENT / ENOTDIR, which scandir_next then returns too; cleanup in the
 * middle of an iteration. */
#include "fs_common.h"

static void iterate(uv_fs_t* req, int max) {
  uv_dirent_t ent;
  int r, i;
  for (i = 0; i < max; i++) {
    r = uv_fs_scandir_next(req, &ent);
    if (r != 0) {
      T("  next -> %s", rs(r, FS_NUM));
      break;
    }
    T("  next -> %s (%s)", ent.name, dirent_name(ent.type));
  }
}

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("scandir");
  mkdir_c("d");
  mkfile("d/beta", "b", 0644);
  mkfile("d/Zeta", "z", 0644);
  mkfile("d/10", "", 0644);
  mkfile("d/9", "", 0644);
  mkfile("d/.hidden", "", 0644);
  mkfile("d/_under", "", 0644);
  mkdir_c("d/alpha");
  CHECK(0 == symlink("beta", "d/link"));
  CHECK(0 == symlink("nowhere", "d/dangling"));
  CHECK(0 == mkfifo("d/fifo", 0644));
  CHECK(0 == mknod("d/sock", S_IFSOCK | 0644, 0));
  mkdir_c("empty");
  mkfile("file", "", 0644);
  for (m = 0; m < 2; m++) {
    ssize_t r;
    T("-- %s", mode_name(m));
    r = fs_done(m, "scandir d", &req, uv_fs_scandir(loop, &req, "d", 0, CB(m)),
                "d", FS_NUM);
    T("  ptr set: %s", yesno(req.ptr != NULL));
    iterate(&req, (int) r + 1);
    T("  ptr after EOF NULL: %s", yesno(req.ptr == NULL));
    iterate(&req, 1);
    uv_fs_req_cleanup(&req);
    fs_done(m, "scandir empty", &req,
            uv_fs_scandir(loop, &req, "empty", 0, CB(m)), "empty", FS_NUM);
    T("  ptr NULL: %s", yesno(req.ptr == NULL));
    iterate(&req, 2);
    uv_fs_req_cleanup(&req);
    fs_done(m, "scandir missing", &req,
            uv_fs_scandir(loop, &req, "missing", 0, CB(m)), "missing", FS_NUM);
    iterate(&req, 2);
    uv_fs_req_cleanup(&req);
    fs_done(m, "scandir file", &req,
            uv_fs_scandir(loop, &req, "file", 0, CB(m)), "file", FS_NUM);
    iterate(&req, 1);
    uv_fs_req_cleanup(&req);
    fs_done(m, "scandir d/link (symlink to a file)", &req,
            uv_fs_scandir(loop, &req, "d/link", 0, CB(m)), "d/link", FS_NUM);
    uv_fs_req_cleanup(&req);
    fs_done(m, "scandir d, stop after 3 then cleanup", &req,
            uv_fs_scandir(loop, &req, "d", 0, CB(m)), "d", FS_NUM);
    iterate(&req, 3);
    uv_fs_req_cleanup(&req);
    T("  cleaned up: ptr NULL %s", yesno(req.ptr == NULL));
  }
  fs_teardown();
  return 0;
}
