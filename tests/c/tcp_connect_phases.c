/* Where a connect's callback runs, over loopback and over a Unix socket,
 * whose handshakes the kernel finishes inside connect(2): always in an I/O
 * phase (after the iteration's prepare callbacks, before its check
 * callbacks), in the iteration whose poll comes first after the connect
 * was started, never in the pending phase. Writes queued and a read
 * started before the callback work once it has run; a stream closed
 * before it gets UV_ECANCELED. Each peer's events print in their own
 * order; the two peers' relative order is left out.
 *
 * Cases:
 *   queued   connect before uv_run, a read started and two writes queued
 *            while connecting, a shutdown after them; the server answers
 *            "pong" from its connection callback and reads to EOF
 *   closed   uv_close right after uv_tcp_connect
 *   timer    uv_tcp_connect from a timer callback: answered in the same
 *            iteration's I/O phase
 *   chained  a second connect started from the first one's callback:
 *            answered in the next iteration
 *   refused  a port nobody listens on
 *   pipe     the queued case's first half over a Unix socket */
#include "net_common.h"

#include <stdlib.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_prepare_t prepare;
static uv_check_t check;
static unsigned prepares, checks;
static role_log client_log = {"client"}, server_log = {"server"};

/* The phase a callback runs in, from the prepare and check callbacks seen
 * so far in this iteration. */
static const char* phase(void) {
  return prepares == checks + 1 ? "io" : "not io";
}

static void prepare_cb(uv_prepare_t* h) {
  (void) h;
  prepares++;
}

static void check_cb(uv_check_t* h) {
  (void) h;
  checks++;
}

/* ---- server ---------------------------------------------------------- */

typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_tcp_t tcp;
  uv_pipe_t pipe;
} any_stream;

/* An accepted connection. */
typedef struct {
  any_stream s;
  uv_write_t pong_req;
  char received[64];
  size_t received_len;
} server_peer;

static any_stream server;
static int server_is_pipe;
/* Connections the server still waits for; it closes after the last. */
static int expected_connections;
/* Whether the server writes "pong" to each connection. Only where the
 * client reads it: a client that closes with the pong unread (or has
 * closed before it arrives) resets the connection, and whether the server
 * then reads EOF or ECONNRESET depends on which came first. */
static int server_pongs;

static void peer_close_cb(uv_handle_t* h) { free(h->data); }

static void peer_read_cb(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  server_peer* p = s->data;
  if (nread > 0) {
    CHECK(p->received_len + (size_t) nread < sizeof p->received);
    memcpy(p->received + p->received_len, buf->base, (size_t) nread);
    p->received_len += (size_t) nread;
  } else if (nread < 0) {
    p->received[p->received_len] = '\0';
    LOG(&server_log, "read \"%s\" then %s", p->received, ename((int) nread));
    uv_close((uv_handle_t*) s, peer_close_cb);
  }
  free_buf(buf);
}

static void pong_cb(uv_write_t* req, int status) {
  (void) req;
  LOG(&server_log, "pong write cb: %s", ename(status));
}

static void connection_cb(uv_stream_t* s, int status) {
  uv_buf_t b = uv_buf_init("pong", 4);
  server_peer* p = calloc(1, sizeof *p);
  CHECK(p != NULL);
  LOG(&server_log, "connection: %s", ename(status));
  if (server_is_pipe)
    CHECK(0 == uv_pipe_init(loop, &p->s.pipe, 0));
  else
    CHECK(0 == uv_tcp_init(loop, &p->s.tcp));
  p->s.handle.data = p;
  CHECK(0 == uv_accept(s, &p->s.stream));
  CHECK(0 == uv_read_start(&p->s.stream, heap_alloc, peer_read_cb));
  if (server_pongs)
    CHECK(0 == uv_write(&p->pong_req, &p->s.stream, &b, 1, pong_cb));
  if (--expected_connections == 0)
    uv_close((uv_handle_t*) s, NULL);
}

/* ---- client ---------------------------------------------------------- */

static any_stream client;
static uv_connect_t connect_req;
static uv_write_t write_reqs[2];
static uv_shutdown_t shutdown_req;
static unsigned connect_iteration;

static void client_read_cb(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0)
    LOG(&client_log, "read \"%.*s\"", (int) nread, buf->base);
  else if (nread < 0) {
    LOG(&client_log, "read %s", ename((int) nread));
    uv_close((uv_handle_t*) s, NULL);
  }
  free_buf(buf);
}

static void shutdown_cb(uv_shutdown_t* req, int status) {
  (void) req;
  LOG(&client_log, "shutdown cb: %s", ename(status));
}

static void write_cb(uv_write_t* req, int status) {
  LOG(&client_log, "write %d cb: %s", (int) (req - write_reqs), ename(status));
}

static void connect_cb(uv_connect_t* req, int status) {
  LOG(&client_log, "connect cb: %s, phase %s, queue %zu", ename(status), phase(),
      req->handle->write_queue_size);
}

static void close_cb(uv_handle_t* h) {
  (void) h;
  LOG(&client_log, "close cb");
}

static void listen_tcp(struct sockaddr_in* to, int connections) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  server_is_pipe = 0;
  server_pongs = 0;
  expected_connections = connections;
  CHECK(0 == uv_tcp_init(loop, &server.tcp));
  CHECK(0 == uv_tcp_bind(&server.tcp, loopback4(to, 0), 0));
  CHECK(0 == uv_listen(&server.stream, 16, connection_cb));
  CHECK(0 == uv_tcp_getsockname(&server.tcp, (struct sockaddr*) &ss, &len));
  loopback4(to, ntohs(((struct sockaddr_in*) &ss)->sin_port));
}

static void end_case(const char* name) {
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("-- %s", name);
  print_log(&client_log);
  print_log(&server_log);
  client_log.n = server_log.n = 0;
}

/* Connect, read and two writes queued, a shutdown, all before uv_run. */
static void start_queued(void) {
  uv_buf_t a = uv_buf_init("hello", 5), b = uv_buf_init("world", 5);
  CHECK(0 == uv_read_start(&client.stream, heap_alloc, client_read_cb));
  T("write 0: %s", ename(uv_write(&write_reqs[0], &client.stream, &a, 1, write_cb)));
  T("write 1: %s", ename(uv_write(&write_reqs[1], &client.stream, &b, 1, write_cb)));
  T("queue while connecting: %zu", client.stream.write_queue_size);
  T("shutdown: %s", ename(uv_shutdown(&shutdown_req, &client.stream, shutdown_cb)));
}

static void case_queued(void) {
  struct sockaddr_in to;
  listen_tcp(&to, 1);
  server_pongs = 1;
  CHECK(0 == uv_tcp_init(loop, &client.tcp));
  T("connect: %s",
    ename(uv_tcp_connect(&connect_req, &client.tcp, (const struct sockaddr*) &to, connect_cb)));
  start_queued();
  end_case("queued");
}

/* Whether the server saw the connection of a client closed at once
 * depends on how far the handshake got: the server is left out. */
static void closed_close_cb(uv_handle_t* h) {
  close_cb(h);
  uv_close(&server.handle, NULL);
}

static void case_closed(void) {
  struct sockaddr_in to;
  listen_tcp(&to, -1);
  CHECK(0 == uv_tcp_init(loop, &client.tcp));
  T("connect: %s",
    ename(uv_tcp_connect(&connect_req, &client.tcp, (const struct sockaddr*) &to, connect_cb)));
  uv_close(&client.handle, closed_close_cb);
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("-- closed");
  print_log(&client_log);
  client_log.n = server_log.n = 0;
}

/* The timer case: the connect starts in iteration N's timer phase. */
static struct sockaddr_in timer_to;
static uv_timer_t timer;

static void timed_connect_cb(uv_connect_t* req, int status) {
  LOG(&client_log, "connect cb: %s, phase %s, same iteration as the timer: %s", ename(status),
      phase(), yesno(prepares == connect_iteration + 1));
  uv_close((uv_handle_t*) req->handle, close_cb);
}

static void timer_cb(uv_timer_t* t) {
  connect_iteration = prepares; /* prepares seen before this iteration's */
  CHECK(0 == uv_tcp_init(loop, &client.tcp));
  LOG(&client_log, "connect from timer: %s",
      ename(uv_tcp_connect(&connect_req, &client.tcp, (const struct sockaddr*) &timer_to,
                           timed_connect_cb)));
  uv_close((uv_handle_t*) t, NULL);
}

static void case_timer(void) {
  listen_tcp(&timer_to, 1);
  CHECK(0 == uv_timer_init(loop, &timer));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  end_case("timer");
}

/* The chained case: a connect started from an I/O callback. */
static any_stream second;
static uv_connect_t second_req;

static void second_connect_cb(uv_connect_t* req, int status) {
  LOG(&client_log, "second connect cb: %s, phase %s, next iteration: %s", ename(status),
      phase(), yesno(prepares == connect_iteration + 1));
  uv_close((uv_handle_t*) req->handle, close_cb);
}

static void first_connect_cb(uv_connect_t* req, int status) {
  LOG(&client_log, "first connect cb: %s, phase %s", ename(status), phase());
  connect_iteration = prepares;
  CHECK(0 == uv_tcp_init(loop, &second.tcp));
  LOG(&client_log, "second connect: %s",
      ename(uv_tcp_connect(&second_req, &second.tcp, (const struct sockaddr*) &timer_to,
                           second_connect_cb)));
  uv_close((uv_handle_t*) req->handle, close_cb);
}

static void case_chained(void) {
  listen_tcp(&timer_to, 2);
  CHECK(0 == uv_tcp_init(loop, &client.tcp));
  T("connect: %s", ename(uv_tcp_connect(&connect_req, &client.tcp,
                                         (const struct sockaddr*) &timer_to, first_connect_cb)));
  end_case("chained");
}

static void refused_cb(uv_connect_t* req, int status) {
  LOG(&client_log, "connect cb: %s, phase %s", ename(status), phase());
  uv_close((uv_handle_t*) req->handle, close_cb);
}

static void case_refused(void) {
  struct sockaddr_in to;
  int port;
  /* A port nobody listens on: bind one, note it, close it. */
  listen_tcp(&to, 0);
  port = ntohs(to.sin_port);
  uv_close(&server.handle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  CHECK(0 == uv_tcp_init(loop, &client.tcp));
  T("connect: %s", ename(uv_tcp_connect(&connect_req, &client.tcp,
                                         (const struct sockaddr*) loopback4(&to, port),
                                         refused_cb)));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  T("-- refused");
  print_log(&client_log);
  client_log.n = 0;
}

static void case_pipe(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/ruv-connect-phases-%d.sock", (int) getpid());
  unlink(path);
  server_is_pipe = 1;
  expected_connections = 1;
  CHECK(0 == uv_pipe_init(loop, &server.pipe, 0));
  CHECK(0 == uv_pipe_bind(&server.pipe, path));
  CHECK(0 == uv_listen(&server.stream, 16, connection_cb));
  CHECK(0 == uv_pipe_init(loop, &client.pipe, 0));
  uv_pipe_connect(&connect_req, &client.pipe, path, connect_cb);
  server_pongs = 1;
  start_queued();
  end_case("pipe");
  unlink(path);
}

int main(void) {
  loop = uv_default_loop();
  CHECK(0 == uv_prepare_init(loop, &prepare));
  CHECK(0 == uv_prepare_start(&prepare, prepare_cb));
  CHECK(0 == uv_check_init(loop, &check));
  CHECK(0 == uv_check_start(&check, check_cb));
  uv_unref((uv_handle_t*) &prepare);
  uv_unref((uv_handle_t*) &check);
  case_queued();
  case_closed();
  case_timer();
  case_chained();
  case_refused();
  case_pipe();
  finish_loop(loop);
  return 0;
}
