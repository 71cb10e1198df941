/* uv_fs_poll (10 ms interval) through a file's life, each change made from
 * the previous poll callback so every callback sees exactly one change:
 * start on a missing file (callback: ENOENT, prev and curr zeroed), create
 * it with 3 bytes (status 0, prev size 0 -> curr size 3), replace it with 8
 * bytes (0, 3 -> 8), delete it (ENOENT, prev size 8, curr zeroed), then
 * stop. Files are written under another name and renamed into place so a
 * poll never sees a half-made change. */
#include "fs_common.h"

static uv_fs_poll_t poll_h;
static int calls;

static void put(const char* content) {
  mkfile("tmp", content, 0644);
  CHECK(0 == rename("tmp", "file"));
}

static void poll_cb(uv_fs_poll_t* h, int status, const uv_stat_t* prev,
                    const uv_stat_t* curr) {
  CHECK(h == &poll_h);
  calls++;
  T("poll callback %d: status %s, prev size %llu type %s, curr size %llu "
    "type %s", calls, rs(status, FS_NUM), (unsigned long long) prev->st_size,
    prev->st_mode ? ftype(prev->st_mode) : "none",
    (unsigned long long) curr->st_size,
    curr->st_mode ? ftype(curr->st_mode) : "none");
  switch (calls) {
    case 1:
      T("create file (3 bytes)");
      put("abc");
      break;
    case 2:
      T("replace file (8 bytes)");
      put("abcdefgh");
      break;
    case 3:
      T("delete file");
      CHECK(0 == unlink("file"));
      break;
    default: {
      int r = uv_fs_poll_stop(h);
      T("stop -> %s, active %d", rs(r, FS_NUM), uv_is_active((uv_handle_t*) h));
      uv_close((uv_handle_t*) h, NULL);
    }
  }
}

int main(void) {
  int r;
  fs_setup("poll_life");
  CHECK(0 == uv_fs_poll_init(loop, &poll_h));
  r = uv_fs_poll_start(&poll_h, poll_cb, "file", 10);
  T("start on missing file -> %s, active %d", rs(r, FS_NUM),
    uv_is_active((uv_handle_t*) &poll_h));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d, callbacks %d", r, calls);
  fs_teardown();
  return 0;
}
