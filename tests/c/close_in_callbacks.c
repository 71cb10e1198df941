/* Closing handles from inside callbacks: a timer closes itself and an idle,
 * an idle closes itself, a close callback closes another handle (its close
 * callback runs in the NEXT iteration's closing phase). An unreferenced
 * prepare handle numbers the iterations. */
#include "common.h"

static uv_timer_t timer;
static uv_idle_t idle, idle2;
static uv_check_t c1, c2, c3;
static uv_prepare_t marker;
static int iter;

static void prepare_cb(uv_prepare_t* h) { (void) h; T("iteration %d", ++iter); }

static void close_cb(uv_handle_t* h) {
  T("close_cb %s", (const char*) h->data);
  if (h == (uv_handle_t*) &c1) {
    T("  closing c2 from c1's close callback");
    uv_close((uv_handle_t*) &c2, close_cb);
  } else if (h == (uv_handle_t*) &c2) {
    T("  closing c3 from c2's close callback");
    uv_close((uv_handle_t*) &c3, close_cb);
  }
}

static void idle2_cb(uv_idle_t* h) {
  T("idle2 runs, closes itself");
  uv_close((uv_handle_t*) h, close_cb);
  T("  idle2 closing %s, active %s", yesno(uv_is_closing((uv_handle_t*) h)),
    yesno(uv_is_active((uv_handle_t*) h)));
}

static void idle_cb(uv_idle_t* h) { (void) h; T("idle runs (must not, closed)"); }

static void timer_cb(uv_timer_t* h) {
  T("timer runs, closes itself and idle, closes c1");
  uv_close((uv_handle_t*) h, close_cb);
  uv_close((uv_handle_t*) &idle, close_cb);
  uv_close((uv_handle_t*) &c1, close_cb);
}

static void check_cb(uv_check_t* h) { T("check %s", (const char*) h->data); }

int main(void) {
  uv_loop_t loop;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_prepare_init(&loop, &marker));
  CHECK(0 == uv_prepare_start(&marker, prepare_cb));
  uv_unref((uv_handle_t*) &marker);
  CHECK(0 == uv_timer_init(&loop, &timer));
  CHECK(0 == uv_idle_init(&loop, &idle));
  CHECK(0 == uv_idle_init(&loop, &idle2));
  CHECK(0 == uv_check_init(&loop, &c1));
  CHECK(0 == uv_check_init(&loop, &c2));
  CHECK(0 == uv_check_init(&loop, &c3));
  timer.data = "timer";
  idle.data = "idle";
  idle2.data = "idle2";
  c1.data = "c1";
  c2.data = "c2";
  c3.data = "c3";
  CHECK(0 == uv_timer_start(&timer, timer_cb, 0, 0));
  CHECK(0 == uv_idle_start(&idle, idle_cb));
  CHECK(0 == uv_check_start(&c1, check_cb));
  CHECK(0 == uv_check_start(&c2, check_cb));
  CHECK(0 == uv_check_start(&c3, check_cb));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("first run done after %d iterations", iter);

  CHECK(0 == uv_idle_start(&idle2, idle2_cb));
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
  T("second run done");
  uv_close((uv_handle_t*) &marker, NULL);
  finish_loop(&loop);
  return 0;
}
