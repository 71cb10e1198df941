/* The other uv_stat_t fields, sync and async, printed as facts only: st_uid /
 * st_gid are the process's, st_dev non-zero, st_rdev 0 for a regular file,
 * st_blksize > 0, st_blocks 0 for an empty and for a sparse file with a
 * hole only (ftruncate to 1 MiB), non-zero after writing 1 MiB, st_flags and
 * st_gen printed, the times all non-zero and mtime == ctime right after a
 * write; fstat and stat of the same file agree on every field. */
#include "fs_common.h"

static int same_stat(const uv_stat_t* a, const uv_stat_t* b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
         a->st_mode == b->st_mode && a->st_nlink == b->st_nlink &&
         a->st_uid == b->st_uid && a->st_gid == b->st_gid &&
         a->st_size == b->st_size && a->st_blocks == b->st_blocks &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
         a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int main(void) {
  int m, fd;
  uv_fs_t req, req2;
  static char mib[1 << 20];
  fs_setup("stat_fields");
  memset(mib, 'm', sizeof mib);
  for (m = 0; m < 2; m++) {
    const char* e = nm("empty-%s", mode_name(m));
    const char* sp = nm("sparse-%s", mode_name(m));
    const char* full = nm("full-%s", mode_name(m));
    uv_stat_t* s;
    T("-- %s", mode_name(m));
    mkfile(e, "", 0644);
    fd = open(sp, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0 && 0 == ftruncate(fd, 1 << 20) && 0 == close(fd));
    fd = open(full, O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0 && write(fd, mib, sizeof mib) == (ssize_t) sizeof mib);
    CHECK(0 == fsync(fd));

    fs_done(m, "stat empty", &req, uv_fs_stat(loop, &req, e, CB(m)), e, FS_NUM);
    s = &req.statbuf;
    T("  uid/gid ours: %s, dev != 0: %s, rdev 0: %s, blksize > 0: %s, "
      "blocks %llu, flags %llu, gen %llu",
      yesno(s->st_uid == (uint64_t) getuid() && s->st_gid == (uint64_t) getgid()),
      yesno(s->st_dev != 0), yesno(s->st_rdev == 0), yesno(s->st_blksize > 0),
      (unsigned long long) s->st_blocks, (unsigned long long) s->st_flags,
      (unsigned long long) s->st_gen);
    T("  times non-zero: atime %s mtime %s ctime %s birthtime %s",
      yesno(s->st_atim.tv_sec != 0), yesno(s->st_mtim.tv_sec != 0),
      yesno(s->st_ctim.tv_sec != 0),
      yesno(s->st_birthtim.tv_sec != 0 || s->st_birthtim.tv_nsec != 0));
    uv_fs_req_cleanup(&req);

    fs_done(m, "stat sparse 1 MiB", &req, uv_fs_stat(loop, &req, sp, CB(m)), sp,
            FS_NUM);
    T("  size %llu blocks %llu", (unsigned long long) req.statbuf.st_size,
      (unsigned long long) req.statbuf.st_blocks);
    uv_fs_req_cleanup(&req);

    fs_done(m, "stat written 1 MiB", &req, uv_fs_stat(loop, &req, full, CB(m)),
            full, FS_NUM);
    fs_done(m, "fstat written 1 MiB", &req2, uv_fs_fstat(loop, &req2, fd, CB(m)),
            NULL, FS_NUM);
    T("  size %llu, blocks*512 >= size: %s, stat == fstat: %s, "
      "mtime == ctime: %s",
      (unsigned long long) req.statbuf.st_size,
      yesno(req.statbuf.st_blocks * 512 >= req.statbuf.st_size),
      yesno(same_stat(&req.statbuf, &req2.statbuf)),
      yesno(req.statbuf.st_mtim.tv_sec == req.statbuf.st_ctim.tv_sec &&
            req.statbuf.st_mtim.tv_nsec == req.statbuf.st_ctim.tv_nsec));
    uv_fs_req_cleanup(&req);
    uv_fs_req_cleanup(&req2);
    CHECK(0 == close(fd));
  }
  fs_teardown();
  return 0;
}
