/* Many writes queued at once, more than the socket buffer holds, on a
 * Unix stream socket and then on a loopback TCP connection: lists with
 * empty buffers, an empty write, a list longer than 64 buffers, writes
 * larger than the buffer, runs of small writes behind large ones. Every
 * callback comes once, in order, with 0; write_queue_size only shrinks
 * while no write is added and is 0 at the last callback; the reader gets
 * every byte in order. Then a second stream of each kind is closed with
 * writes still queued: the write that went out at once reports 0, the
 * others UV_ECANCELED, in order, before the close callback. */
#include "net_common.h"

#include <sys/socket.h>
#include <unistd.h>

#define WRITES 120
#define MANY 100 /* buffers in one write */
#define MAX_BUFS MANY

typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_pipe_t pipe;
  uv_tcp_t tcp;
} any_stream;

static uv_loop_t* loop;
static any_stream writer, reader, closer, idle_peer;
static uv_write_t reqs[WRITES];
static uv_buf_t lists[WRITES][MAX_BUFS];
static char* data;
static size_t total, received, last_queue;
static int next_cb, in_order = 1, shrinking = 1, mismatch = 0;
static role_log wlog = {"writer"}, rlog = {"reader"}, clog = {"closer"};

/* Write i's shape: how many buffers, and how long each one is. */
static unsigned write_shape(int i, size_t* sizes) {
  unsigned n, k;
  if (i == 7) { /* an empty write */
    sizes[0] = 0;
    return 1;
  }
  if (i == 20) { /* more buffers than one gathered writev takes */
    for (k = 0; k < MANY; k++) sizes[k] = 1000 + k;
    return MANY;
  }
  if (i == 3) { /* more than any socket buffer takes */
    sizes[0] = 8 * 1024 * 1024;
    return 1;
  }
  if (i % 11 == 3) { /* larger than the socket buffer */
    sizes[0] = 300 * 1024;
    return 1;
  }
  if (i > 30) { /* a run of small writes behind a large one */
    sizes[0] = 100 + (size_t) i;
    return 1;
  }
  n = 1 + (unsigned) (i % 4);
  for (k = 0; k < n; k++) sizes[k] = (k == 1) ? 0 : 4096 * (size_t) (1 + (i + k) % 7);
  return n;
}

static void write_cb(uv_write_t* req, int status) {
  int i = (int) (req - reqs);
  size_t queue = uv_stream_get_write_queue_size(req->handle);
  if (i != next_cb || status != 0) in_order = 0;
  if (queue > last_queue) shrinking = 0;
  last_queue = queue;
  next_cb++;
  if (next_cb == WRITES) {
    LOG(&wlog, "%d callbacks, in order with status 0: %s", next_cb, yesno(in_order));
    LOG(&wlog, "queue size only shrank: %s", yesno(shrinking));
    LOG(&wlog, "queue size at the last callback: %zu", queue);
    uv_close(&writer.handle, NULL);
  }
}

static void reader_read(uv_stream_t* s, ssize_t nread, const uv_buf_t* buf) {
  if (nread > 0) {
    if (memcmp(buf->base, data + received, (size_t) nread) != 0) mismatch = 1;
    received += (size_t) nread;
  } else if (nread < 0) {
    LOG(&rlog, "read end: %s after %zu of %zu bytes, in order: %s", ename((int) nread),
        received, total, yesno(!mismatch));
    uv_close((uv_handle_t*) s, NULL);
  }
  free_buf(buf);
}

static void queue_all(void) {
  size_t sizes[MAX_BUFS], offset = 0;
  int i;
  unsigned n, k;
  for (i = 0; i < WRITES; i++) {
    n = write_shape(i, sizes);
    for (k = 0; k < n; k++) {
      lists[i][k] = uv_buf_init(data + offset, (unsigned) sizes[k]);
      offset += sizes[k];
    }
    CHECK(0 == uv_write(&reqs[i], &writer.stream, lists[i], n, write_cb));
  }
  CHECK(offset == total);
  last_queue = writer.stream.write_queue_size;
  LOG(&wlog, "queued: %s", yesno(last_queue > 0));
  LOG(&wlog, "queue size within total: %s", yesno(last_queue <= total));
}

/* The second stream: closed while writes wait. */
static uv_write_t close_reqs[4];
static uv_buf_t close_bufs[4];

static void close_write_cb(uv_write_t* req, int status) {
  LOG(&clog, "write %d: %s", (int) (req - close_reqs), ename(status));
}

static void closer_close_cb(uv_handle_t* h) {
  (void) h;
  LOG(&clog, "close cb");
  uv_close(&idle_peer.handle, NULL);
}

static void close_with_queue(void) {
  int i;
  close_bufs[0] = uv_buf_init(data, 1024);
  for (i = 1; i < 4; i++) close_bufs[i] = uv_buf_init(data, 256 * 1024);
  for (i = 0; i < 4; i++)
    CHECK(0 == uv_write(&close_reqs[i], &closer.stream, &close_bufs[i], 1, close_write_cb));
  uv_close(&closer.handle, closer_close_cb);
}

/* A connected loopback TCP pair, made with plain sockets. */
static void tcp_pair(uv_os_sock_t fds[2]) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(listener >= 0);
  CHECK(0 == bind(listener, addr4(&a, "127.0.0.1", 0), sizeof a));
  CHECK(0 == listen(listener, 1));
  CHECK(0 == getsockname(listener, (struct sockaddr*) &a, &len));
  fds[0] = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fds[0] >= 0);
  CHECK(0 == connect(fds[0], (struct sockaddr*) &a, sizeof a));
  fds[1] = accept(listener, NULL, NULL);
  CHECK(fds[1] >= 0);
  close(listener);
}

/* Two connected streams of the kind asked for. */
static void open_pair(const char* kind, any_stream* a, any_stream* b) {
  uv_os_sock_t fds[2];
  if (strcmp(kind, "pipe") == 0) {
    CHECK(0 == uv_socketpair(SOCK_STREAM, 0, fds, 0, 0));
    CHECK(0 == uv_pipe_init(loop, &a->pipe, 0));
    CHECK(0 == uv_pipe_init(loop, &b->pipe, 0));
    CHECK(0 == uv_pipe_open(&a->pipe, fds[0]));
    CHECK(0 == uv_pipe_open(&b->pipe, fds[1]));
  } else {
    tcp_pair(fds);
    CHECK(0 == uv_tcp_init(loop, &a->tcp));
    CHECK(0 == uv_tcp_init(loop, &b->tcp));
    CHECK(0 == uv_tcp_open(&a->tcp, fds[0]));
    CHECK(0 == uv_tcp_open(&b->tcp, fds[1]));
  }
}

static void run_case(const char* kind) {
  wlog.n = rlog.n = clog.n = 0;
  received = 0;
  next_cb = 0;
  in_order = shrinking = 1;
  mismatch = 0;
  open_pair(kind, &writer, &reader);
  queue_all();
  CHECK(0 == uv_read_start(&reader.stream, heap_alloc, reader_read));
  open_pair(kind, &closer, &idle_peer);
  close_with_queue();
  CHECK(0 == uv_run(loop, UV_RUN_DEFAULT));
  T("%s:", kind);
  print_log(&wlog);
  print_log(&rlog);
  print_log(&clog);
}

int main(void) {
  size_t sizes[MAX_BUFS];
  size_t i;
  unsigned n, k;
  int w;

  ignore_sigpipe();
  loop = uv_default_loop();
  for (w = 0; w < WRITES; w++) {
    n = write_shape(w, sizes);
    for (k = 0; k < n; k++) total += sizes[k];
  }
  data = malloc(total);
  CHECK(data != NULL);
  for (i = 0; i < total; i++) data[i] = (char) (i * 7 + i / 251);
  run_case("pipe");
  run_case("tcp");
  CHECK(0 == uv_loop_close(loop));
  free(data);
  return 0;
}
