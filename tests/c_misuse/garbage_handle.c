/* Handles and requests whose memory was never initialised and holds garbage
 * (0x5a bytes), not zeroes: the functions that return an error code should
 * answer UV_EINVAL, as for zeroed memory. Run by an ignored test: ruv reads
 * the garbage loop pointer today (a crash); see tests/c_misuse.rs. */
#include "misuse.h"

static void timer_cb(uv_timer_t* h) { (void) h; }
static void idle_cb(uv_idle_t* h) { (void) h; }

int main(void) {
  uv_loop_t loop;
  uv_timer_t timer;
  uv_idle_t idle;
  uv_async_t async;

  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  memset(&timer, 0x5a, sizeof timer);
  memset(&idle, 0x5a, sizeof idle);
  memset(&async, 0x5a, sizeof async);
  R("uv_timer_start", uv_timer_start(&timer, timer_cb, 1, 0));
  R("uv_timer_stop", uv_timer_stop(&timer));
  R("uv_idle_start", uv_idle_start(&idle, idle_cb));
  R("uv_async_send", uv_async_send(&async));
  finish_loop(&loop);
  return 0;
}
