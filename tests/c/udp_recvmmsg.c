/* UV_UDP_RECVMMSG: uv_udp_using_recvmmsg, and how a batch is reported.
 * Each alloc'd buffer is cut into 64 KiB chunks, one datagram each; every
 * datagram comes with UV_UDP_MMSG_CHUNK and its chunk, then the whole
 * buffer once with UV_UDP_MMSG_FREE and nread 0; "nothing more" is nread 0
 * with no address and no flags. recv_stop inside a chunk callback drops
 * the rest of the batch and the FREE call; closing inside one does not
 * (the batch is delivered to the closing handle). */
#include "udp_common.h"

#define CHUNK 65536

static uv_udp_t r, s, plain;
static struct sockaddr_storage r_addr;
static char* slab;
static int mode, chunks;

static void on_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  (void) h;
  T("alloc (suggested %zu)", suggested);
  buf->base = slab;
  buf->len = 3 * CHUNK + 100;
}

static void on_close(uv_handle_t* h) {
  (void) h;
  T("close_cb");
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  T("recv: nread %zd, address %s, flags %s%s%s, buffer at %ld, len %zu%s%.*s%s", nread,
    addr ? addr_text(addr) : "none", flags == 0 ? "0" : "",
    flags & UV_UDP_MMSG_CHUNK ? "CHUNK" : "", flags & UV_UDP_MMSG_FREE ? "FREE" : "",
    (long) (buf->base - slab), buf->len, nread > 0 ? " \"" : "", (int) (nread > 0 ? nread : 0),
    buf->base, nread > 0 ? "\"" : "");
  if (flags & UV_UDP_MMSG_CHUNK) chunks++;
  if (mode == 0 && nread == 0 && addr == NULL && !(flags & UV_UDP_MMSG_FREE)) {
    uv_udp_recv_stop(h);
  } else if (mode == 1 && chunks == 2) {
    T("  recv_stop: %s", ename(uv_udp_recv_stop(h)));
  } else if (mode == 2 && chunks == 1) {
    T("  closing");
    uv_close((uv_handle_t*) h, on_close);
  }
}

static void send_text(const char* text) {
  uv_buf_t buf = uv_buf_init((char*) text, (unsigned) strlen(text));
  CHECK(uv_udp_try_send(&s, &buf, 1, (struct sockaddr*) &r_addr) == (int) strlen(text));
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  int ret;

  slab = malloc(4 * CHUNK);
  CHECK(slab != NULL);
  CHECK(uv_udp_init_ex(loop, &r, AF_INET | UV_UDP_RECVMMSG) == 0);
  CHECK(uv_udp_init(loop, &s) == 0);
  CHECK(uv_udp_init_ex(loop, &plain, AF_UNSPEC) == 0);
  T("using_recvmmsg: mmsg handle %d, plain handle %d", uv_udp_using_recvmmsg(&r),
    uv_udp_using_recvmmsg(&plain));
  CHECK(bind_loopback(&r, AF_INET, &r_addr) == 0);

  T("-- seven datagrams, three per buffer");
  send_text("a");
  send_text("bb");
  send_text("ccc");
  send_text("");
  send_text("eeeee");
  send_text("ffffff");
  send_text("ggggggg");
  CHECK(uv_udp_recv_start(&r, on_alloc, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, chunks %d", ret, chunks);

  T("-- recv_stop in the second chunk callback");
  mode = 1;
  chunks = 0;
  send_text("one");
  send_text("two");
  send_text("three");
  send_text("four");
  CHECK(uv_udp_recv_start(&r, on_alloc, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, chunks %d", ret, chunks);
  mode = 0;
  CHECK(uv_udp_recv_start(&r, on_alloc, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", ret);

  T("-- closing in the first chunk callback");
  mode = 2;
  chunks = 0;
  send_text("red");
  send_text("green");
  send_text("blue");
  send_text("black");
  CHECK(uv_udp_recv_start(&r, on_alloc, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, chunks %d", ret, chunks);

  finish_loop(loop);
  free(slab);
  return 0;
}
