/* Arguments out of range on a good loop: uv_loop_configure with an unknown
 * option is UV_ENOSYS (as in libuv), UV_LOOP_BLOCK_SIGNAL with a signal other
 * than SIGPROF is UV_EINVAL, uv_run with an unknown mode is UV_EINVAL and
 * runs nothing. */
#include "misuse.h"

#include <signal.h>

static void timer_cb(uv_timer_t* h) {
  (void) h;
  T("timer fired");
}

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;

  CHECK(0 == uv_loop_init(&loop));
  R("uv_loop_configure option 2", uv_loop_configure(&loop, (uv_loop_option) 2));
  R("uv_loop_configure option 99", uv_loop_configure(&loop, (uv_loop_option) 99));
  R("uv_loop_configure option -1", uv_loop_configure(&loop, (uv_loop_option) -1));
  R("uv_loop_configure BLOCK_SIGNAL SIGINT",
    uv_loop_configure(&loop, UV_LOOP_BLOCK_SIGNAL, SIGINT));
  R("uv_loop_configure BLOCK_SIGNAL SIGPROF",
    uv_loop_configure(&loop, UV_LOOP_BLOCK_SIGNAL, SIGPROF));

  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  R("uv_run mode 3", uv_run(&loop, (uv_run_mode) 3));
  R("uv_run mode -1", uv_run(&loop, (uv_run_mode) -1));
  T("timer still active: %s", yesno(uv_is_active((uv_handle_t*) &timer)));
  R("uv_run DEFAULT", uv_run(&loop, UV_RUN_DEFAULT));
  finish_loop(&loop);
  return 0;
}
