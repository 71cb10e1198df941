/* An alloc callback that gives no buffer (NULL base, or a zero length)
 * makes the recv callback report UV_ENOBUFS with no address, and ends the
 * event; the datagram stays in the kernel and arrives with the next buffer. */
#include "udp_common.h"

static uv_udp_t r, s;
static struct sockaddr_storage r_addr;
static int allocs;
static char slab[64];

static void on_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  (void) h;
  allocs++;
  T("alloc %d (suggested %zu)", allocs, suggested);
  if (allocs == 1) {
    buf->base = NULL;
    buf->len = 0;
  } else if (allocs == 2) {
    buf->base = slab;
    buf->len = 0;
  } else if (allocs == 3) {
    /* Left as the library passed it in. */
  } else {
    buf->base = slab;
    buf->len = sizeof slab;
  }
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  T("recv: nread %s, base %s, len %zu, address %s, flags %u",
    nread > 0 ? "data" : ename((int) nread),
    buf->base == NULL ? "NULL" : buf->base == slab ? "slab" : "?", buf->len,
    addr ? "yes" : "no", flags);
  if (nread > 0) T("  \"%.*s\"", (int) nread, buf->base);
  if (nread == 0 && addr == NULL) uv_udp_recv_stop(h);
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  uv_buf_t buf = uv_buf_init("payload", 7);
  int ret;

  CHECK(uv_udp_init(loop, &r) == 0);
  CHECK(uv_udp_init(loop, &s) == 0);
  CHECK(bind_loopback(&r, AF_INET, &r_addr) == 0);
  CHECK(uv_udp_try_send(&s, &buf, 1, (struct sockaddr*) &r_addr) == 7);
  CHECK(uv_udp_recv_start(&r, on_alloc, on_recv) == 0);
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", ret);
  finish_loop(loop);
  return 0;
}
