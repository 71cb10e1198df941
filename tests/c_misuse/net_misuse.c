/* Networking calls given NULL, the wrong kind of handle, or a closed one:
 * each answers UV_EINVAL (libuv 1.44 crashes or asserts on most of these);
 * that is the argument "refused".
 * With the argument "pipe_connect_null", uv_pipe_connect (which returns
 * nothing) is given a NULL request and must abort with a message.
 * With "close_in_alloc", a stream is closed from its alloc callback: it
 * gets no read callback, only its close callback (libuv 1.44 fails an
 * assertion reading the closed descriptor). With "stop_in_alloc", it stops
 * reading from its alloc callback: nothing is read and no read callback
 * comes until reading starts again, and then the bytes are all there
 * (libuv 1.44 calls the read callback it has just cleared: a crash).
 * "udp_stop_in_alloc" and "udp_close_in_alloc" do the same to a UDP handle:
 * no receive callback, and no datagram is taken off the socket (libuv 1.44
 * crashes, or reports UV_EBADF from the closed descriptor). */
#include "misuse.h"

static void connect_cb(uv_connect_t* req, int status) {
  (void) req;
  (void) status;
}

static void alloc_cb(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  (void) size;
  buf->base = NULL;
  buf->len = 0;
}

static void read_cb(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  (void) s;
  (void) nread;
  (void) buf;
}

static char closing_buf[64];

static void closed_cb(uv_handle_t* h) {
  T("close callback of the %s", h->data);
}

static void alloc_then_close(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) size;
  T("alloc callback: closing the reader");
  uv_close(h, closed_cb);
  *buf = uv_buf_init(closing_buf, sizeof closing_buf);
}

static void read_after_close(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  (void) s;
  (void) buf;
  T("read callback after close (wrong): %s", ename((int) nread));
}

static void written_cb(uv_write_t* req, int status) {
  T("write callback: %s", ename(status));
  uv_close((uv_handle_t*) req->handle, closed_cb);
}

static void alloc_then_stop(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) size;
  T("alloc callback: stopping the reader -> %s", ename(uv_read_stop((uv_stream_t*) h)));
  *buf = uv_buf_init(closing_buf, sizeof closing_buf);
}

static void alloc_again(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  (void) size;
  *buf = uv_buf_init(closing_buf, sizeof closing_buf);
}

static void read_again(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0)
    T("read callback: %.*s", (int) nread, buf->base);
  else
    T("read callback: %s", ename((int) nread));
  uv_close((uv_handle_t*) s, closed_cb);
}

static char dgram_buf[65536];

static void udp_alloc_then_stop(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) size;
  T("alloc callback: stopping the receiver -> %s", ename(uv_udp_recv_stop((uv_udp_t*) h)));
  *buf = uv_buf_init(dgram_buf, sizeof dgram_buf);
}

static void udp_alloc_then_close(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) size;
  T("alloc callback: closing the receiver");
  uv_close(h, closed_cb);
  *buf = uv_buf_init(dgram_buf, sizeof dgram_buf);
}

static void udp_alloc(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  (void) size;
  *buf = uv_buf_init(dgram_buf, sizeof dgram_buf);
}

static void udp_recv_wrong(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                           const struct sockaddr* addr, unsigned flags) {
  (void) h;
  (void) buf;
  (void) addr;
  (void) flags;
  T("receive callback after stop or close (wrong): %s", ename((int) nread));
}

static void udp_recv_again(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                           const struct sockaddr* addr, unsigned flags) {
  (void) flags;
  if (nread == 0 && addr == NULL)
    return;
  if (nread > 0)
    T("receive callback: %.*s", (int) nread, buf->base);
  else
    T("receive callback: %s", ename((int) nread));
  uv_close((uv_handle_t*) h, closed_cb);
}

/* A datagram waits for a receiver that stops (or closes) itself from the
 * alloc callback its arrival brings; a stopped one started again gets it. */
static int udp_in_alloc(uv_loop_t* loop, int close) {
  uv_udp_t receiver, sender;
  struct sockaddr_in addr;
  int len = sizeof addr;
  uv_buf_t ping = uv_buf_init("ping", 4);

  CHECK(0 == uv_ip4_addr("127.0.0.1", 0, &addr));
  CHECK(0 == uv_udp_init(loop, &receiver));
  CHECK(0 == uv_udp_init(loop, &sender));
  receiver.data = "receiver";
  sender.data = "sender";
  CHECK(0 == uv_udp_bind(&receiver, (const struct sockaddr*) &addr, 0));
  CHECK(0 == uv_udp_getsockname(&receiver, (struct sockaddr*) &addr, &len));
  R("uv_udp_try_send", uv_udp_try_send(&sender, &ping, 1, (const struct sockaddr*) &addr) == 4 ? 0 : -1);
  R("uv_udp_recv_start",
    uv_udp_recv_start(&receiver, close ? udp_alloc_then_close : udp_alloc_then_stop, udp_recv_wrong));
  R("uv_run", uv_run(loop, UV_RUN_DEFAULT));
  if (!close)
    R("uv_udp_recv_start again", uv_udp_recv_start(&receiver, udp_alloc, udp_recv_again));
  uv_close((uv_handle_t*) &sender, closed_cb);
  R("uv_run", uv_run(loop, UV_RUN_DEFAULT));
  R("uv_loop_close", uv_loop_close(loop));
  return 0;
}

/* A socketpair: the writer sends a few bytes, the reader closes itself
 * (close) or stops reading from the alloc callback their arrival brings.
 * A stopped reader leaves the loop with no active handle; started again,
 * it reads what was waiting. */
static int stream_in_alloc(uv_loop_t* loop, int close) {
  uv_os_sock_t fds[2];
  uv_pipe_t reader, writer;
  uv_write_t req;
  char hello[] = "hello";
  uv_buf_t buf = uv_buf_init(hello, 5);

  CHECK(0 == uv_socketpair(SOCK_STREAM, 0, fds, 0, 0));
  CHECK(0 == uv_pipe_init(loop, &reader, 0));
  CHECK(0 == uv_pipe_open(&reader, fds[0]));
  CHECK(0 == uv_pipe_init(loop, &writer, 0));
  CHECK(0 == uv_pipe_open(&writer, fds[1]));
  reader.data = "reader";
  writer.data = "writer";
  R("uv_read_start", uv_read_start((uv_stream_t*) &reader,
                                   close ? alloc_then_close : alloc_then_stop, read_after_close));
  R("uv_write", uv_write(&req, (uv_stream_t*) &writer, &buf, 1, written_cb));
  R("uv_run", uv_run(loop, UV_RUN_DEFAULT));
  if (!close) {
    R("uv_read_start again", uv_read_start((uv_stream_t*) &reader, alloc_again, read_again));
    R("uv_run", uv_run(loop, UV_RUN_DEFAULT));
  }
  R("uv_loop_close", uv_loop_close(loop));
  return 0;
}

int main(int argc, char** argv) {
  const char* mode = mode_arg(argc, argv);
  uv_loop_t loop;
  uv_tcp_t tcp;
  uv_pipe_t pipe;
  uv_timer_t timer;
  uv_write_t wreq;
  uv_connect_t creq;
  uv_shutdown_t sreq;
  struct sockaddr_in addr;
  char c = 'c';
  uv_buf_t buf = uv_buf_init(&c, 1);
  int len = sizeof addr;

  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;

  if (strcmp(mode, "pipe_connect_null") == 0) {
    CHECK(0 == uv_pipe_init(&loop, &pipe, 0));
    T("calling uv_pipe_connect with a NULL request");
    uv_pipe_connect(NULL, &pipe, "/nonexistent", connect_cb);
    T("returned (wrong)");
    return 1;
  } else if (strcmp(mode, "close_in_alloc") == 0) {
    return stream_in_alloc(&loop, 1);
  } else if (strcmp(mode, "stop_in_alloc") == 0) {
    return stream_in_alloc(&loop, 0);
  } else if (strcmp(mode, "udp_stop_in_alloc") == 0) {
    return udp_in_alloc(&loop, 0);
  } else if (strcmp(mode, "udp_close_in_alloc") == 0) {
    return udp_in_alloc(&loop, 1);
  } else if (strcmp(mode, "refused") != 0) {
    unknown_mode(mode);
  }

  T("-- NULL");
  R("uv_tcp_init", uv_tcp_init(&loop, NULL));
  R("uv_tcp_init_ex", uv_tcp_init_ex(NULL, &tcp, AF_INET));
  R("uv_pipe_init", uv_pipe_init(NULL, &pipe, 0));
  R("uv_listen", uv_listen(NULL, 1, NULL));
  R("uv_accept", uv_accept(NULL, NULL));
  R("uv_read_start", uv_read_start(NULL, alloc_cb, read_cb));
  R("uv_read_stop", uv_read_stop(NULL));
  R("uv_write", uv_write(&wreq, NULL, &buf, 1, NULL));
  R("uv_try_write", uv_try_write(NULL, &buf, 1));
  R("uv_shutdown", uv_shutdown(&sreq, NULL, NULL));
  R("uv_tcp_bind", uv_tcp_bind(NULL, (const struct sockaddr*) &addr, 0));
  R("uv_tcp_connect", uv_tcp_connect(&creq, NULL, (const struct sockaddr*) &addr, connect_cb));
  R("uv_tcp_getsockname", uv_tcp_getsockname(NULL, (struct sockaddr*) &addr, &len));
  R("uv_poll_init", uv_poll_init(&loop, NULL, 0));

  CHECK(0 == uv_tcp_init(&loop, &tcp));
  T("-- NULL arguments on a live handle");
  R("uv_write NULL request", uv_write(NULL, (uv_stream_t*) &tcp, &buf, 1, NULL));
  R("uv_write NULL buffers", uv_write(&wreq, (uv_stream_t*) &tcp, NULL, 1, NULL));
  /* libuv 1.44 asserts nbufs > 0 in all four. */
  R("uv_write no buffers", uv_write(&wreq, (uv_stream_t*) &tcp, &buf, 0, NULL));
  R("uv_write2 no buffers", uv_write2(&wreq, (uv_stream_t*) &tcp, &buf, 0, NULL, NULL));
  R("uv_try_write no buffers", uv_try_write((uv_stream_t*) &tcp, &buf, 0));
  R("uv_try_write2 no buffers", uv_try_write2((uv_stream_t*) &tcp, &buf, 0, NULL));
  R("uv_try_write one buffer", uv_try_write((uv_stream_t*) &tcp, &buf, 1));
  R("uv_tcp_bind NULL address", uv_tcp_bind(&tcp, NULL, 0));
  R("uv_tcp_connect NULL request", uv_tcp_connect(NULL, &tcp, (const struct sockaddr*) &addr, connect_cb));
  R("uv_tcp_connect NULL address", uv_tcp_connect(&creq, &tcp, NULL, connect_cb));
  R("uv_shutdown NULL request", uv_shutdown(NULL, (uv_stream_t*) &tcp, NULL));
  R("uv_pipe_bind NULL name", uv_pipe_bind(NULL, NULL));

  T("-- wrong handle kind");
  CHECK(0 == uv_timer_init(&loop, &timer));
  R("uv_read_start on a timer", uv_read_start((uv_stream_t*) &timer, alloc_cb, read_cb));
  R("uv_write on a timer", uv_write(&wreq, (uv_stream_t*) &timer, &buf, 1, NULL));
  R("uv_tcp_bind on a timer", uv_tcp_bind((uv_tcp_t*) &timer, (const struct sockaddr*) &addr, 0));
  R("uv_poll_start on a timer", uv_poll_start((uv_poll_t*) &timer, UV_READABLE, NULL));

  T("-- closed handle");
  uv_close((uv_handle_t*) &tcp, NULL);
  uv_close((uv_handle_t*) &timer, NULL);
  R("uv_run", uv_run(&loop, UV_RUN_DEFAULT));
  R("uv_read_start", uv_read_start((uv_stream_t*) &tcp, alloc_cb, read_cb));
  R("uv_write", uv_write(&wreq, (uv_stream_t*) &tcp, &buf, 1, NULL));
  R("uv_tcp_nodelay", uv_tcp_nodelay(&tcp, 1));
  R("uv_listen", uv_listen((uv_stream_t*) &tcp, 1, NULL));
  T("uv_is_readable: %d", uv_is_readable((uv_stream_t*) &tcp));
  R("uv_loop_close", uv_loop_close(&loop));
  return 0;
}
