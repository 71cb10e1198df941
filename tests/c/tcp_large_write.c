/* A write larger than the socket buffers: uv_write queues what the kernel
 * does not take (write_queue_size > 0, uv_try_write refuses with EAGAIN),
 * the reader gets every byte in order, and the write callback runs once
 * with 0 after the queue drained. */
#include "net_common.h"

#define SIZE (8 * 1024 * 1024)

static uv_loop_t* loop;
static uv_tcp_t server, client, conn;
static uv_connect_t connect_req;
static uv_write_t write_req;
static char* data;
static size_t received;
static int in_order = 1;
static role_log clog = {"client"}, slog = {"server"};

static void write_cb(uv_write_t* req, int status) {
  LOG(&clog, "write cb: %s, queue size now %zu", ename(status),
      uv_stream_get_write_queue_size(req->handle));
  uv_close((uv_handle_t*) &client, NULL);
}

static void connect_cb(uv_connect_t* req, int status) {
  uv_buf_t bufs[3];
  char one = 'x';
  uv_buf_t small = uv_buf_init(&one, 1);
  CHECK(status == 0);
  bufs[0] = uv_buf_init(data, SIZE / 2);
  bufs[1] = uv_buf_init(data + SIZE / 2, 0);
  bufs[2] = uv_buf_init(data + SIZE / 2, SIZE / 2);
  CHECK(0 == uv_write(&write_req, req->handle, bufs, 3, write_cb));
  LOG(&clog, "queued something: %s", yesno(req->handle->write_queue_size > 0));
  LOG(&clog, "queue size within total: %s", yesno(req->handle->write_queue_size <= SIZE));
  LOG(&clog, "accessor agrees: %s",
      yesno(uv_stream_get_write_queue_size(req->handle) == req->handle->write_queue_size));
  LOG(&clog, "try_write while queued: %s", ename(uv_try_write(req->handle, &small, 1)));
}

static void server_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  ssize_t i;
  if (nread > 0) {
    for (i = 0; i < nread; i++)
      if (buf->base[i] != data[received + i]) in_order = 0;
    received += nread;
  } else if (nread < 0) {
    LOG(&slog, "read end: %s after %zu bytes, in order: %s", ename((int) nread), received,
        yesno(in_order));
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

int main(void) {
  struct sockaddr_in addr;
  int port, i;
  data = malloc(SIZE);
  for (i = 0; i < SIZE; i++) data[i] = (char) (i * 7 + i / 4096);
  loop = uv_default_loop();
  port = listen_any(loop, &server, "127.0.0.1", connection_cb);
  CHECK(0 == uv_tcp_init(loop, &client));
  CHECK(0 == uv_tcp_connect(&connect_req, &client, loopback4(&addr, port), connect_cb));
  T("run: %d", uv_run(loop, UV_RUN_DEFAULT));
  print_log(&clog);
  print_log(&slog);
  finish_loop(loop);
  free(data);
  return 0;
}
