/* uv_fs_event on a file (inotify), one change at a time (30 ms timer after
 * each change, see fs_event_dir): write, chmod, set times, rename the file
 * (the watch follows the inode; the filename reported stays the watched
 * path's basename), write to it under its new name, a change to another
 * file in the same directory (not reported), then delete it (whatever libuv
 * reports for the delete is printed), then stop. uv_fs_event_getpath gives
 * the path passed to start. */
#include "fs_common.h"

static uv_fs_event_t ev;
static uv_timer_t step_timer;
static int step;

static void ev_cb(uv_fs_event_t* h, const char* filename, int events,
                  int status) {
  CHECK(h == &ev);
  T("  event: status %s, %s%s%s, filename %s", rs(status, FS_NUM),
    events & UV_RENAME ? "RENAME" : "",
    (events & UV_RENAME) && (events & UV_CHANGE) ? "|" : "",
    events & UV_CHANGE ? "CHANGE" : "", filename ? filename : "NULL");
}

static void step_cb(uv_timer_t* t) {
  int fd;
  struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
  switch (step++) {
    case 0:
      T("write to d/f");
      fd = open("d/f", O_WRONLY);
      CHECK(fd >= 0 && write(fd, "more", 4) == 4 && 0 == close(fd));
      break;
    case 1:
      T("chmod d/f");
      CHECK(0 == chmod("d/f", 0600));
      break;
    case 2:
      T("utimensat d/f");
      CHECK(0 == utimensat(AT_FDCWD, "d/f", ts, 0));
      break;
    case 3:
      T("rename d/f -> d/g");
      CHECK(0 == rename("d/f", "d/g"));
      break;
    case 4:
      T("write to d/g");
      fd = open("d/g", O_WRONLY);
      CHECK(fd >= 0 && write(fd, "x", 1) == 1 && 0 == close(fd));
      break;
    case 5:
      T("write to d/other");
      fd = open("d/other", O_WRONLY);
      CHECK(fd >= 0 && write(fd, "x", 1) == 1 && 0 == close(fd));
      break;
    case 6:
      T("unlink d/g");
      CHECK(0 == unlink("d/g"));
      break;
    default: {
      char buf[64];
      size_t size = sizeof buf;
      int r = uv_fs_event_getpath(&ev, buf, &size);
      T("getpath -> %s \"%s\" size %zu", rs(r, FS_NUM), r == 0 ? buf : "",
        size);
      T("stop -> %s", rs(uv_fs_event_stop(&ev), FS_NUM));
      uv_close((uv_handle_t*) &ev, NULL);
      uv_close((uv_handle_t*) t, NULL);
      return;
    }
  }
  CHECK(0 == uv_timer_start(t, step_cb, 30, 0));
}

int main(void) {
  int r;
  fs_setup("event_file");
  mkdir_c("d");
  mkfile("d/f", "content", 0644);
  mkfile("d/other", "", 0644);
  CHECK(0 == uv_fs_event_init(loop, &ev));
  r = uv_fs_event_start(&ev, ev_cb, "d/f", 0);
  T("start on file d/f -> %s, active %d", rs(r, FS_NUM),
    uv_is_active((uv_handle_t*) &ev));
  CHECK(0 == uv_timer_init(loop, &step_timer));
  CHECK(0 == uv_timer_start(&step_timer, step_cb, 30, 0));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  fs_teardown();
  return 0;
}
