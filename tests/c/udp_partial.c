/* Datagrams longer than the buffer: nread is what fit and the flags carry
 * UV_UDP_PARTIAL (the rest is lost); one that fits exactly has no flag;
 * an empty datagram is nread 0 with an address, unlike "nothing more"
 * (nread 0, no address). */
#include "udp_common.h"

static uv_udp_t r, s;
static struct sockaddr_storage r_addr;
static char slab[8];

static void on_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  (void) h;
  (void) suggested;
  memset(slab, '.', sizeof slab);
  buf->base = slab;
  buf->len = 4;
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  T("recv: nread %zd, address %s, flags %u%s, buffer \"%.8s\"", nread, addr ? "yes" : "no", flags,
    flags & UV_UDP_PARTIAL ? " (partial)" : "", buf->base);
  if (nread == 0 && addr == NULL) uv_udp_recv_stop(h);
}

static void send_text(const char* text) {
  uv_buf_t buf = uv_buf_init((char*) text, (unsigned) strlen(text));
  CHECK(uv_udp_try_send(&s, &buf, 1, (struct sockaddr*) &r_addr) == (int) strlen(text));
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  int ret;

  CHECK(uv_udp_init(loop, &r) == 0);
  CHECK(uv_udp_init(loop, &s) == 0);
  CHECK(bind_loopback(&r, AF_INET, &r_addr) == 0);
  send_text("0123456789");
  send_text("abcd");
  send_text("");
  send_text("xyz");
  send_text("ABCDE");
  CHECK(uv_udp_recv_start(&r, on_alloc, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", ret);
  finish_loop(loop);
  return 0;
}
