/* Poll handles on a socketpair: writable at once, readable after the peer
 * writes, UV_DISCONNECT when the peer closes; start with 0 stops; a second
 * poll handle on the same descriptor while one polls is EEXIST; a regular
 * file cannot be polled. */
#include "net_common.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_poll_t pa, pb, dup_handle, file_handle;
static int fds[2];
static int step;

static void poll_cb(uv_poll_t* h, int status, int events) {
  char buf[16];
  step++;
  T("step %d: %s status %s events%s%s%s", step, h == &pa ? "a" : "b", ename(status),
    events & UV_READABLE ? " readable" : "", events & UV_WRITABLE ? " writable" : "",
    events & UV_DISCONNECT ? " disconnect" : "");
  if (h == &pa && (events & UV_WRITABLE)) {
    /* Done with writability; now wait for what b sends. */
    CHECK(0 == uv_poll_start(&pa, UV_READABLE | UV_DISCONNECT, poll_cb));
    CHECK(1 == write(fds[1], "x", 1));
    return;
  }
  if (h == &pa && (events & UV_READABLE) && !(events & UV_DISCONNECT)) {
    CHECK(1 == read(fds[0], buf, sizeof buf));
    close(fds[1]);
    uv_close((uv_handle_t*) &pb, NULL);
    return;
  }
  if (h == &pa && (events & UV_DISCONNECT)) {
    T("read after disconnect: %zd", read(fds[0], buf, sizeof buf));
    T("stop: %s", ename(uv_poll_stop(h)));
    T("active after stop: %d", uv_is_active((uv_handle_t*) h));
    uv_close((uv_handle_t*) h, NULL);
  }
}

int main(void) {
  int file;
  loop = uv_default_loop();
  CHECK(0 == socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
  T("init a: %s", ename(uv_poll_init(loop, &pa, fds[0])));
  T("init b: %s", ename(uv_poll_init_socket(loop, &pb, fds[1])));
  T("nonblocking after init: %s", yesno(fcntl(fds[0], F_GETFL) & O_NONBLOCK));
  T("start a writable: %s", ename(uv_poll_start(&pa, UV_WRITABLE, poll_cb)));
  T("active a %d b %d", uv_is_active((uv_handle_t*) &pa), uv_is_active((uv_handle_t*) &pb));
  T("second handle on a polled fd: %s", ename(uv_poll_init(loop, &dup_handle, fds[0])));
  T("start b with 0: %s", ename(uv_poll_start(&pb, 0, poll_cb)));
  T("b active: %d", uv_is_active((uv_handle_t*) &pb));
  file = open("/proc/self/status", O_RDONLY);
  T("regular file: %s", ename(uv_poll_init(loop, &file_handle, file)));
  {
    uv_os_fd_t fd;
    T("fileno matches: %s", yesno(uv_fileno((uv_handle_t*) &pa, &fd) == 0 && fd == fds[0]));
  }
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  close(fds[0]);
  close(file);
  finish_loop(loop);
  return 0;
}
