/* Requests submitted again before their callbacks: a write, a shutdown, a
 * TCP connect, a UDP send, a work item, file-system, DNS and random
 * requests. libuv 1.44 links the request into its queues a second time
 * (a hang or a crash), or overwrites what a pool thread is using; ruv
 * answers UV_EBUSY and leaves the request in flight untouched, so each
 * first submission still gets exactly one callback. A handle that refuses
 * the call anyway (a second shutdown of one stream, a second connect of
 * one handle) gives libuv's answer. A request given back to its callback
 * can be submitted again from there.
 *
 * Nothing runs before uv_run, so every request is deterministically in
 * flight when it is submitted the second time.
 *
 * Modes:
 *   (none)                 the transcript above
 *   fs_cleanup_in_flight   uv_fs_req_cleanup on a queued request: abort
 *   pipe_connect_twice     uv_pipe_connect (void) twice with one request:
 *                          abort */
#include "misuse.h"

#include <sys/socket.h>

static uv_loop_t loop;
static int write_calls, shutdown_calls, connect_calls, send_calls, work_calls, fs_calls,
    gai_calls, gni_calls, random_calls, listen_calls;
static int write_again = 1;
static char payload[] = "twice";

static void on_write(uv_write_t* req, int status) {
  uv_buf_t buf = uv_buf_init(payload, sizeof payload - 1);
  write_calls++;
  CHECK(status == 0);
  /* Given back: the same request may go out again from its callback. */
  if (write_calls == 1)
    write_again = uv_write(req, req->handle, &buf, 1, on_write);
}

static void on_shutdown(uv_shutdown_t* req, int status) {
  (void) req;
  (void) status;
  shutdown_calls++;
}

static void on_connect(uv_connect_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  connect_calls++;
}

static void on_connection(uv_stream_t* server, int status) {
  (void) server;
  CHECK(status == 0);
  listen_calls++;
}

static void on_send(uv_udp_send_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  send_calls++;
}

static void work(uv_work_t* req) { (void) req; }

static void after_work(uv_work_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  work_calls++;
}

static void on_fs(uv_fs_t* req) {
  CHECK(req->result == 0);
  fs_calls++;
  uv_fs_req_cleanup(req);
}

static void on_gai(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  (void) req;
  CHECK(status == 0);
  gai_calls++;
  uv_freeaddrinfo(res);
}

static void on_gni(uv_getnameinfo_t* req, int status, const char* host, const char* service) {
  (void) req;
  (void) host;
  (void) service;
  CHECK(status == 0);
  gni_calls++;
}

static void on_random(uv_random_t* req, int status, void* buf, size_t len) {
  (void) req;
  (void) buf;
  (void) len;
  CHECK(status == 0);
  random_calls++;
}

static void fs_cleanup_in_flight(void) {
  uv_fs_t req;
  CHECK(0 == uv_fs_stat(&loop, &req, ".", on_fs));
  T("calling uv_fs_req_cleanup on the queued request");
  uv_fs_req_cleanup(&req);
  T("returned from uv_fs_req_cleanup");
}

static void pipe_connect_twice(void) {
  uv_pipe_t a, b;
  uv_connect_t req;
  CHECK(0 == uv_pipe_init(&loop, &a, 0));
  CHECK(0 == uv_pipe_init(&loop, &b, 0));
  uv_pipe_connect(&req, &a, "/nonexistent/ruv-misuse.sock", on_connect);
  T("calling uv_pipe_connect with the request in flight");
  uv_pipe_connect(&req, &b, "/nonexistent/ruv-misuse.sock", on_connect);
  T("returned from uv_pipe_connect");
}

int main(int argc, char** argv) {
  uv_os_sock_t fds[2];
  uv_pipe_t left, right;
  uv_tcp_t server, client, other;
  uv_udp_t udp;
  uv_write_t write_req;
  uv_shutdown_t shutdown_req;
  uv_connect_t connect_req;
  uv_udp_send_t send_req;
  uv_work_t work_req;
  uv_fs_t fs_req;
  uv_getaddrinfo_t gai_req;
  uv_getnameinfo_t gni_req;
  uv_random_t random_req;
  struct sockaddr_in any, bound;
  int len = sizeof bound;
  char random_bytes[16];
  uv_buf_t buf = uv_buf_init(payload, sizeof payload - 1);

  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  if (argc > 1) {
    const char* mode = mode_arg(argc, argv);
    if (strcmp(mode, "fs_cleanup_in_flight") == 0)
      fs_cleanup_in_flight();
    else if (strcmp(mode, "pipe_connect_twice") == 0)
      pipe_connect_twice();
    else
      unknown_mode(mode);
    return 0;
  }

  /* A stream pair: a write, then a shutdown, each submitted twice. */
  CHECK(0 == uv_socketpair(SOCK_STREAM, 0, fds, 0, 0));
  CHECK(0 == uv_pipe_init(&loop, &left, 0));
  CHECK(0 == uv_pipe_init(&loop, &right, 0));
  CHECK(0 == uv_pipe_open(&left, fds[0]));
  CHECK(0 == uv_pipe_open(&right, fds[1]));
  R("write", uv_write(&write_req, (uv_stream_t*) &left, &buf, 1, on_write));
  R("write, same request", uv_write(&write_req, (uv_stream_t*) &left, &buf, 1, on_write));
  R("write2, same request",
    uv_write2(&write_req, (uv_stream_t*) &left, &buf, 1, NULL, on_write));
  R("shutdown", uv_shutdown(&shutdown_req, (uv_stream_t*) &right, on_shutdown));
  R("shutdown, same request", uv_shutdown(&shutdown_req, (uv_stream_t*) &left, on_shutdown));
  /* A handle that refuses anyway answers as in libuv, which checks the
   * handle before it touches the request. */
  R("shutdown, same request, same stream",
    uv_shutdown(&shutdown_req, (uv_stream_t*) &right, on_shutdown));

  /* A TCP connect, the same request to a second handle. */
  CHECK(0 == uv_ip4_addr("127.0.0.1", 0, &any));
  CHECK(0 == uv_tcp_init(&loop, &server));
  CHECK(0 == uv_tcp_bind(&server, (const struct sockaddr*) &any, 0));
  CHECK(0 == uv_listen((uv_stream_t*) &server, 8, on_connection));
  CHECK(0 == uv_tcp_getsockname(&server, (struct sockaddr*) &bound, &len));
  CHECK(0 == uv_tcp_init(&loop, &client));
  CHECK(0 == uv_tcp_init(&loop, &other));
  R("tcp_connect",
    uv_tcp_connect(&connect_req, &client, (const struct sockaddr*) &bound, on_connect));
  R("tcp_connect, same request, other handle",
    uv_tcp_connect(&connect_req, &other, (const struct sockaddr*) &bound, on_connect));
  R("tcp_connect, same request, same handle",
    uv_tcp_connect(&connect_req, &client, (const struct sockaddr*) &bound, on_connect));

  /* A datagram to itself. */
  CHECK(0 == uv_udp_init(&loop, &udp));
  CHECK(0 == uv_udp_bind(&udp, (const struct sockaddr*) &any, 0));
  len = sizeof bound;
  CHECK(0 == uv_udp_getsockname(&udp, (struct sockaddr*) &bound, &len));
  R("udp_send", uv_udp_send(&send_req, &udp, &buf, 1, (const struct sockaddr*) &bound, on_send));
  R("udp_send, same request",
    uv_udp_send(&send_req, &udp, &buf, 1, (const struct sockaddr*) &bound, on_send));

  /* Pool requests, asynchronous and (where there is one) synchronous. */
  R("queue_work", uv_queue_work(&loop, &work_req, work, after_work));
  R("queue_work, same request", uv_queue_work(&loop, &work_req, work, after_work));
  R("fs_stat", uv_fs_stat(&loop, &fs_req, ".", on_fs));
  R("fs_stat, same request", uv_fs_stat(&loop, &fs_req, "..", on_fs));
  R("fs_stat, same request, synchronous", uv_fs_stat(NULL, &fs_req, "..", NULL));
  R("getaddrinfo", uv_getaddrinfo(&loop, &gai_req, on_gai, "127.0.0.1", NULL, NULL));
  R("getaddrinfo, same request",
    uv_getaddrinfo(&loop, &gai_req, on_gai, "127.0.0.2", NULL, NULL));
  R("getaddrinfo, same request, synchronous",
    uv_getaddrinfo(&loop, &gai_req, NULL, "127.0.0.2", NULL, NULL));
  R("getnameinfo", uv_getnameinfo(&loop, &gni_req, on_gni, (const struct sockaddr*) &any,
                                  NI_NUMERICHOST | NI_NUMERICSERV));
  R("getnameinfo, same request",
    uv_getnameinfo(&loop, &gni_req, on_gni, (const struct sockaddr*) &any, 0));
  R("random", uv_random(&loop, &random_req, random_bytes, sizeof random_bytes, 0, on_random));
  R("random, same request",
    uv_random(&loop, &random_req, random_bytes, sizeof random_bytes, 0, on_random));

  while (write_calls < 2 || shutdown_calls < 1 || connect_calls < 1 || send_calls < 1 ||
         work_calls < 1 || fs_calls < 1 || gai_calls < 1 || gni_calls < 1 || random_calls < 1)
    uv_run(&loop, UV_RUN_ONCE);

  /* Each first submission called back once; the write, given back to its
   * callback, went out once more from there. */
  R("write from its own callback", write_again);
  T("callbacks: write %d, shutdown %d, connect %d, udp_send %d, work %d, fs %d, "
    "getaddrinfo %d, getnameinfo %d, random %d",
    write_calls, shutdown_calls, connect_calls, send_calls, work_calls, fs_calls, gai_calls,
    gni_calls, random_calls);
  R("fs_stat, given back", uv_fs_stat(NULL, &fs_req, ".", NULL));
  uv_fs_req_cleanup(&fs_req);
  finish_loop(&loop);
  return 0;
}
