/* queue_work: uv_queue_work round trips through the thread pool.
 *
 * work_cb does nothing but bump a counter; after_work_cb (on the loop
 * thread) counts the completed round trip and, until the target is reached,
 * immediately re-queues the same request. Two runs on one loop:
 *   depth 1:  one request in flight     (default 30,000 round trips)
 *   depth 64: 64 requests in flight     (default 400,000 round trips)
 * Each run also stops issuing new work after a 1.2 s safety cap, and reports
 * round trips per second. argv[1] scales both targets (percent, default 100).
 * The thread pool has libuv's default size (UV_THREADPOOL_SIZE unset = 4).
 *
 * Exports used: uv_loop_init, uv_queue_work, uv_run, uv_loop_close.
 */
#include "bench_common.h"

#include <stdatomic.h>

#define MAX_DEPTH 64
#define CAP_NS 1200000000ULL

static uv_loop_t loop;
static uv_work_t reqs[MAX_DEPTH];
static long target;
static long issued;
static long completed;
static _Atomic long worked;
static uint64_t start_ns;
static int capped;

static void work_cb(uv_work_t* req) {
  (void) req;
  atomic_fetch_add_explicit(&worked, 1, memory_order_relaxed);
}

static void after_work_cb(uv_work_t* req, int status) {
  BENCH_ASSERT(status == 0);
  completed++;
  if (issued >= target)
    return;
  if ((completed & 0xff) == 0 && bench_now_ns() - start_ns > CAP_NS) {
    capped = 1;
    target = issued; /* stop issuing; let the in-flight ones drain */
    return;
  }
  issued++;
  BENCH_CHECK(uv_queue_work(&loop, req, work_cb, after_work_cb));
}

static void run_depth(int depth, long n, const char* metric) {
  uint64_t elapsed;
  int i;

  target = n;
  issued = 0;
  completed = 0;
  capped = 0;
  atomic_store(&worked, 0);

  start_ns = bench_now_ns();
  for (i = 0; i < depth && issued < target; i++) {
    issued++;
    BENCH_CHECK(uv_queue_work(&loop, &reqs[i], work_cb, after_work_cb));
  }
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  elapsed = bench_now_ns() - start_ns;

  BENCH_ASSERT(completed == issued);
  BENCH_ASSERT(atomic_load(&worked) == issued);
  printf("INFO depth=%d round_trips=%ld elapsed_s=%.3f capped=%d\n", depth,
         completed, elapsed / 1e9, capped);
  bench_result(metric, completed / (elapsed / 1e9), "trips/s", "higher");
}

int main(int argc, char** argv) {
  long pct = bench_arg(argc, argv, 100);

  bench_print_lib();
  BENCH_CHECK(uv_loop_init(&loop));
  run_depth(1, 30000L * pct / 100, "depth1_trips_per_s");
  run_depth(MAX_DEPTH, 400000L * pct / 100, "depth64_trips_per_s");
  BENCH_CHECK(uv_loop_close(&loop));
  return 0;
}
