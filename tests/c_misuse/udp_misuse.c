/* UDP misuse. Mode "einval": NULL, closed, zeroed and wrong-type handles,
 * NULL requests, buffer lists and addresses, buffers with a NULL base and
 * a length, empty buffer lists, and operations on a closing handle: each
 * int-returning uv_udp_* call answers UV_EINVAL (libuv 1.44 crashes or
 * asserts on most). Modes "recvmmsg_null", "recvmmsg_closed" and
 * "recvmmsg_timer": uv_udp_using_recvmmsg, which has no error return,
 * aborts naming itself. */
#include "misuse.h"

static uv_udp_t udp;
static uv_udp_send_t req;

static void alloc_cb(uv_handle_t* h, size_t s, uv_buf_t* b) {
  (void) h;
  (void) s;
  (void) b;
}
static void recv_cb(uv_udp_t* h, ssize_t n, const uv_buf_t* b, const struct sockaddr* a, unsigned f) {
  (void) h;
  (void) n;
  (void) b;
  (void) a;
  (void) f;
}
static void send_cb(uv_udp_send_t* r, int status) {
  (void) r;
  T("send_cb: %s", ename(status));
}

static struct sockaddr_in addr;

/* Every int-returning call on `h`, one line each. */
static void all_calls(uv_udp_t* h) {
  char byte = 'x';
  uv_buf_t buf = uv_buf_init(&byte, 1);
  struct sockaddr_storage ss;
  int len = sizeof ss, fd;
  R("uv_udp_open", uv_udp_open(h, 0));
  R("uv_udp_bind", uv_udp_bind(h, (struct sockaddr*) &addr, 0));
  R("uv_udp_connect", uv_udp_connect(h, (struct sockaddr*) &addr));
  R("uv_udp_getsockname", uv_udp_getsockname(h, (struct sockaddr*) &ss, &len));
  R("uv_udp_getpeername", uv_udp_getpeername(h, (struct sockaddr*) &ss, &len));
  R("uv_udp_set_membership", uv_udp_set_membership(h, "239.1.1.1", NULL, UV_JOIN_GROUP));
  R("uv_udp_set_source_membership",
    uv_udp_set_source_membership(h, "232.1.1.1", NULL, "127.0.0.1", UV_JOIN_GROUP));
  R("uv_udp_set_multicast_loop", uv_udp_set_multicast_loop(h, 1));
  R("uv_udp_set_multicast_ttl", uv_udp_set_multicast_ttl(h, 1));
  R("uv_udp_set_multicast_interface", uv_udp_set_multicast_interface(h, NULL));
  R("uv_udp_set_broadcast", uv_udp_set_broadcast(h, 1));
  R("uv_udp_set_ttl", uv_udp_set_ttl(h, 1));
  R("uv_udp_send", uv_udp_send(&req, h, &buf, 1, (struct sockaddr*) &addr, send_cb));
  R("uv_udp_try_send", uv_udp_try_send(h, &buf, 1, (struct sockaddr*) &addr));
  R("uv_udp_recv_start", uv_udp_recv_start(h, alloc_cb, recv_cb));
  R("uv_udp_recv_stop", uv_udp_recv_stop(h));
  R("uv_fileno", uv_fileno((uv_handle_t*) h, &fd));
  T("uv_udp_get_send_queue_size: %zu", uv_udp_get_send_queue_size(h));
  T("uv_udp_get_send_queue_count: %zu", uv_udp_get_send_queue_count(h));
}

static void einval(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  char byte = 'x';
  uv_buf_t buf = uv_buf_init(&byte, 1), bad = uv_buf_init(NULL, 4);
  struct sockaddr_storage ss;
  int len = sizeof ss;

  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(0 == uv_loop_init(&loop));

  T("-- NULL handle");
  all_calls(NULL);
  R("uv_udp_init", uv_udp_init(&loop, NULL));
  R("uv_udp_init_ex", uv_udp_init_ex(&loop, NULL, AF_INET));

  T("-- zeroed handle");
  memset(&udp, 0, sizeof udp);
  all_calls(&udp);

  T("-- a timer");
  CHECK(0 == uv_timer_init(&loop, &timer));
  all_calls((uv_udp_t*) &timer);
  uv_close((uv_handle_t*) &timer, NULL);

  T("-- bad arguments");
  CHECK(0 == uv_udp_init(&loop, &udp));
  R("uv_udp_send, NULL req", uv_udp_send(NULL, &udp, &buf, 1, (struct sockaddr*) &addr, send_cb));
  R("uv_udp_send, NULL bufs", uv_udp_send(&req, &udp, NULL, 1, (struct sockaddr*) &addr, send_cb));
  R("uv_udp_send, no bufs", uv_udp_send(&req, &udp, &buf, 0, (struct sockaddr*) &addr, send_cb));
  R("uv_udp_send, NULL base", uv_udp_send(&req, &udp, &bad, 1, (struct sockaddr*) &addr, send_cb));
  R("uv_udp_try_send, NULL base", uv_udp_try_send(&udp, &bad, 1, (struct sockaddr*) &addr));
  R("uv_udp_try_send, no bufs", uv_udp_try_send(&udp, &buf, 0, (struct sockaddr*) &addr));
  R("uv_udp_bind, NULL address", uv_udp_bind(&udp, NULL, 0));
  R("uv_udp_getsockname, NULL name", uv_udp_getsockname(&udp, NULL, &len));
  R("uv_udp_getsockname, NULL length", uv_udp_getsockname(&udp, (struct sockaddr*) &ss, NULL));
  R("uv_udp_set_membership, NULL group", uv_udp_set_membership(&udp, NULL, NULL, UV_JOIN_GROUP));
  R("uv_udp_set_source_membership, NULL source",
    uv_udp_set_source_membership(&udp, "232.1.1.1", NULL, NULL, UV_JOIN_GROUP));
  T("nothing made a socket: %s", ename(uv_udp_getsockname(&udp, (struct sockaddr*) &ss, &len)));

  T("-- closing handle");
  uv_close((uv_handle_t*) &udp, NULL);
  all_calls(&udp);
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));

  T("-- closed handle");
  all_calls(&udp);
  finish_loop(&loop);
}

int main(int argc, char** argv) {
  const char* mode = mode_arg(argc, argv);
  uv_loop_t loop;
  uv_timer_t timer;

  if (strcmp(mode, "einval") == 0) {
    einval();
    return 0;
  }
  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  if (strcmp(mode, "recvmmsg_null") == 0) {
    T("calling uv_udp_using_recvmmsg");
    T("returned %d", uv_udp_using_recvmmsg(NULL));
  } else if (strcmp(mode, "recvmmsg_closed") == 0) {
    CHECK(0 == uv_udp_init(&loop, &udp));
    uv_close((uv_handle_t*) &udp, NULL);
    CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
    T("calling uv_udp_using_recvmmsg");
    T("returned %d", uv_udp_using_recvmmsg(&udp));
  } else if (strcmp(mode, "recvmmsg_timer") == 0) {
    CHECK(0 == uv_timer_init(&loop, &timer));
    T("calling uv_udp_using_recvmmsg");
    T("returned %d", uv_udp_using_recvmmsg((uv_udp_t*) &timer));
  } else {
    unknown_mode(mode);
  }
  return 0;
}
