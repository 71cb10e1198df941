/* Closing async handles: a send followed by uv_close before the loop runs
 * never calls the callback; an async closing itself from its own callback;
 * a send to an async with a NULL callback; close callbacks run. */
#include "common.h"

static int a_calls, b_calls;

static void a_cb(uv_async_t* h) { (void) h; a_calls++; T("a callback (must not run)"); }

static void b_cb(uv_async_t* h) {
  b_calls++;
  T("b callback %d: closes itself", b_calls);
  uv_close((uv_handle_t*) h, NULL);
  T("  b closing %s, active %s", yesno(uv_is_closing((uv_handle_t*) h)),
    yesno(uv_is_active((uv_handle_t*) h)));
}

static void close_cb(uv_handle_t* h) { T("close_cb %s", (const char*) h->data); }

int main(void) {
  uv_loop_t loop;
  uv_async_t a, b, c;
  int r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_async_init(&loop, &a, a_cb));
  CHECK(0 == uv_async_init(&loop, &c, NULL));
  a.data = "a";
  c.data = "c";
  CHECK(0 == uv_async_send(&a));
  T("a sent, then closed");
  uv_close((uv_handle_t*) &a, close_cb);
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("NOWAIT -> %d, a callbacks %d", r, a_calls);

  CHECK(0 == uv_async_send(&c));
  r = uv_run(&loop, UV_RUN_NOWAIT);
  T("NULL-callback async sent: NOWAIT -> %d", r);
  uv_close((uv_handle_t*) &c, close_cb);

  CHECK(0 == uv_async_init(&loop, &b, b_cb));
  CHECK(0 == uv_async_send(&b));
  CHECK(0 == uv_async_send(&b));
  r = uv_run(&loop, UV_RUN_DEFAULT);
  T("b sent twice: DEFAULT -> %d, b callbacks %d", r, b_calls);
  finish_loop(&loop);
  return 0;
}
