/* loop_idle: event-loop iterations per second with one active idle handle.
 *
 * One uv_idle_t is started on a fresh loop; its callback runs once per loop
 * iteration and counts. After TICKS callbacks (default 3,000,000, argv[1]
 * overrides) or a 2.5 s safety cap, the callback stops the handle, so
 * uv_run(UV_RUN_DEFAULT) returns. Reports iterations/s.
 *
 * Exports used: uv_loop_init, uv_idle_init, uv_idle_start, uv_idle_stop,
 * uv_run, uv_close, uv_loop_close.
 */
#include "bench_common.h"

#define DEFAULT_TICKS 3000000L
#define CAP_NS 2500000000ULL

static uv_loop_t loop;
static uv_idle_t idle;
static long ticks;
static long target;
static uint64_t start_ns;
static int capped;

static void idle_cb(uv_idle_t* handle) {
  ticks++;
  if (ticks >= target) {
    uv_idle_stop(handle);
    return;
  }
  if ((ticks & 0xffff) == 0 && bench_now_ns() - start_ns > CAP_NS) {
    capped = 1;
    uv_idle_stop(handle);
  }
}

int main(int argc, char** argv) {
  uint64_t elapsed;

  target = bench_arg(argc, argv, DEFAULT_TICKS);
  bench_print_lib();

  BENCH_CHECK(uv_loop_init(&loop));
  BENCH_CHECK(uv_idle_init(&loop, &idle));
  BENCH_CHECK(uv_idle_start(&idle, idle_cb));

  start_ns = bench_now_ns();
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  elapsed = bench_now_ns() - start_ns;

  BENCH_ASSERT(ticks > 0);
  BENCH_ASSERT(capped || ticks == target);

  uv_close((uv_handle_t*) &idle, NULL);
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  BENCH_CHECK(uv_loop_close(&loop));

  printf("INFO ticks=%ld elapsed_s=%.3f capped=%d\n", ticks, elapsed / 1e9,
         capped);
  bench_result("iterations_per_s", ticks / (elapsed / 1e9), "iter/s",
               "higher");
  return 0;
}
