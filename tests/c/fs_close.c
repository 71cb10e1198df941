/* uv_fs_close, sync and async: closing an open file (result 0, path NULL),
 * closing it again (EBADF), closing -1 and a large unused descriptor
 * (EBADF); what the request fields hold afterwards. */
#include "fs_common.h"

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("close");
  for (m = 0; m < 2; m++) {
    int fd = open(nm("f%d", m), O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    T("-- %s", mode_name(m));
    fs_done(m, "close open fd", &req, uv_fs_close(loop, &req, fd, CB(m)), NULL,
            FS_NUM);
    T("  ptr NULL: %s, loop set: %s, req type is UV_FS: %s",
      yesno(req.ptr == NULL), yesno(req.loop == loop), yesno(req.type == UV_FS));
    uv_fs_req_cleanup(&req);
    fs_run(m, "close same fd again", &req, uv_fs_close(loop, &req, fd, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "close -1", &req, uv_fs_close(loop, &req, -1, CB(m)), NULL, FS_NUM);
    fs_run(m, "close 4000 (never opened)", &req,
           uv_fs_close(loop, &req, 4000, CB(m)), NULL, FS_NUM);
  }
  fs_teardown();
  return 0;
}
