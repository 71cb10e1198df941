/* uv_timer_init on a timer that is initialised and not yet closed aborts
 * naming uv_timer_init, whether the timer is idle ("live"), started
 * ("started") or closing ("closing"); libuv 1.44 links the handle into its
 * queue a second time instead. Once the close callback has run ("closed"),
 * the memory is free for a new timer, which works as any other. */
#include "misuse.h"

static uv_loop_t loop;
static uv_timer_t timer;

static void timer_cb(uv_timer_t* t) {
  T("timer fired, due in %llu", (unsigned long long) uv_timer_get_due_in(t));
}

static void close_cb(uv_handle_t* h) {
  (void) h;
  T("close callback");
}

static void init_again(void) {
  T("calling uv_timer_init again");
  uv_timer_init(&loop, &timer);
  T("returned from uv_timer_init");
}

int main(int argc, char** argv) {
  const char* mode = mode_arg(argc, argv);
  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &timer));

  if (strcmp(mode, "live") == 0) {
    init_again();
  } else if (strcmp(mode, "started") == 0) {
    CHECK(0 == uv_timer_start(&timer, timer_cb, 10, 0));
    init_again();
  } else if (strcmp(mode, "closing") == 0) {
    uv_close((uv_handle_t*) &timer, NULL);
    init_again();
  } else if (strcmp(mode, "closed") == 0) {
    uv_close((uv_handle_t*) &timer, close_cb);
    CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
    R("uv_timer_init", uv_timer_init(&loop, &timer));
    R("uv_timer_start", uv_timer_start(&timer, timer_cb, 0, 0));
    T("active: %s", yesno(uv_is_active((uv_handle_t*) &timer)));
    R("uv_run", uv_run(&loop, UV_RUN_DEFAULT));
    T("active: %s", yesno(uv_is_active((uv_handle_t*) &timer)));
    uv_close((uv_handle_t*) &timer, close_cb);
  } else {
    unknown_mode(mode);
  }
  finish_loop(&loop);
  return 0;
}
