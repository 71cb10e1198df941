/* A second uv_close on the same handle aborts naming uv_close, whether the
 * first close is still pending ("closing"), has completed ("closed"), or the
 * second comes from the handle's own close callback ("in_close_cb").
 * libuv 1.44 corrupts its handle queues instead. */
#include "misuse.h"

static uv_loop_t loop;
static uv_timer_t timer;

static void close_again_cb(uv_handle_t* h) {
  T("close callback; calling uv_close again");
  uv_close(h, NULL);
  T("returned from uv_close");
}

int main(int argc, char** argv) {
  const char* mode = mode_arg(argc, argv);
  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));

  if (strcmp(mode, "closing") == 0) {
    uv_close((uv_handle_t*) &timer, NULL);
    T("closing: %s", yesno(uv_is_closing((uv_handle_t*) &timer)));
    T("calling uv_close again");
    uv_close((uv_handle_t*) &timer, NULL);
    T("returned from uv_close");
  } else if (strcmp(mode, "closed") == 0) {
    uv_close((uv_handle_t*) &timer, NULL);
    CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
    T("closed; calling uv_close again");
    uv_close((uv_handle_t*) &timer, NULL);
    T("returned from uv_close");
  } else if (strcmp(mode, "in_close_cb") == 0) {
    uv_close((uv_handle_t*) &timer, close_again_cb);
    CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  } else {
    unknown_mode(mode);
  }
  finish_loop(&loop);
  return 0;
}
