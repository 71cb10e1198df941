/* Many writes queued at once, some vectored with empty buffers among
 * them, arrive in order; callbacks run in order; write_queue_size goes
 * back to 0; a zero-length write completes too. */
#include "net_common.h"

#define WRITES 200

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t creq;
static uv_write_t reqs[WRITES + 1];
static char payload[WRITES][16];
static char expect[WRITES * 16];
static char got[WRITES * 16];
static size_t got_len, expect_len;
static int callbacks, in_order = 1;

static void write_cb(uv_write_t* req, int status) {
  CHECK(status == 0);
  if (req - reqs != callbacks) in_order = 0;
  callbacks++;
  if (callbacks == WRITES + 1) {
    T("all write callbacks in order: %s, queue size %zu", yesno(in_order), client.write_queue_size);
    uv_close((uv_handle_t*) &client, NULL);
  }
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    CHECK(got_len + nread <= sizeof got);
    memcpy(got + got_len, buf->base, nread);
    got_len += nread;
  } else if (nread < 0) {
    T("server got %zu bytes of %zu, same: %s", got_len, expect_len,
      yesno(got_len == expect_len && memcmp(got, expect, got_len) == 0));
    uv_close((uv_handle_t*) s, NULL);
    uv_close((uv_handle_t*) &server, NULL);
  }
  free_buf(buf);
}

static void connection_cb(uv_stream_t* srv, int status) {
  CHECK(status == 0);
  CHECK(0 == uv_tcp_init(loop, &conn));
  CHECK(0 == uv_accept(srv, (uv_stream_t*) &conn));
  CHECK(0 == uv_read_start((uv_stream_t*) &conn, heap_alloc, server_read));
}

static void connect_cb(uv_connect_t* req, int status) {
  int i;
  size_t queued = 0;
  CHECK(status == 0);
  for (i = 0; i < WRITES; i++) {
    int n = snprintf(payload[i], sizeof payload[i], "<%d>", i);
    uv_buf_t bufs[3];
    bufs[0] = uv_buf_init(payload[i], 1);
    bufs[1] = uv_buf_init(NULL, 0);
    bufs[2] = uv_buf_init(payload[i] + 1, n - 1);
    memcpy(expect + expect_len, payload[i], n);
    expect_len += n;
    CHECK(0 == uv_write(&reqs[i], req->handle, bufs, 3, write_cb));
    queued += req->handle->write_queue_size;
  }
  {
    uv_buf_t empty = uv_buf_init(NULL, 0);
    T("zero-length write: %s", ename(uv_write(&reqs[WRITES], req->handle, &empty, 1, write_cb)));
  }
  T("callbacks before returning to the loop: %d", callbacks);
}

int main(void) {
  struct sockaddr_in addr;
  int port;
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&creq, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  finish_loop(loop);
  return 0;
}
