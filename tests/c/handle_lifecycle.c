/* uv_is_active / uv_has_ref / uv_is_closing over the life cycle of a timer,
 * an idle, a prepare, a check and an async handle: init, start, unref, stop,
 * ref, close, inside the close callback, after the loop ran. */
#include "common.h"

static void show(const char* what, uv_handle_t* h) {
  T("%-8s %-22s active=%s ref=%s closing=%s", uv_handle_type_name(h->type),
    what, yesno(uv_is_active(h)), yesno(uv_has_ref(h)),
    yesno(uv_is_closing(h)));
}

static void close_cb(uv_handle_t* h) { show("in close_cb", h); }
static void timer_cb(uv_timer_t* h) { show("in timer_cb", (uv_handle_t*) h); }
static void idle_cb(uv_idle_t* h) { (void) h; }
static void prepare_cb(uv_prepare_t* h) { (void) h; }
static void check_cb(uv_check_t* h) { (void) h; }
static void async_cb(uv_async_t* h) { (void) h; }

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  uv_prepare_t prepare;
  uv_check_t check;
  uv_async_t async;
  uv_handle_t* hs[5];
  int i;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_prepare_init(&loop, &prepare));
  CHECK(0 == uv_check_init(&loop, &check));
  CHECK(0 == uv_async_init(&loop, &async, async_cb));
  hs[0] = (uv_handle_t*) &timer;
  hs[1] = (uv_handle_t*) &idle;
  hs[2] = (uv_handle_t*) &prepare;
  hs[3] = (uv_handle_t*) &check;
  hs[4] = (uv_handle_t*) &async;

  for (i = 0; i < 5; i++) show("after init", hs[i]);
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  CHECK(0 == uv_prepare_start(&prepare, prepare_cb));
  CHECK(0 == uv_check_start(&check, check_cb));
  for (i = 0; i < 5; i++) show("after start", hs[i]);
  for (i = 0; i < 5; i++) uv_unref(hs[i]);
  for (i = 0; i < 5; i++) show("after unref", hs[i]);
  CHECK(0 == uv_run(&loop, UV_RUN_NOWAIT));
  for (i = 0; i < 5; i++) show("after NOWAIT run", hs[i]);
  CHECK(0 == uv_timer_stop(&timer));
  CHECK(0 == uv_idle_stop(&idle));
  CHECK(0 == uv_prepare_stop(&prepare));
  CHECK(0 == uv_check_stop(&check));
  for (i = 0; i < 5; i++) show("after stop", hs[i]);
  for (i = 0; i < 5; i++) uv_ref(hs[i]);
  for (i = 0; i < 5; i++) show("after ref", hs[i]);
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  for (i = 0; i < 5; i++) uv_close(hs[i], close_cb);
  for (i = 0; i < 5; i++) show("after close", hs[i]);
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  for (i = 0; i < 5; i++) show("after run", hs[i]);
  finish_loop(&loop);
  return 0;
}
