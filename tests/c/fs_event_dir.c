/* uv_fs_event on a directory (inotify), one change at a time: after each
 * change a 30 ms timer lets its events arrive (they are queued by the
 * system call itself, so they are all read before the timer fires) and then
 * makes the next change. Changes inside the watched directory: create a
 * file, write to it, chmod it, rename it (two events: old and new name),
 * create a subdirectory, delete the file, remove the subdirectory; and a
 * change inside the subdirectory (not reported: not recursive). Each
 * callback prints its status, the event bits and the file name. */
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
  switch (step++) {
    case 0:
      T("create w/a");
      fd = open("w/a", O_CREAT | O_WRONLY, 0644);
      CHECK(fd >= 0 && 0 == close(fd));
      break;
    case 1:
      T("write to w/a");
      fd = open("w/a", O_WRONLY);
      CHECK(fd >= 0);
      CHECK(write(fd, "data", 4) == 4);
      CHECK(0 == close(fd));
      break;
    case 2:
      T("chmod w/a");
      CHECK(0 == chmod("w/a", 0600));
      break;
    case 3:
      T("rename w/a -> w/b");
      CHECK(0 == rename("w/a", "w/b"));
      break;
    case 4:
      T("mkdir w/sub");
      CHECK(0 == mkdir("w/sub", 0755));
      break;
    case 5:
      T("create w/sub/inner (not watched)");
      fd = open("w/sub/inner", O_CREAT | O_WRONLY, 0644);
      CHECK(fd >= 0 && 0 == close(fd));
      break;
    case 6:
      T("unlink w/b");
      CHECK(0 == unlink("w/b"));
      break;
    case 7:
      T("unlink w/sub/inner, rmdir w/sub");
      CHECK(0 == unlink("w/sub/inner"));
      CHECK(0 == rmdir("w/sub"));
      break;
    default:
      T("stop -> %s", rs(uv_fs_event_stop(&ev), FS_NUM));
      uv_close((uv_handle_t*) &ev, NULL);
      uv_close((uv_handle_t*) t, NULL);
      return;
  }
  CHECK(0 == uv_timer_start(t, step_cb, 30, 0));
}

int main(void) {
  int r;
  fs_setup("event_dir");
  mkdir_c("w");
  CHECK(0 == uv_fs_event_init(loop, &ev));
  r = uv_fs_event_start(&ev, ev_cb, "w", 0);
  T("start on directory w -> %s, active %d", rs(r, FS_NUM),
    uv_is_active((uv_handle_t*) &ev));
  CHECK(0 == uv_timer_init(loop, &step_timer));
  CHECK(0 == uv_timer_start(&step_timer, step_cb, 30, 0));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  fs_teardown();
  return 0;
}
