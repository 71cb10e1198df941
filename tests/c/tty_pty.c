/* A tty handle on a pseudo-terminal's slave end: the terminal is reopened
 * for the handle (its descriptor differs from the one given, which stays
 * open after the handle closes and shares the new non-blocking file);
 * window size; raw, io and normal modes and what they do to the terminal's
 * attributes; reading what the master wrote and writing through the line
 * discipline ("\n" becomes "\r\n"); uv_tty_reset_mode; vterm state. Prints
 * "no pty" and stops if the machine has no pseudo-terminals. */
#include "common.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static uv_loop_t loop;
static uv_tty_t tty;
static char storage[256];

static void alloc_cb(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  (void) size;
  *buf = uv_buf_init(storage, sizeof storage);
}

static void read_cb(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) T("read %d bytes: %.*s", (int) nread, (int) nread, buf->base);
  else T("read: %s", ename((int) nread));
  if (nread != 0) uv_read_stop(s);
}

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  T("write_cb: %s", ename(status));
}

static void show_attrs(int fd, const char* when) {
  struct termios t;
  CHECK(0 == tcgetattr(fd, &t));
  T("%s: canonical %s, echo %s, signals %s, opost %s", when,
    yesno(t.c_lflag & ICANON), yesno(t.c_lflag & ECHO), yesno(t.c_lflag & ISIG),
    yesno(t.c_oflag & OPOST));
}

int main(void) {
  int master, slave, width = 0, height = 0, n;
  uv_os_fd_t fd;
  struct winsize ws;
  uv_write_t req;
  uv_buf_t out = uv_buf_init("abc\n", 4);
  char got[64];
  uv_tty_vtermstate_t vstate;

  master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    T("no pty");
    return 0;
  }
  slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  CHECK(slave >= 0);
  CHECK(0 == uv_loop_init(&loop));

  T("guess: %s", yesno(uv_guess_handle(slave) == UV_TTY));
  T("init: %s", ename(uv_tty_init(&loop, &tty, slave, 1)));
  T("type tty: %s, readable %s, writable %s", yesno(tty.type == UV_TTY),
    yesno(uv_is_readable((uv_stream_t*) &tty)),
    yesno(uv_is_writable((uv_stream_t*) &tty)));
  CHECK(0 == uv_fileno((uv_handle_t*) &tty, &fd));
  T("reopened: %s, given descriptor now non-blocking: %s", yesno(fd != slave),
    yesno(fcntl(slave, F_GETFL) & O_NONBLOCK));

  memset(&ws, 0, sizeof ws);
  ws.ws_col = 100;
  ws.ws_row = 30;
  CHECK(0 == ioctl(master, TIOCSWINSZ, &ws));
  n = uv_tty_get_winsize(&tty, &width, &height);
  T("winsize: %s %dx%d", ename(n), width, height);

  show_attrs(slave, "normal");
  T("raw: %s", ename(uv_tty_set_mode(&tty, UV_TTY_MODE_RAW)));
  show_attrs(slave, "raw");
  T("raw again: %s", ename(uv_tty_set_mode(&tty, UV_TTY_MODE_RAW)));
  T("io: %s", ename(uv_tty_set_mode(&tty, UV_TTY_MODE_IO)));
  show_attrs(slave, "io");
  T("normal: %s", ename(uv_tty_set_mode(&tty, UV_TTY_MODE_NORMAL)));
  show_attrs(slave, "normal again");
  T("raw: %s", ename(uv_tty_set_mode(&tty, UV_TTY_MODE_RAW)));

  CHECK(5 == write(master, "hello", 5));
  CHECK(0 == uv_read_start((uv_stream_t*) &tty, alloc_cb, read_cb));
  uv_run(&loop, UV_RUN_DEFAULT);

  T("write: %s", ename(uv_write(&req, (uv_stream_t*) &tty, &out, 1, write_cb)));
  uv_run(&loop, UV_RUN_DEFAULT);
  n = (int) read(master, got, sizeof got);
  T("master read %d bytes, crlf: %s", n, yesno(n == 5 && got[3] == '\r' && got[4] == '\n'));
  T("try_write: %d", uv_try_write((uv_stream_t*) &tty, &out, 1));
  n = (int) read(master, got, sizeof got);
  T("master read %d bytes", n);

  T("reset: %s", ename(uv_tty_reset_mode()));
  show_attrs(slave, "after reset");
  T("back to normal: %s", ename(uv_tty_set_mode(&tty, UV_TTY_MODE_NORMAL)));

  T("get vterm state: %s", ename(uv_tty_get_vterm_state(&vstate)));
  uv_tty_set_vterm_state(UV_TTY_SUPPORTED);

  uv_close((uv_handle_t*) &tty, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  T("given descriptor still open: %s", yesno(fcntl(slave, F_GETFD) != -1));
  T("reset after close: %s", ename(uv_tty_reset_mode()));
  close(slave);
  close(master);
  finish_loop(&loop);
  return 0;
}
