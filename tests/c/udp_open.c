/* uv_udp_open: adopting a datagram socket the program made. A second
 * open (EBUSY), a connected socket (sends then need no address), a
 * descriptor that is not a socket (ENOTSOCK, left open), a negative one
 * (EBADF), a socket another handle of the loop already receives on
 * (EEXIST); uv_fileno gives the descriptor back; closing closes it. */
#include "udp_common.h"

#include <fcntl.h>
#include <unistd.h>

static uv_udp_t a, b, c, d;
static struct sockaddr_storage b_addr;
static uv_udp_send_t req;

static void on_send(uv_udp_send_t* r, int status) {
  (void) r;
  T("send_cb: %s", ename(status));
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  (void) flags;
  if (addr == NULL) {
    T("recv: %s, no address", ename((int) nread));
    uv_udp_recv_stop(h);
    return;
  }
  T("recv: \"%.*s\"", (int) nread, buf->base);
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  struct sockaddr_storage lo = loopback(AF_INET, 0);
  int sock, connected_sock, pipefd[2], fd, r, flags;
  uv_buf_t buf = uv_buf_init("opened", 6);

  CHECK(uv_udp_init(loop, &a) == 0);
  CHECK(uv_udp_init(loop, &b) == 0);
  CHECK(uv_udp_init(loop, &c) == 0);
  CHECK(uv_udp_init(loop, &d) == 0);
  CHECK(bind_loopback(&b, AF_INET, &b_addr) == 0);

  sock = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(sock >= 0);
  CHECK(bind(sock, (struct sockaddr*) &lo, sizeof(struct sockaddr_in)) == 0);
  T("open: %s", ename(uv_udp_open(&a, sock)));
  flags = fcntl(sock, F_GETFL);
  T("non-blocking now: %s", yesno(flags & O_NONBLOCK));
  r = uv_fileno((uv_handle_t*) &a, &fd);
  T("fileno: %s, the same descriptor: %s", ename(r), yesno(fd == sock));
  T("open again: %s", ename(uv_udp_open(&a, sock)));
  T("bind after open: %s", ename(uv_udp_bind(&a, (struct sockaddr*) &lo, 0)));
  T("send without address: %s", ename(uv_udp_try_send(&a, &buf, 1, NULL)));
  T("send to b: %s", ename(uv_udp_send(&req, &a, &buf, 1, (struct sockaddr*) &b_addr, on_send)));

  T("-- a connected socket");
  connected_sock = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(connected_sock >= 0);
  CHECK(connect(connected_sock, (struct sockaddr*) &b_addr, sizeof(struct sockaddr_in)) == 0);
  T("open: %s", ename(uv_udp_open(&c, connected_sock)));
  T("send with address: %s", ename(uv_udp_try_send(&c, &buf, 1, (struct sockaddr*) &b_addr)));
  buf = uv_buf_init("connected", 9);
  T("send without address: %s", ename(uv_udp_try_send(&c, &buf, 1, NULL)));
  T("disconnect: %s", ename(uv_udp_connect(&c, NULL)));

  T("-- not sockets");
  CHECK(pipe(pipefd) == 0);
  T("open a pipe: %s", ename(uv_udp_open(&d, pipefd[0])));
  T("pipe still open: %s", yesno(fcntl(pipefd[0], F_GETFD) != -1));
  T("open -1: %s", ename(uv_udp_open(&d, -1)));
  close(pipefd[0]);
  close(pipefd[1]);

  T("-- a socket b already receives on");
  CHECK(uv_udp_recv_start(&b, udp_alloc_slab, on_recv) == 0);
  r = uv_fileno((uv_handle_t*) &b, &fd);
  CHECK(r == 0);
  T("open b's socket on d: %s", ename(uv_udp_open(&d, fd)));

  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);
  uv_close((uv_handle_t*) &a, NULL);
  uv_close((uv_handle_t*) &c, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);
  T("closing closed the adopted sockets: %s",
    yesno(fcntl(sock, F_GETFD) == -1 && fcntl(connected_sock, F_GETFD) == -1));
  finish_loop(loop);
  return 0;
}
