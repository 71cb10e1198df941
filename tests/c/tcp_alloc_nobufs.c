/* The alloc callback's answers: an empty buffer gives UV_ENOBUFS to the
 * read callback (reading goes on until stopped); a read callback with
 * nread 0 may happen and carries the buffer back. Also uv_tcp_open on a
 * socket made outside libuv. */
#include "net_common.h"

#include <sys/socket.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t creq;
static uv_write_t wreq;
static int nobufs, deny = 1;
static char msg[] = "data";

static void stingy_alloc(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  if (deny) {
    buf->base = NULL;
    buf->len = 0;
  } else {
    buf->base = malloc(size);
    buf->len = size;
  }
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread == UV_ENOBUFS) {
    nobufs++;
    if (nobufs == 1) T("ENOBUFS, buffer base NULL: %s, len %zu", yesno(buf->base == NULL), buf->len);
    if (nobufs == 3) deny = 0;
    return;
  }
  if (nread > 0) {
    T("after %d ENOBUFS, read %.*s", nobufs, (int) nread, buf->base);
    uv_close((uv_handle_t*) s, NULL);
    uv_close((uv_handle_t*) &client, NULL);
    uv_close((uv_handle_t*) &server, NULL);
  }
  free_buf(buf);
}

static void connection_cb(uv_stream_t* srv, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, stingy_alloc, server_read));
}

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  CHECK(status == 0);
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t b = uv_buf_init(msg, 4);
  T("connect over an opened socket: %s", ename(status));
  CHECK(0 == uv_write(&wreq, req->handle, &b, 1, write_cb));
}

int main(void) {
  struct sockaddr_in addr;
  int port, fd;
  uv_tcp_t other;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  CHECK(0 == uv_tcp_init(loop, &client));
  T("open: %s", ename(uv_tcp_open(&client, fd)));
  CHECK(0 == uv_tcp_init(loop, &other));
  T("open a bad descriptor: %s", ename(uv_tcp_open(&other, -1)));
  uv_close((uv_handle_t*) &other, NULL);
  CHECK(0 == uv_tcp_connect(&creq, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
