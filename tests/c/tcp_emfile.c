/* Accept when the process is out of descriptors: the loop neither spins
 * nor stalls. Connections waiting while the descriptor limit is reached
 * are accepted and dropped (their clients see the end of the stream) with
 * no connection callback, and once descriptors are free again new
 * connections are accepted normally. */
#include "net_common.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define CLIENTS 20

static uv_loop_t* loop;
static uv_tcp_t server, conn;
static int callbacks, accepted_ok;
static int sockets[CLIENTS];

static void connection_cb(uv_stream_t* srv, int status) {
  callbacks++;
  if (status == 0) {
    CHECK(0 == uv_tcp_init(loop, &conn));
    if (uv_accept(srv, (uv_stream_t*) &conn) == 0) accepted_ok++;
    uv_close((uv_handle_t*) &conn, NULL);
  } else {
    T("connection cb error: %s", ename(status));
  }
}

static int blocking_connect(int port) {
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  CHECK(0 == connect(fd, loopback4(&a, port), sizeof a));
  return fd;
}

int main(void) {
  struct rlimit old, low;
  int port, i, max_fd = 0, ended = 0, iterations = 0;
  char c;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  for (i = 0; i < CLIENTS; i++) {
    sockets[i] = blocking_connect(port);
    if (sockets[i] > max_fd) max_fd = sockets[i];
  }
  /* Fill every descriptor up to the new limit, so accept has none. */
  CHECK(0 == getrlimit(RLIMIT_NOFILE, &old));
  low = old;
  low.rlim_cur = max_fd + 8;
  CHECK(0 == setrlimit(RLIMIT_NOFILE, &low));
  {
    int fillers[64], n = 0, fd;
    while ((fd = dup(0)) >= 0) fillers[n++] = fd;
    T("out of descriptors: %s", yesno(errno == EMFILE));
    /* A few loop iterations while exhausted: each must return. */
    for (iterations = 0; iterations < 3; iterations++) uv_run(loop, UV_RUN_NOWAIT);
    T("connection callbacks while exhausted: %d", callbacks);
    while (n > 0) close(fillers[--n]);
  }
  CHECK(0 == setrlimit(RLIMIT_NOFILE, &old));
  for (i = 0; i < CLIENTS; i++) {
    ssize_t r = recv(sockets[i], &c, 1, MSG_DONTWAIT);
    if (r == 0 || (r < 0 && errno == ECONNRESET)) ended++;
    close(sockets[i]);
  }
  T("clients whose connection the server dropped: %d of %d", ended, CLIENTS);
  /* Descriptors are back: a new connection is accepted. */
  sockets[0] = blocking_connect(port);
  while (accepted_ok == 0) uv_run(loop, UV_RUN_ONCE);
  T("accepted after recovery: %d", accepted_ok);
  close(sockets[0]);
  finish_loop(loop);
  return 0;
}
