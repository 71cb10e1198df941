/* async_ping_pong: wake-up latency between two loops on two threads.
 *
 * Loop A's async callback sends to loop B's async handle and B's callback
 * sends back, N round trips. Each trip is two cross-thread wake-ups (an
 * eventfd write, an epoll return, a callback), so round trips per second
 * measure how quickly a loop reacts to uv_async_send — the latency side of
 * what async_pummel measures as throughput.
 *
 * Exports used: uv_loop_init, uv_async_init, uv_async_send, uv_run,
 * uv_close, uv_loop_close, uv_thread_create, uv_thread_join. */
#include "bench_common.h"

#define DEFAULT_TRIPS 100000L

static uv_loop_t loop_a, loop_b;
static uv_async_t to_a, to_b;
static long trips, target;

static void on_a(uv_async_t* handle) {
  (void) handle;
  if (++trips >= target) {
    /* B learns it is over from the last send, and closes its side. */
    uv_close((uv_handle_t*) &to_a, NULL);
  }
  BENCH_CHECK(uv_async_send(&to_b));
}

static void on_b(uv_async_t* handle) {
  (void) handle;
  if (trips >= target) {
    uv_close((uv_handle_t*) &to_b, NULL);
    return;
  }
  BENCH_CHECK(uv_async_send(&to_a));
}

static void run_b(void* arg) {
  (void) arg;
  BENCH_CHECK(uv_run(&loop_b, UV_RUN_DEFAULT));
}

int main(int argc, char** argv) {
  uv_thread_t thread;
  uint64_t t0, t1;

  target = bench_arg(argc, argv, DEFAULT_TRIPS);
  bench_print_lib();
  BENCH_CHECK(uv_loop_init(&loop_a));
  BENCH_CHECK(uv_loop_init(&loop_b));
  BENCH_CHECK(uv_async_init(&loop_a, &to_a, on_a));
  BENCH_CHECK(uv_async_init(&loop_b, &to_b, on_b));
  BENCH_CHECK(uv_thread_create(&thread, run_b, NULL));

  t0 = bench_now_ns();
  BENCH_CHECK(uv_async_send(&to_b));
  BENCH_CHECK(uv_run(&loop_a, UV_RUN_DEFAULT));
  t1 = bench_now_ns();
  BENCH_CHECK(uv_thread_join(&thread));
  BENCH_ASSERT(trips == target);

  BENCH_CHECK(uv_loop_close(&loop_a));
  BENCH_CHECK(uv_loop_close(&loop_b));
  bench_result("round_trips_per_s", trips / ((t1 - t0) / 1e9), "trips/s", "higher");
  bench_result("us_per_round_trip", (t1 - t0) / 1e3 / trips, "us", "lower");
  return 0;
}
