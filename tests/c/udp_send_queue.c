/* send_queue_size / send_queue_count (the public fields and the getters)
 * as sends queue and finish. The first send on an idle handle goes out at
 * once but counts until its callback, in the next pending phase; sends
 * queued behind it wait for writability and leave in one batch; a send
 * made inside a send callback waits its turn. libuv 1.44 hands queued
 * datagrams to sendmmsg together, and when the batch's first datagram
 * fails (EMSGSIZE here) every datagram of that batch gets the error. */
#include "udp_common.h"

static uv_udp_t a, b;
static struct sockaddr_storage b_addr;
static uv_udp_send_t reqs[8];
static char big[70000];
static char small[16] = "abcdefghijklmno";

static void show(const char* what) {
  T("%s: queue %zu/%zu (fields %zu/%zu), active %s", what, uv_udp_get_send_queue_size(&a),
    uv_udp_get_send_queue_count(&a), a.send_queue_size, a.send_queue_count,
    yesno(uv_is_active((uv_handle_t*) &a)));
}

static void on_send(uv_udp_send_t* req, int status);

static void send_bufs(int i, const char* name, uv_buf_t* bufs, unsigned nbufs) {
  int r;
  reqs[i].data = (void*) name;
  r = uv_udp_send(&reqs[i], &a, bufs, nbufs, (const struct sockaddr*) &b_addr, on_send);
  T("send %s: %s", name, ename(r));
  show(name);
}

static void send_len(int i, const char* name, size_t len) {
  uv_buf_t buf = uv_buf_init(len > sizeof small ? big : small, (unsigned) len);
  send_bufs(i, name, &buf, 1);
}

static void on_send(uv_udp_send_t* req, int status) {
  char what[64];
  CHECK(req->handle == &a);
  snprintf(what, sizeof what, "  %s callback (%s)", (const char*) req->data, ename(status));
  show(what);
  if (strcmp((const char*) req->data, "r1") == 0) send_len(3, "r3 (from r1's callback)", 2);
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  uv_buf_t two[2];
  int r;

  CHECK(uv_udp_init(loop, &a) == 0);
  CHECK(uv_udp_init(loop, &b) == 0);
  CHECK(bind_loopback(&b, AF_INET, &b_addr) == 0);
  show("fresh");

  T("-- one at once, two queued behind it");
  send_len(0, "r0", 5);
  two[0] = uv_buf_init(small, 3);
  two[1] = uv_buf_init(small + 3, 4);
  send_bufs(1, "r1", two, 2);
  send_len(2, "r2 (empty datagram)", 0);
  r = uv_run(loop, UV_RUN_ONCE);
  T("run once: %d", r);
  show("after");

  T("-- a failing batch");
  send_len(0, "r0", 5);
  send_len(1, "r1 (too large)", sizeof big);
  send_len(2, "r2", 5);
  send_len(4, "r4", 5);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);
  show("after");

  T("-- too large, at once");
  send_len(0, "r0 (too large)", sizeof big);
  {
    uv_buf_t buf = uv_buf_init(big, sizeof big);
    T("try_send while queued: %s",
      ename(uv_udp_try_send(&a, &buf, 1, (const struct sockaddr*) &b_addr)));
    r = uv_run(loop, UV_RUN_DEFAULT);
    T("run: %d", r);
    show("after");
    T("try_send when idle: %s",
      ename(uv_udp_try_send(&a, &buf, 1, (const struct sockaddr*) &b_addr)));
  }

  finish_loop(loop);
  return 0;
}
