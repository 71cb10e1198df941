/* uv_udp_recv_stop from inside the recv callback: no more callbacks for
 * this event, the handle is inactive and the loop ends; datagrams wait in
 * the kernel for the next recv_start. Stopping and starting again inside
 * the callback keeps the event going. Also: recv_start twice (EALREADY),
 * NULL callbacks (EINVAL), recv_stop on a handle that never received. */
#include "udp_common.h"

static uv_udp_t r, s;
static struct sockaddr_storage r_addr;
static int mode, got;

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  (void) flags;
  if (addr == NULL) {
    T("recv: %s, no address", ename((int) nread));
    if (mode == 2) {
      T("  stop at the end: %s", ename(uv_udp_recv_stop(h)));
    }
    return;
  }
  got++;
  T("recv: \"%.*s\"", (int) nread, buf->base);
  if (mode == 0) {
    int ret = uv_udp_recv_stop(h);
    T("  recv_stop: %s, active %s", ename(ret), yesno(uv_is_active((uv_handle_t*) h)));
    T("  recv_stop again: %s", ename(uv_udp_recv_stop(h)));
  } else if (mode == 1) {
    int ret = uv_udp_recv_stop(h);
    T("  recv_stop: %s, active %s", ename(ret), yesno(uv_is_active((uv_handle_t*) h)));
    ret = uv_udp_recv_start(h, udp_alloc_slab, on_recv);
    T("  recv_start: %s, active %s", ename(ret), yesno(uv_is_active((uv_handle_t*) h)));
    if (got == 4) mode = 2;
  }
}

static void on_send(uv_udp_send_t* req, int status) {
  T("send_cb: %s, active %s", ename(status), yesno(uv_is_active((uv_handle_t*) req->handle)));
}

static void send_text(const char* text) {
  uv_buf_t buf = uv_buf_init((char*) text, (unsigned) strlen(text));
  CHECK(uv_udp_try_send(&s, &buf, 1, (const struct sockaddr*) &r_addr) == (int) strlen(text));
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  int ret;

  CHECK(uv_udp_init(loop, &r) == 0);
  CHECK(uv_udp_init(loop, &s) == 0);
  ret = uv_udp_recv_stop(&r);
  T("recv_stop, never started: %s, active %s", ename(ret), yesno(uv_is_active((uv_handle_t*) &r)));
  CHECK(bind_loopback(&r, AF_INET, &r_addr) == 0);
  T("recv_start, NULL alloc_cb: %s", ename(uv_udp_recv_start(&r, NULL, on_recv)));
  T("recv_start, NULL recv_cb: %s", ename(uv_udp_recv_start(&r, udp_alloc_slab, NULL)));
  T("active: %s", yesno(uv_is_active((uv_handle_t*) &r)));

  send_text("one");
  send_text("two");
  send_text("three");
  send_text("four");
  send_text("five");

  T("-- stop in the callback");
  ret = uv_udp_recv_start(&r, udp_alloc_slab, on_recv);
  T("recv_start: %s, active %s", ename(ret), yesno(uv_is_active((uv_handle_t*) &r)));
  T("recv_start again: %s", ename(uv_udp_recv_start(&r, udp_alloc_slab, on_recv)));
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, received %d", ret, got);

  T("-- stop and start again in the callback");
  mode = 1;
  T("recv_start: %s", ename(uv_udp_recv_start(&r, udp_alloc_slab, on_recv)));
  ret = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d, received %d, active %s", ret, got, yesno(uv_is_active((uv_handle_t*) &r)));

  T("-- recv_stop while a send callback is due");
  {
    static uv_udp_send_t req;
    uv_buf_t buf = uv_buf_init("self", 4);
    mode = 3;
    CHECK(uv_udp_recv_start(&r, udp_alloc_slab, on_recv) == 0);
    ret = uv_udp_send(&req, &r, &buf, 1, (const struct sockaddr*) &r_addr, on_send);
    T("send to itself: %s, active %s", ename(ret), yesno(uv_is_active((uv_handle_t*) &r)));
    ret = uv_udp_recv_stop(&r);
    T("recv_stop: %s, active %s, loop alive %d", ename(ret), yesno(uv_is_active((uv_handle_t*) &r)),
      uv_loop_alive(loop));
    ret = uv_run(loop, UV_RUN_DEFAULT);
    T("run: %d, active %s", ret, yesno(uv_is_active((uv_handle_t*) &r)));
  }

  finish_loop(loop);
  return 0;
}
