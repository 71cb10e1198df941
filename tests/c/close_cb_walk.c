/* Inside a close callback: the handle being closed is no longer visible to
 * uv_walk, the handles still waiting for their close callbacks are;
 * uv_loop_close is UV_EBUSY while one is still open; uv_loop_alive inside the
 * last close callback. */
#include "common.h"

static uv_loop_t loop;
static uv_timer_t a, b, c;
static uv_idle_t keep;

static void walk_cb(uv_handle_t* h, void* arg) {
  (void) arg;
  T("    visible: %s%s", (const char*) h->data, uv_is_closing(h) ? " (closing)" : "");
}

static void close_cb(uv_handle_t* h) {
  T("close_cb %s:", (const char*) h->data);
  uv_walk(&loop, walk_cb, NULL);
  /* Not in the last close callback: a successful close there would leave
   * the loop closed under uv_run's feet. */
  if (h != (uv_handle_t*) &keep)
    T("    loop_close -> %s", ename(uv_loop_close(&loop)));
  T("    alive %s", yesno(uv_loop_alive(&loop)));
}

int main(void) {
  int r;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &a));
  CHECK(0 == uv_timer_init(&loop, &b));
  CHECK(0 == uv_idle_init(&loop, &keep));
  CHECK(0 == uv_timer_init(&loop, &c));
  a.data = "a";
  b.data = "b";
  c.data = "c";
  keep.data = "keep";
  uv_close((uv_handle_t*) &a, close_cb);
  uv_close((uv_handle_t*) &b, close_cb);
  uv_close((uv_handle_t*) &c, close_cb);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  uv_close((uv_handle_t*) &keep, close_cb);
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("run -> %d", r);
  r = uv_loop_close(&loop);
  T("loop_close: %s", ename(r));
  CHECK(r == 0);
  return 0;
}
