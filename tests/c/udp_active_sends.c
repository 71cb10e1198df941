/* When a UDP handle is active (uv_is_active) around sends and receiving.
 * A send makes the handle active; a receiving handle stays active through
 * its sends; recv_stop stops a handle whose only sends have already left
 * (their callbacks still due), and a send after that makes it active
 * again, before and after those callbacks run. */
#include "udp_common.h"

static uv_udp_t a, b;
static struct sockaddr_storage b_addr;
static uv_udp_send_t reqs[4];
static char payload[8] = "payload";

static void show(const char* what) {
  T("%s: active %s, queue count %zu", what, yesno(uv_is_active((uv_handle_t*) &a)),
    uv_udp_get_send_queue_count(&a));
}

static void on_send(uv_udp_send_t* req, int status) {
  char what[64];
  snprintf(what, sizeof what, "  %s callback (%s)", (const char*) req->data, ename(status));
  show(what);
}

static void send_one(int i, const char* name) {
  uv_buf_t buf = uv_buf_init(payload, sizeof payload);
  int r;
  reqs[i].data = (void*) name;
  r = uv_udp_send(&reqs[i], &a, &buf, 1, (const struct sockaddr*) &b_addr, on_send);
  T("send %s: %s", name, ename(r));
  show(name);
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf, const struct sockaddr* addr,
                    unsigned flags) {
  (void) h;
  (void) nread;
  (void) buf;
  (void) addr;
  (void) flags;
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  int r;

  CHECK(uv_udp_init(loop, &a) == 0);
  CHECK(uv_udp_init(loop, &b) == 0);
  CHECK(bind_loopback(&b, AF_INET, &b_addr) == 0);
  show("fresh");

  T("-- a send on a handle that does not receive");
  send_one(0, "s0");
  r = uv_run(loop, UV_RUN_NOWAIT);
  T("run nowait: %d", r);
  show("after");

  T("-- sends while receiving");
  CHECK(uv_udp_recv_start(&a, udp_alloc_slab, on_recv) == 0);
  show("recv_start");
  send_one(0, "s1");
  send_one(1, "s2");
  r = uv_run(loop, UV_RUN_NOWAIT);
  T("run nowait: %d", r);
  show("after");

  T("-- recv_stop with a finished send's callback due, then another send");
  send_one(0, "s3");
  CHECK(uv_udp_recv_stop(&a) == 0);
  show("recv_stop");
  send_one(1, "s4");
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);
  show("after");

  uv_close((uv_handle_t*) &a, NULL);
  uv_close((uv_handle_t*) &b, NULL);
  CHECK(uv_run(loop, UV_RUN_DEFAULT) == 0);
  CHECK(uv_loop_close(loop) == 0);
  T("done");
  return 0;
}
