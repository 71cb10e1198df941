/* Asynchronous fs requests chained from their callbacks, with one uv_fs_t
 * reused for the whole chain: open(CREAT) -> write -> fstat -> read ->
 * ftruncate -> fsync -> close -> rename -> unlink -> stat (ENOENT); a
 * synchronous request made inside a callback (runs at once on the loop
 * thread); uv_loop_alive and loop->active_reqs.count seen from inside a
 * callback (the request being completed is no longer counted); one uv_run
 * runs the whole chain and returns 0. */
#include "fs_common.h"

static uv_fs_t req;
static uv_file fd;
static char rbuf[16];
static int step;

static void next(uv_fs_t* r);

static void line(uv_fs_t* r, const char* what) {
  uv_thread_t self = uv_thread_self();
  CHECK(uv_thread_equal(&self, &fs_main_thread));
  T("%d %s: type %s result %s, active reqs %u, alive %d", step, what,
    fs_type_name(r->fs_type),
    rs(r->result, r->fs_type == UV_FS_OPEN ? FS_FD : FS_NUM),
    loop->active_reqs.count, uv_loop_alive(loop));
}

static void next(uv_fs_t* r) {
  uv_buf_t b;
  step++;
  switch (r->fs_type) {
    case UV_FS_OPEN:
      line(r, "opened");
      fd = (uv_file) r->result;
      uv_fs_req_cleanup(r);
      b = uv_buf_init("chained data", 12);
      CHECK(0 == uv_fs_write(loop, r, fd, &b, 1, 0, next));
      break;
    case UV_FS_WRITE: {
      uv_fs_t s;
      line(r, "written");
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_stat(loop, &s, "a", NULL));
      T("  sync stat inside the callback: size %llu, active reqs %u",
        (unsigned long long) s.statbuf.st_size, loop->active_reqs.count);
      uv_fs_req_cleanup(&s);
      CHECK(0 == uv_fs_fstat(loop, r, fd, next));
      break;
    }
    case UV_FS_FSTAT:
      line(r, "fstat");
      T("  size %llu", (unsigned long long) r->statbuf.st_size);
      uv_fs_req_cleanup(r);
      b = uv_buf_init(rbuf, sizeof rbuf);
      CHECK(0 == uv_fs_read(loop, r, fd, &b, 1, 8, next));
      break;
    case UV_FS_READ:
      line(r, "read at 8");
      T("  \"%.*s\"", (int) r->result, rbuf);
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_ftruncate(loop, r, fd, 7, next));
      break;
    case UV_FS_FTRUNCATE:
      line(r, "truncated to 7");
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_fsync(loop, r, fd, next));
      break;
    case UV_FS_FSYNC:
      line(r, "synced");
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_close(loop, r, fd, next));
      break;
    case UV_FS_CLOSE:
      line(r, "closed");
      T("  content \"%s\"", slurp("a"));
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_rename(loop, r, "a", "b", next));
      break;
    case UV_FS_RENAME:
      line(r, "renamed a -> b");
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_unlink(loop, r, "b", next));
      break;
    case UV_FS_UNLINK:
      line(r, "unlinked b");
      uv_fs_req_cleanup(r);
      CHECK(0 == uv_fs_stat(loop, r, "b", next));
      break;
    case UV_FS_STAT:
      line(r, "stat b");
      uv_fs_req_cleanup(r);
      break;
    default:
      CHECK(0);
  }
}

int main(void) {
  int r;
  fs_setup("chain");
  CHECK(0 == uv_fs_open(loop, &req, "a", UV_FS_O_CREAT | UV_FS_O_RDWR, 0644,
                        next));
  T("queued open: active reqs %u, alive %d", loop->active_reqs.count,
    uv_loop_alive(loop));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d after %d steps, active reqs %u", r, step,
    loop->active_reqs.count);
  fs_teardown();
  return 0;
}
