/* Helpers for the networking programs: loopback listeners, buffers, and
 * per-role logs so that events of two peers, whose interleaving depends on
 * scheduling, print in a fixed order. */
#ifndef RUV_TEST_NET_COMMON_H
#define RUV_TEST_NET_COMMON_H

#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>

/* Socket addresses are made with libc here, so these helpers do not depend
 * on the address functions under test elsewhere. */
static inline const struct sockaddr* addr4(struct sockaddr_in* a, const char* ip, int port) {
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  CHECK(1 == inet_pton(AF_INET, ip, &a->sin_addr));
  return (const struct sockaddr*) a;
}

static inline const struct sockaddr* addr6(struct sockaddr_in6* a, const char* ip, int port) {
  memset(a, 0, sizeof *a);
  a->sin6_family = AF_INET6;
  a->sin6_port = htons(port);
  CHECK(1 == inet_pton(AF_INET6, ip, &a->sin6_addr));
  return (const struct sockaddr*) a;
}

/* A role's events, printed together at the end. */
typedef struct {
  const char* name;
  char lines[256][112];
  int n;
} role_log;

#define LOG(log, ...)                                                        \
  do {                                                                       \
    CHECK((log)->n < 256);                                                   \
    snprintf((log)->lines[(log)->n++], sizeof (log)->lines[0], __VA_ARGS__); \
  } while (0)

static inline void print_log(const role_log* log) {
  int i;
  for (i = 0; i < log->n; i++) T("%s: %s", log->name, log->lines[i]);
}

/* Writing to a peer that went away must give EPIPE, not kill the test. */
static inline void ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

/* Binds `server` to ip:0, listens, and returns the port it got. */
static inline int listen_any(uv_loop_t* loop, uv_tcp_t* server, const char* ip,
                             uv_connection_cb cb) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  CHECK(0 == uv_tcp_init(loop, server));
  if (strchr(ip, ':') != NULL) {
    struct sockaddr_in6 a;
    CHECK(0 == uv_tcp_bind(server, addr6(&a, ip, 0), 0));
  } else {
    struct sockaddr_in a;
    CHECK(0 == uv_tcp_bind(server, addr4(&a, ip, 0), 0));
  }
  CHECK(0 == uv_listen((uv_stream_t*) server, 128, cb));
  CHECK(0 == uv_tcp_getsockname(server, (struct sockaddr*) &ss, &len));
  if (ss.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6*) &ss)->sin6_port);
  return ntohs(((struct sockaddr_in*) &ss)->sin_port);
}

/* 127.0.0.1:port. */
static inline const struct sockaddr* loopback4(struct sockaddr_in* a, int port) {
  return addr4(a, "127.0.0.1", port);
}

/* An alloc callback handing out heap buffers of the suggested size; the
 * read callback frees them with free_buf(). */
static inline void heap_alloc(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  buf->base = malloc(size);
  CHECK(buf->base != NULL);
  buf->len = size;
}

static inline void free_buf(const uv_buf_t* buf) {
  if (buf != NULL) free(buf->base);
}

/* Whether ::1 can be bound here (some hosts have no IPv6). */
static inline int have_ipv6(uv_loop_t* loop) {
  uv_tcp_t t;
  struct sockaddr_in6 a;
  int r;
  CHECK(0 == uv_tcp_init(loop, &t));
  r = uv_tcp_bind(&t, addr6(&a, "::1", 0), 0);
  if (r == 0) r = uv_listen((uv_stream_t*) &t, 1, NULL);
  uv_close((uv_handle_t*) &t, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  return r == 0;
}

#endif
