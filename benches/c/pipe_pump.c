/* pipe_pump: throughput of writes over one Unix-domain stream socket
 * (uv_pipe_t, not ipc), client to server, on one loop.
 *
 * The same pump as tcp_pump (pump_common.h): 4 writes of 64 KiB in flight
 * until an 8 GB budget or the time cap (1 s by default), then shutdown; the
 * reader checks every byte and the clock stops at EOF. MB/s = 10^6 bytes
 * per second delivered to the reader.
 *
 * The socket lives in a private directory made with mkdtemp(3) under
 * $TMPDIR (or /tmp), removed at exit, also on failure (atexit) and on
 * SIGTERM/SIGINT/crash signals (a handler unlinks, then re-raises).
 *
 * Usage: pipe_pump [cap_ms]   (default 1000)
 *
 * Exports used: uv_loop_init, uv_pipe_init, uv_pipe_bind, uv_listen,
 * uv_accept, uv_pipe_connect, uv_read_start, uv_write, uv_shutdown,
 * uv_buf_init, uv_close, uv_strerror, uv_run, uv_loop_close. */
#include "pump_common.h"

#include <sys/un.h>

static char sock_dir[256];
static char sock_path[300];

static void cleanup(void) {
  if (sock_path[0] != '\0')
    unlink(sock_path);
  if (sock_dir[0] != '\0')
    rmdir(sock_dir);
  sock_path[0] = '\0';
  sock_dir[0] = '\0';
}

static void on_signal(int sig) {
  cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void make_dir(void) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
  const char* tmp = getenv("TMPDIR");
  size_t i;

  if (tmp == NULL || tmp[0] == '\0')
    tmp = "/tmp";
  snprintf(sock_dir, sizeof sock_dir, "%s/ruv-bench-pipe.XXXXXX", tmp);
  if (mkdtemp(sock_dir) == NULL) {
    fprintf(stderr, "mkdtemp(%s): %s\n", sock_dir, strerror(errno));
    sock_dir[0] = '\0';
    exit(2);
  }
  atexit(cleanup);
  for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
    signal(sigs[i], on_signal);
  snprintf(sock_path, sizeof sock_path, "%s/sock", sock_dir);
  if (strlen(sock_path) >= sizeof(((struct sockaddr_un*) 0)->sun_path)) {
    fprintf(stderr, "socket path too long for sun_path: %s (set TMPDIR)\n", sock_path);
    exit(2);
  }
  printf("INFO socket=%s\n", sock_path);
}

static void pipe_init(uv_loop_t* loop, pump_handle* h) {
  BENCH_CHECK(uv_pipe_init(loop, &h->pipe, 0));
}

static void pipe_listen(uv_loop_t* loop, pump_handle* server, uv_connection_cb cb) {
  unlink(sock_path); /* a previous phase's socket, if any */
  BENCH_CHECK(uv_pipe_init(loop, &server->pipe, 0));
  BENCH_CHECK(uv_pipe_bind(&server->pipe, sock_path));
  BENCH_CHECK(uv_listen(&server->stream, 128, cb));
}

static void pipe_connect(uv_connect_t* req, pump_handle* client, uv_connect_cb cb) {
  uv_pipe_connect(req, &client->pipe, sock_path, cb);
}

static const pump_transport pipe_transport = {"pipe", pipe_init, pipe_listen, pipe_connect};

int main(int argc, char** argv) {
  unsigned cap_ms = (unsigned) net_arg(argc, argv, 1, 1000);

  bench_print_lib();
  net_ignore_sigpipe();
  make_dir();
  pump_run(&pipe_transport, 1, 8000000000ULL, cap_ms, "mb_per_s");
  return 0;
}
