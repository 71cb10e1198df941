/* uv_fs_event API edges (no events needed): getpath before start (EINVAL),
 * start on a missing path (ENOENT, handle stays inactive), start with
 * UV_FS_EVENT_RECURSIVE on Linux (accepted: 0), with UV_FS_EVENT_WATCH_ENTRY and
 * UV_FS_EVENT_STAT (what libuv gives), start while active, getpath with a
 * large buffer (0, size = length), a buffer of exactly the length (ENOBUFS,
 * size = length + 1), a too small one (ENOBUFS, required size), stop, stop
 * again, getpath after stop, restart on another path, two handles on the
 * same path, close while active. */
#include "fs_common.h"

static void ev_cb(uv_fs_event_t* h, const char* filename, int events,
                  int status) {
  (void) h; (void) filename; (void) events; (void) status;
  T("unexpected event");
}

static void gp(uv_fs_event_t* h, const char* label, size_t size) {
  char buf[64];
  size_t sz = size;
  int r;
  memset(buf, '#', sizeof buf);
  r = uv_fs_event_getpath(h, buf, &sz);
  T("getpath %s (size %zu) -> %s, size now %zu%s%s%s", label, size,
    rs(r, FS_NUM), sz, r == 0 ? ", \"" : "", r == 0 ? buf : "",
    r == 0 ? "\"" : "");
}

static void st(uv_fs_event_t* h, const char* label, const char* path,
               unsigned flags) {
  int r = uv_fs_event_start(h, ev_cb, path, flags);
  T("start %s -> %s, active %d", label, rs(r, FS_NUM),
    uv_is_active((uv_handle_t*) h));
}

int main(void) {
  uv_fs_event_t a, b;
  fs_setup("event_api");
  mkdir_c("dir");
  mkfile("dir/file", "", 0644);
  CHECK(0 == uv_fs_event_init(loop, &a));
  CHECK(0 == uv_fs_event_init(loop, &b));
  T("after init: active %d, type %s", uv_is_active((uv_handle_t*) &a),
    uv_handle_type_name(uv_handle_get_type((uv_handle_t*) &a)));
  gp(&a, "before start", 64);
  st(&a, "on missing path", "missing", 0);
  st(&a, "on file/x", "dir/file/x", 0);
  gp(&a, "after failed start", 64);
  st(&a, "RECURSIVE on dir", "dir", UV_FS_EVENT_RECURSIVE);
  T("stop -> %s", rs(uv_fs_event_stop(&a), FS_NUM));
  st(&a, "WATCH_ENTRY on dir", "dir", UV_FS_EVENT_WATCH_ENTRY);
  T("stop -> %s", rs(uv_fs_event_stop(&a), FS_NUM));
  st(&a, "STAT on dir/file", "dir/file", UV_FS_EVENT_STAT);
  T("stop -> %s", rs(uv_fs_event_stop(&a), FS_NUM));
  st(&a, "on dir", "dir", 0);
  st(&a, "again while active (dir/file)", "dir/file", 0);
  gp(&a, "large buffer", 64);
  gp(&a, "exactly strlen", 3);
  gp(&a, "strlen + 1", 4);
  gp(&a, "too small", 1);
  gp(&a, "size 0", 0);
  st(&b, "second handle on dir", "dir", 0);
  {
    int r = uv_fs_event_stop(&a);
    T("stop -> %s, active %d", rs(r, FS_NUM), uv_is_active((uv_handle_t*) &a));
  }
  T("stop again -> %s", rs(uv_fs_event_stop(&a), FS_NUM));
  gp(&a, "after stop", 64);
  st(&a, "restart on dir/file", "dir/file", 0);
  gp(&a, "after restart", 64);
  T("close both while active");
  uv_close((uv_handle_t*) &a, NULL);
  uv_close((uv_handle_t*) &b, NULL);
  T("closing: %d %d", uv_is_closing((uv_handle_t*) &a),
    uv_is_closing((uv_handle_t*) &b));
  T("run -> %d", uv_run(loop, UV_RUN_DEFAULT));
  fs_teardown();
  return 0;
}
