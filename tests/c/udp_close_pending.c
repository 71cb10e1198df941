/* Closing a UDP handle with sends outstanding. A send that already went
 * out (its callback was due in the next pending phase) reports 0; sends
 * still queued report UV_ECANCELED; all before the close callback, with
 * the queue counts going down. Closing from inside a send callback: the
 * other sends already done still report 0. A send that failed at once
 * reports its error, not ECANCELED. */
#include "udp_common.h"

static uv_udp_t a, b;
static struct sockaddr_storage b_addr;
static uv_udp_send_t reqs[6];
static char payload[8] = "1234567";
static int close_in_cb;

static void on_close(uv_handle_t* h) {
  T("close_cb: queue %zu/%zu", ((uv_udp_t*) h)->send_queue_size, ((uv_udp_t*) h)->send_queue_count);
}

static void on_send(uv_udp_send_t* req, int status) {
  T("send_cb %s: %s, queue %zu/%zu, closing %s", (const char*) req->data, ename(status),
    a.send_queue_size, a.send_queue_count, yesno(uv_is_closing((uv_handle_t*) &a)));
  if (close_in_cb && strcmp((const char*) req->data, "r0") == 0) {
    T("  closing");
    uv_close((uv_handle_t*) &a, on_close);
  }
}

static void queue_sends(int n) {
  static const char* names[] = {"r0", "r1", "r2", "r3", "r4", "r5"};
  int i;
  for (i = 0; i < n; i++) {
    uv_buf_t buf = uv_buf_init(payload, (unsigned) (i + 1));
    int r;
    reqs[i].data = (void*) names[i];
    r = uv_udp_send(&reqs[i], &a, &buf, 1, (const struct sockaddr*) &b_addr, on_send);
    T("send %s: %s, queue %zu/%zu", names[i], ename(r), a.send_queue_size, a.send_queue_count);
  }
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  int r;

  CHECK(uv_udp_init(loop, &b) == 0);
  CHECK(bind_loopback(&b, AF_INET, &b_addr) == 0);

  T("-- close right after sending");
  CHECK(uv_udp_init(loop, &a) == 0);
  queue_sends(4);
  uv_close((uv_handle_t*) &a, on_close);
  T("closed: queue %zu/%zu, active %s", a.send_queue_size, a.send_queue_count,
    yesno(uv_is_active((uv_handle_t*) &a)));
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);

  T("-- close in the first send callback");
  CHECK(uv_udp_init(loop, &a) == 0);
  close_in_cb = 1;
  queue_sends(3);
  r = uv_run(loop, UV_RUN_ONCE);
  T("run once: %d", r);
  queue_sends(0);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);

  T("-- close after a send that failed at once");
  close_in_cb = 0;
  CHECK(uv_udp_init(loop, &a) == 0);
  {
    static char big[70000];
    uv_buf_t buf = uv_buf_init(big, sizeof big);
    reqs[0].data = "big";
    r = uv_udp_send(&reqs[0], &a, &buf, 1, (const struct sockaddr*) &b_addr, on_send);
    T("send big: %s, queue %zu/%zu", ename(r), a.send_queue_size, a.send_queue_count);
  }
  queue_sends(0);
  reqs[1].data = "small";
  {
    uv_buf_t buf = uv_buf_init(payload, 2);
    r = uv_udp_send(&reqs[1], &a, &buf, 1, (const struct sockaddr*) &b_addr, on_send);
    T("send small: %s, queue %zu/%zu", ename(r), a.send_queue_size, a.send_queue_count);
  }
  uv_close((uv_handle_t*) &a, on_close);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);

  finish_loop(loop);
  return 0;
}
