/* uv_fs_open flags and modes, sync and async: CREAT with a mode (stat shows
 * the permission bits), EXCL on a new file, TRUNC empties, APPEND writes at
 * the end, RDONLY / WRONLY / RDWR decide what read and write may do (EBADF
 * otherwise). Prints result ("fd" for a descriptor), fs_type and whether
 * req->path is the path passed; close after each. */
#include "fs_common.h"

static uv_file open_m(int m, const char* label, const char* path, int flags,
                      int mode) {
  uv_fs_t req;
  ssize_t r = fs_run(m, label, &req,
                     uv_fs_open(loop, &req, path, flags, mode, CB(m)), path,
                     FS_FD);
  return (uv_file) r;
}

static void close_fd(uv_file fd) {
  uv_fs_t req;
  CHECK(0 == uv_fs_close(NULL, &req, fd, NULL));
  uv_fs_req_cleanup(&req);
}

static void try_rw(uv_file fd, const char* what) {
  uv_fs_t req;
  char c = 'x';
  uv_buf_t b = uv_buf_init(&c, 1);
  int r = uv_fs_write(NULL, &req, fd, &b, 1, -1, NULL);
  uv_fs_req_cleanup(&req);
  int w = r;
  r = uv_fs_read(NULL, &req, fd, &b, 1, 0, NULL);
  uv_fs_req_cleanup(&req);
  T("  %s: write 1 byte -> %s, read at 0 -> %s", what, rs(w, FS_NUM),
    rs(r, FS_NUM));
}

static void show(const char* path) {
  struct stat st;
  CHECK(0 == stat(path, &st));
  T("  %s: perm=%04o size=%ld content=\"%s\"", path, st.st_mode & 07777,
    (long) st.st_size, slurp(path));
}

int main(void) {
  int m;
  uv_file fd;
  fs_setup("open_flags");
  for (m = 0; m < 2; m++) {
    const char* a = nm("a-%s", mode_name(m));
    const char* b = nm("b-%s", mode_name(m));
    const char* c = nm("c-%s", mode_name(m));
    T("-- %s", mode_name(m));
    fd = open_m(m, "open CREAT|WRONLY 0640", a, UV_FS_O_CREAT | UV_FS_O_WRONLY,
                0640);
    CHECK(fd >= 0);
    try_rw(fd, "WRONLY");
    close_fd(fd);
    show(a);
    fd = open_m(m, "open CREAT|EXCL|RDWR 0600", b,
                UV_FS_O_CREAT | UV_FS_O_EXCL | UV_FS_O_RDWR, 0600);
    CHECK(fd >= 0);
    try_rw(fd, "RDWR");
    close_fd(fd);
    show(b);
    fd = open_m(m, "open CREAT 0777 (umask 022)", c,
                UV_FS_O_CREAT | UV_FS_O_RDONLY, 0777);
    close_fd(fd);
    show(c);
    fd = open_m(m, "open RDONLY", a, UV_FS_O_RDONLY, 0);
    try_rw(fd, "RDONLY");
    close_fd(fd);
    mkfile(a, "hello", 0644);
    fd = open_m(m, "open WRONLY|APPEND", a, UV_FS_O_WRONLY | UV_FS_O_APPEND, 0);
    try_rw(fd, "APPEND");
    close_fd(fd);
    show(a);
    fd = open_m(m, "open WRONLY|TRUNC", a, UV_FS_O_WRONLY | UV_FS_O_TRUNC, 0);
    close_fd(fd);
    show(a);
    fd = open_m(m, "open CREAT on existing (mode ignored)", b,
                UV_FS_O_CREAT | UV_FS_O_RDWR, 0666);
    close_fd(fd);
    show(b);
    fd = open_m(m, "open directory RDONLY", ".", UV_FS_O_RDONLY, 0);
    CHECK(fd >= 0);
    close_fd(fd);
  }
  fs_teardown();
  return 0;
}
