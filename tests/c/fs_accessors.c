/* uv_fs_get_type / uv_fs_get_result / uv_fs_get_ptr / uv_fs_get_path /
 * uv_fs_get_statbuf / uv_fs_get_system_error, sync and async, on a
 * successful stat (ptr == statbuf == &req.statbuf, system error 0), a failed
 * stat (ENOENT: system error is the positive errno 2), an open (result is the
 * fd; system error is -fd: it is just -result), a readlink (ptr is the target), a failed close (EBADF: 9), a
 * write (result = bytes, path NULL), and a request rejected by the call
 * (EINVAL for NULL bufs: result stays 0); the accessors agree with the
 * public fields; uv_req_type_name / uv_req_size for UV_FS. */
#include "fs_common.h"

static void show(const char* label, uv_fs_t* req) {
  T("  %s: get_type=%s get_result=%s get_system_error=%d path=%s "
    "get_ptr==ptr %s get_statbuf==&statbuf %s",
    label, fs_type_name(uv_fs_get_type(req)),
    rs(uv_fs_get_result(req), FS_NUM), uv_fs_get_system_error(req),
    uv_fs_get_path(req) ? uv_fs_get_path(req) : "NULL",
    yesno(uv_fs_get_ptr(req) == req->ptr),
    yesno(uv_fs_get_statbuf(req) == &req->statbuf));
  CHECK(uv_fs_get_type(req) == req->fs_type);
  CHECK(uv_fs_get_result(req) == req->result);
  CHECK(uv_fs_get_path(req) == req->path);
}

int main(void) {
  int m, fd;
  uv_fs_t req;
  uv_buf_t b = uv_buf_init("xy", 2);
  fs_setup("accessors");
  mkfile("file", "hello", 0644);
  CHECK(0 == symlink("file", "link"));
  T("req type name %s, req size matches: %s", uv_req_type_name(UV_FS),
    yesno(uv_req_size(UV_FS) == sizeof(uv_fs_t)));
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    fs_done(m, "stat file", &req, uv_fs_stat(loop, &req, "file", CB(m)), "file",
            FS_NUM);
    show("stat", &req);
    T("  ptr is statbuf %s, statbuf size %llu", yesno(uv_fs_get_ptr(&req) ==
      (void*) uv_fs_get_statbuf(&req)),
      (unsigned long long) uv_fs_get_statbuf(&req)->st_size);
    uv_fs_req_cleanup(&req);
    fs_done(m, "stat missing", &req, uv_fs_stat(loop, &req, "missing", CB(m)),
            "missing", FS_NUM);
    show("stat missing", &req);
    T("  ptr NULL %s", yesno(uv_fs_get_ptr(&req) == NULL));
    uv_fs_req_cleanup(&req);
    fd = (int) fs_done(m, "open", &req,
                       uv_fs_open(loop, &req, "file", UV_FS_O_RDWR, 0, CB(m)),
                       "file", FS_FD);
    CHECK(fd >= 0);
    T("  get_result == fd %s, get_system_error == -fd %s, ptr NULL %s",
      yesno(uv_fs_get_result(&req) == fd), yesno(uv_fs_get_system_error(&req) == -fd),
      yesno(uv_fs_get_ptr(&req) == NULL));
    uv_fs_req_cleanup(&req);
    fs_done(m, "write", &req, uv_fs_write(loop, &req, fd, &b, 1, 0, CB(m)), NULL,
            FS_NUM);
    show("write", &req);
    uv_fs_req_cleanup(&req);
    fs_done(m, "write NULL bufs", &req,
            uv_fs_write(loop, &req, fd, NULL, 1, 0, CB(m)), NULL, FS_NUM);
    show("write NULL bufs", &req);
    uv_fs_req_cleanup(&req);
    CHECK(0 == close(fd));
    fs_done(m, "close it again", &req, uv_fs_close(loop, &req, fd, CB(m)), NULL,
            FS_NUM);
    show("close", &req);
    uv_fs_req_cleanup(&req);
    fs_done(m, "readlink", &req, uv_fs_readlink(loop, &req, "link", CB(m)),
            "link", FS_NUM);
    show("readlink", &req);
    T("  get_ptr \"%s\"", (char*) uv_fs_get_ptr(&req));
    uv_fs_req_cleanup(&req);
    fs_done(m, "mkdir existing", &req, uv_fs_mkdir(loop, &req, ".", 0755, CB(m)),
            ".", FS_NUM);
    show("mkdir", &req);
    uv_fs_req_cleanup(&req);
  }
  fs_teardown();
  return 0;
}
