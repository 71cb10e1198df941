/* Reusing memory: a handle re-initialised and started from inside its own
 * close callback; a timer closed and re-initialised after the run; a loop
 * closed and initialised again in the same memory; uv_loop_new /
 * uv_loop_delete. */
#include "common.h"

static uv_timer_t t;
static int generation;

static void timer_cb(uv_timer_t* h) {
  T("timer generation %d fired", generation);
  if (generation < 3) uv_close((uv_handle_t*) h, NULL);
}

static void close_cb(uv_handle_t* h);

static void timer_cb_close(uv_timer_t* h) {
  T("timer generation %d fired, closing", generation);
  uv_close((uv_handle_t*) h, close_cb);
}

static void close_cb(uv_handle_t* h) {
  T("close_cb generation %d: re-init and start", generation);
  generation++;
  CHECK(0 == uv_timer_init(h->loop, (uv_timer_t*) h));
  CHECK(0 == uv_timer_start((uv_timer_t*) h,
                            generation < 3 ? timer_cb_close : timer_cb, 0, 0));
}

int main(void) {
  uv_loop_t loop;
  uv_loop_t* heap;
  int r, round;

  for (round = 1; round <= 2; round++) {
    T("loop round %d", round);
    CHECK(0 == uv_loop_init(&loop));
    generation = 1;
    CHECK(0 == uv_timer_init(&loop, &t));
    CHECK(0 == uv_timer_start(&t, timer_cb_close, 0, 0));
    r = uv_run(&loop, UV_RUN_DEFAULT);
    T("run -> %d, generation %d, timer active %s", r, generation,
      yesno(uv_is_active((uv_handle_t*) &t)));
    uv_close((uv_handle_t*) &t, NULL);
    finish_loop(&loop);
  }

  heap = uv_loop_new();
  CHECK(heap != NULL);
  CHECK(0 == uv_timer_init(heap, &t));
  generation = 3;
  CHECK(0 == uv_timer_start(&t, timer_cb, 1, 0));
  r = uv_run(heap, UV_RUN_DEFAULT);
  T("uv_loop_new loop: run -> %d", r);
  uv_close((uv_handle_t*) &t, NULL);
  CHECK(0 == uv_run(heap, UV_RUN_DEFAULT));
  uv_loop_delete(heap);
  T("uv_loop_delete done");
  return 0;
}
