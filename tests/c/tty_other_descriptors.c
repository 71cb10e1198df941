/* uv_tty_init on what is not a reopenable terminal: a pipe's read end is a
 * read-only stream; a socket pair end reads and writes; a pseudo-terminal's
 * master end is kept as it is (no reopening, writes block, so it stays a
 * blocking descriptor) and works as a stream; a regular file and a closed
 * descriptor are refused with EINVAL. Terminal calls on a non-terminal fail
 * with ENOTTY. The handle closes the descriptor it was given. */
#include "common.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

static uv_loop_t loop;

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  T("write_cb: %s", ename(status));
}

int main(void) {
  uv_tty_t from_pipe, from_socket, from_master, refused;
  int p[2], sv[2], file, master, width, height, slave, n;
  uv_os_fd_t fd;
  uv_write_t req;
  uv_buf_t out = uv_buf_init("xyz\n", 4);
  char got[16];

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == pipe(p));
  CHECK(0 == socketpair(AF_UNIX, SOCK_STREAM, 0, sv));

  T("pipe read end: %s", ename(uv_tty_init(&loop, &from_pipe, p[0], 1)));
  T("  readable %s, writable %s", yesno(uv_is_readable((uv_stream_t*) &from_pipe)),
    yesno(uv_is_writable((uv_stream_t*) &from_pipe)));
  T("  winsize: %s", ename(uv_tty_get_winsize(&from_pipe, &width, &height)));
  T("  raw: %s", ename(uv_tty_set_mode(&from_pipe, UV_TTY_MODE_RAW)));
  T("  normal (already): %s", ename(uv_tty_set_mode(&from_pipe, UV_TTY_MODE_NORMAL)));

  T("socket: %s", ename(uv_tty_init(&loop, &from_socket, sv[0], 0)));
  T("  readable %s, writable %s", yesno(uv_is_readable((uv_stream_t*) &from_socket)),
    yesno(uv_is_writable((uv_stream_t*) &from_socket)));
  T("  non-blocking: %s", yesno(fcntl(sv[0], F_GETFL) & O_NONBLOCK));

  file = open("/proc/self/exe", O_RDONLY);
  CHECK(file >= 0);
  T("regular file: %s", ename(uv_tty_init(&loop, &refused, file, 0)));
  T("closed descriptor: %s", ename(uv_tty_init(&loop, &refused, 1000, 0)));
  close(file);

  master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0) {
    slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    CHECK(slave >= 0);
    T("pty master: %s", ename(uv_tty_init(&loop, &from_master, master, 0)));
    CHECK(0 == uv_fileno((uv_handle_t*) &from_master, &fd));
    T("  same descriptor: %s, non-blocking: %s", yesno(fd == master),
      yesno(fcntl(master, F_GETFL) & O_NONBLOCK));
    T("  write: %s", ename(uv_write(&req, (uv_stream_t*) &from_master, &out, 1, write_cb)));
    T("  queued: %d", (int) from_master.write_queue_size);
    uv_run(&loop, UV_RUN_DEFAULT);
    n = (int) read(slave, got, sizeof got);
    T("  slave read %d", n);
    uv_close((uv_handle_t*) &from_master, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    T("  master closed with the handle: %s", yesno(fcntl(master, F_GETFD) == -1));
    close(slave);
  } else {
    T("no pty");
  }

  uv_close((uv_handle_t*) &from_pipe, NULL);
  uv_close((uv_handle_t*) &from_socket, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  T("pipe end closed with the handle: %s", yesno(fcntl(p[0], F_GETFD) == -1));
  T("socket end closed with the handle: %s", yesno(fcntl(sv[0], F_GETFD) == -1));
  close(p[1]);
  close(sv[1]);
  finish_loop(&loop);
  return 0;
}
