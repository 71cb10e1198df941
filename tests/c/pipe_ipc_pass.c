/* Handle passing over an ipc pipe pair (a socketpair in one process): a
 * listening TCP server, a connected TCP stream and a pipe are sent with
 * uv_write2; the receiver sees pending_count / pending_type, accepts each
 * into a handle of the right type, and the accepted handles work. */
#include "net_common.h"

#include <sys/socket.h>

static uv_loop_t* loop;
static uv_pipe_t ipc_a, ipc_b;
static uv_tcp_t server, client, conn, got_server, got_conn;
static uv_pipe_t spare_a, spare_b, got_pipe;
static uv_connect_t creq;
static uv_write_t w1, w2, w3, w4, wdata;
static int received;
static char one[] = "1";
static char two[] = "2";
static char three[] = "3";
static char hello[] = "hello";

static const char* type_name(uv_handle_type t) {
  return t == UV_TCP ? "tcp" : t == UV_NAMED_PIPE ? "pipe" : t == UV_UDP ? "udp" : "unknown";
}

static void write_cb(uv_write_t* req, int status) {
  T("write2 %s cb: %s", req == &w1 ? "server" : req == &w2 ? "conn" : "pipe", ename(status));
}

static void data_cb(uv_write_t* req, int status) {
  (void) req;
  T("data over passed pipe written: %s", ename(status));
}

static void got_pipe_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    T("passed pipe read: %.*s", (int) nread, buf->base);
    uv_close((uv_handle_t*) s, NULL);
    uv_close((uv_handle_t*) &spare_a, NULL);
    uv_close((uv_handle_t*) &ipc_a, NULL);
    uv_close((uv_handle_t*) &ipc_b, NULL);
    uv_close((uv_handle_t*) &got_server, NULL);
    uv_close((uv_handle_t*) &got_conn, NULL);
    uv_close((uv_handle_t*) &server, NULL);
    uv_close((uv_handle_t*) &client, NULL);
    uv_close((uv_handle_t*) &conn, NULL);
  }
  free_buf(buf);
}

static void ipc_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  uv_pipe_t* p = (uv_pipe_t*) s;
  if (nread > 0) {
    int i;
    for (i = 0; i < nread; i++) {
      uv_handle_type t;
      received++;
      T("ipc read byte %c, pending count %d", buf->base[i], uv_pipe_pending_count(p));
      if (uv_pipe_pending_count(p) == 0) continue;
      t = uv_pipe_pending_type(p);
      T("pending type: %s", type_name(t));
      if (t == UV_TCP && received == 1) {
        CHECK(0 == uv_tcp_init(loop, &got_server));
        T("accept server: %s", ename(uv_accept(s, (uv_stream_t*) &got_server)));
      } else if (t == UV_TCP) {
        struct sockaddr_storage ss;
        int len = sizeof ss;
        CHECK(0 == uv_tcp_init(loop, &got_conn));
        T("accept conn: %s", ename(uv_accept(s, (uv_stream_t*) &got_conn)));
        T("accepted conn has a peer: %s",
          ename(uv_tcp_getpeername(&got_conn, (struct sockaddr*) &ss, &len)));
        T("accepted conn readable %d writable %d", uv_is_readable((uv_stream_t*) &got_conn),
          uv_is_writable((uv_stream_t*) &got_conn));
      } else if (t == UV_NAMED_PIPE) {
        uv_buf_t b = uv_buf_init(hello, 5);
        CHECK(0 == uv_pipe_init(loop, &got_pipe, 0));
        T("accept pipe: %s", ename(uv_accept(s, (uv_stream_t*) &got_pipe)));
        CHECK(0 == uv_read_start((uv_stream_t*) &got_pipe, heap_alloc, got_pipe_read));
        CHECK(0 == uv_write(&wdata, (uv_stream_t*) &spare_a, &b, 1, data_cb));
      }
    }
    T("accept with nothing pending: %s", ename(uv_accept(s, (uv_stream_t*) &spare_b)));
  } else if (nread < 0) {
    T("ipc read: %s", ename((int) nread));
  }
  free_buf(buf);
}

static void connection_cb(uv_stream_t* srv, int status) {
  uv_buf_t b2 = uv_buf_init(two, 1), b3 = uv_buf_init(three, 1);
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  T("write2 conn: %s", ename(uv_write2(&w2, (uv_stream_t*) &ipc_a, &b2, 1, (uv_stream_t*) &conn, write_cb)));
  T("write2 pipe: %s", ename(uv_write2(&w3, (uv_stream_t*) &ipc_a, &b3, 1, (uv_stream_t*) &spare_b, write_cb)));
}

static void connect_cb(uv_connect_t* req, int status) {
  (void) req;
  CHECK(status == 0);
}

int main(void) {
  uv_os_sock_t pair[2], spare[2];
  struct sockaddr_in addr;
  int port;
  uv_buf_t b1 = uv_buf_init(one, 1);
  loop = uv_default_loop();
  CHECK(0 == uv_socketpair(SOCK_STREAM, 0, pair, 0, 0));
  CHECK(0 == uv_socketpair(SOCK_STREAM, 0, spare, 0, 0));
  CHECK(0 == uv_pipe_init(loop, &ipc_a, 1));
  CHECK(0 == uv_pipe_init(loop, &ipc_b, 1));
  T("ipc field: %d", ipc_a.ipc);
  CHECK(0 == uv_pipe_open(&ipc_a, pair[0]));
  CHECK(0 == uv_pipe_open(&ipc_b, pair[1]));
  CHECK(0 == uv_pipe_init(loop, &spare_a, 0));
  CHECK(0 == uv_pipe_init(loop, &spare_b, 0));
  CHECK(0 == uv_pipe_open(&spare_a, spare[0]));
  CHECK(0 == uv_pipe_open(&spare_b, spare[1]));
  CHECK(0 == uv_read_start((uv_stream_t*) &ipc_b, heap_alloc, ipc_read));

  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  T("write2 server: %s", ename(uv_write2(&w1, (uv_stream_t*) &ipc_a, &b1, 1, (uv_stream_t*) &server, write_cb)));
  T("write2 over a non-ipc pipe: %s",
    ename(uv_write2(&w4, (uv_stream_t*) &spare_a, &b1, 1, (uv_stream_t*) &server, write_cb)));
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&creq, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
