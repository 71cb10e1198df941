/* uv_fs_statfs, sync and async: on "." and on a file it succeeds with
 * req->ptr a uv_statfs_t whose f_bsize > 0 and f_blocks >= f_bfree >=
 * f_bavail (only those facts are printed); ENOENT and ENOTDIR otherwise, with
 * req->ptr NULL. */
#include "fs_common.h"

static void sf(int m, const char* label, const char* path) {
  uv_fs_t req;
  ssize_t r = fs_done(m, label, &req, uv_fs_statfs(loop, &req, path, CB(m)),
                      path, FS_NUM);
  if (r == 0) {
    uv_statfs_t* s = (uv_statfs_t*) req.ptr;
    CHECK(s != NULL);
    T("  f_bsize > 0: %s, blocks >= bfree >= bavail: %s",
      yesno(s->f_bsize > 0),
      yesno(s->f_blocks >= s->f_bfree && s->f_bfree >= s->f_bavail));
  } else {
    T("  ptr NULL: %s", yesno(req.ptr == NULL));
  }
  uv_fs_req_cleanup(&req);
  T("  ptr NULL after cleanup: %s", yesno(req.ptr == NULL));
}

int main(void) {
  int m;
  fs_setup("statfs");
  mkfile("file", "x", 0644);
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    sf(m, "statfs .", ".");
    sf(m, "statfs file", "file");
    sf(m, "statfs missing", "missing");
    sf(m, "statfs file/x", "file/x");
  }
  fs_teardown();
  return 0;
}
