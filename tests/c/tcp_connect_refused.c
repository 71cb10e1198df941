/* Connecting to a port nobody listens on: the callback gets
 * ECONNREFUSED; the handle can then be closed; writes queued while
 * connecting are cancelled after the connect callback. */
#include "net_common.h"

static uv_loop_t* loop;
static uv_tcp_t client;
static uv_connect_t connect_req;
static uv_write_t wreq;
static char data[] = "lost";

static void write_cb(uv_write_t* req, int status) {
  (void) req;
  T("write cb: %s", ename(status));
}

static void connect_cb(uv_connect_t* req, int status) {
  T("connect cb: %s", ename(status));
  T("readable %d writable %d active %d", uv_is_readable(req->handle),
    uv_is_writable(req->handle), uv_is_active((uv_handle_t*) req->handle));
  uv_close((uv_handle_t*) req->handle, NULL);
}

int main(void) {
  struct sockaddr_in addr;
  uv_tcp_t probe;
  struct sockaddr_storage ss;
  int len = sizeof ss, port;
  uv_buf_t b = uv_buf_init(data, 4);
  loop = uv_default_loop();
  /* Find a free port: bind, read it, close. */
  CHECK(0 == uv_tcp_init(loop, &probe));
  CHECK(0 == uv_tcp_bind(&probe, loopback4(&addr, 0), 0));
  CHECK(0 == uv_tcp_getsockname(&probe, (struct sockaddr*) &ss, &len));
  port = ntohs(((struct sockaddr_in*) &ss)->sin_port);
  uv_close((uv_handle_t*) &probe, NULL);
  uv_run(loop, UV_RUN_DEFAULT);

  CHECK(0 == uv_tcp_init(loop, &client));
  T("connect: %s", ename(uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb)));
  T("write while connecting: %s", ename(uv_write(&wreq, (uv_stream_t*) &client, &b, 1, write_cb)));
  T("queue size: %zu", client.write_queue_size);
  T("try_write while connecting: %s", ename(uv_try_write((uv_stream_t*) &client, &b, 1)));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
