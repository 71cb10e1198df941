/* Non-ASCII (UTF-8) names, sync and async: open/create "ünïcødé-файл-名前.txt",
 * write and read it, stat, a directory "dïr-目录", rename between UTF-8
 * names, scandir lists the names byte for byte (sorted by bytes), readlink
 * and realpath return them intact, unlink / rmdir. */
#include "fs_common.h"

#define NAME "\xc3\xbcn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9-\xd1\x84\xd0\xb0\xd0\xb9\xd0\xbb-\xe5\x90\x8d\xe5\x89\x8d.txt"
#define DIRN "d\xc3\xafr-\xe7\x9b\xae\xe5\xbd\x95"
#define NAME2 "\xce\xb1\xce\xb2\xce\xb3"
#define LINKN "\xf0\x9f\x94\x97-link"

int main(void) {
  int m;
  uv_fs_t req;
  fs_setup("unicode");
  CHECK(strcmp(NAME, "ünïcødé-файл-名前.txt") == 0);
  for (m = 0; m < 2; m++) {
    char buf[32];
    uv_buf_t b;
    ssize_t fd, r;
    uv_dirent_t ent;
    T("-- %s", mode_name(m));
    fd = fs_run(m, "open CREAT " NAME, &req,
                uv_fs_open(loop, &req, NAME, UV_FS_O_CREAT | UV_FS_O_RDWR, 0644,
                           CB(m)), NAME, FS_FD);
    CHECK(fd >= 0);
    b = uv_buf_init("héllo wörld", (unsigned) strlen("héllo wörld"));
    fs_run(m, "write", &req, uv_fs_write(loop, &req, (int) fd, &b, 1, 0, CB(m)),
           NULL, FS_NUM);
    memset(buf, 0, sizeof buf);
    b = uv_buf_init(buf, sizeof buf - 1);
    fs_run(m, "read", &req, uv_fs_read(loop, &req, (int) fd, &b, 1, 0, CB(m)),
           NULL, FS_NUM);
    T("  read back \"%s\"", buf);
    CHECK(0 == uv_fs_close(NULL, &req, (int) fd, NULL));
    uv_fs_req_cleanup(&req);
    fs_done(m, "stat " NAME, &req, uv_fs_stat(loop, &req, NAME, CB(m)), NAME,
            FS_NUM);
    print_stat("  ", &req.statbuf);
    uv_fs_req_cleanup(&req);
    fs_run(m, "mkdir " DIRN, &req, uv_fs_mkdir(loop, &req, DIRN, 0755, CB(m)),
           DIRN, FS_NUM);
    fs_run(m, "rename into " DIRN "/" NAME2, &req,
           uv_fs_rename(loop, &req, NAME, DIRN "/" NAME2, CB(m)), NAME, FS_NUM);
    fs_run(m, "symlink " LINKN " -> " DIRN "/" NAME2, &req,
           uv_fs_symlink(loop, &req, DIRN "/" NAME2, LINKN, 0, CB(m)),
           DIRN "/" NAME2, FS_NUM);
    mkfile("ascii", "", 0644);
    r = fs_done(m, "scandir .", &req, uv_fs_scandir(loop, &req, ".", 0, CB(m)),
                ".", FS_NUM);
    while (uv_fs_scandir_next(&req, &ent) == 0)
      T("  %s (%s)", ent.name, dirent_name(ent.type));
    uv_fs_req_cleanup(&req);
    (void) r;
    r = fs_done(m, "readlink " LINKN, &req,
                uv_fs_readlink(loop, &req, LINKN, CB(m)), LINKN, FS_NUM);
    T("  ptr \"%s\"", r == 0 ? (char*) req.ptr : "-");
    uv_fs_req_cleanup(&req);
    r = fs_done(m, "realpath " LINKN, &req,
                uv_fs_realpath(loop, &req, LINKN, CB(m)), LINKN, FS_NUM);
    T("  ends with /" DIRN "/" NAME2 ": %s",
      yesno(r == 0 && strlen(req.ptr) > strlen("/" DIRN "/" NAME2) &&
            strcmp((char*) req.ptr + strlen(req.ptr) -
                       strlen("/" DIRN "/" NAME2),
                   "/" DIRN "/" NAME2) == 0));
    uv_fs_req_cleanup(&req);
    fs_run(m, "unlink " LINKN, &req, uv_fs_unlink(loop, &req, LINKN, CB(m)),
           LINKN, FS_NUM);
    fs_run(m, "unlink " DIRN "/" NAME2, &req,
           uv_fs_unlink(loop, &req, DIRN "/" NAME2, CB(m)), DIRN "/" NAME2,
           FS_NUM);
    fs_run(m, "rmdir " DIRN, &req, uv_fs_rmdir(loop, &req, DIRN, CB(m)), DIRN,
           FS_NUM);
    fs_run(m, "stat " NAME " (gone)", &req, uv_fs_stat(loop, &req, NAME, CB(m)),
           NAME, FS_NUM);
    CHECK(0 == unlink("ascii"));
  }
  fs_teardown();
  return 0;
}
