/* million_timers: start, fire and close 1,000,000 timers.
 *
 * Phases (each timed separately, plus the total):
 *   start: uv_timer_init + uv_timer_start for every timer, without running
 *          the loop; timeouts are 0..31 ms, in blocks of 1000 timers that
 *          share one timeout, cycling (0,1,..,31,0,1,..) so the insertion
 *          order is neither sorted nor random;
 *   run:   uv_run(UV_RUN_DEFAULT) until every timer has fired once (the
 *          timeouts are short, so they fire within a few ticks; the phase
 *          includes whatever part of the 31 ms has not already elapsed
 *          during "start");
 *   close: uv_close on every timer, then uv_run until every close_cb ran.
 * Also reports peak RSS (getrusage ru_maxrss, KiB) and the peak growth over
 * the baseline taken after the timer array itself was allocated and touched,
 * i.e. the memory the library needs on top of the caller's handles, and
 * what is resident at the end split into anonymous memory (anon_rss_kib:
 * heap and stacks, the timers included) and file pages (file_rss_kib: the
 * code and data of the program and its libraries, libuv's among them).
 *
 * argv[1] overrides the timer count.
 * Exports used: uv_loop_init, uv_timer_init, uv_timer_start, uv_run,
 * uv_close, uv_loop_close.
 */
#include "bench_common.h"

#define DEFAULT_TIMERS 1000000L
#define SPREAD_MS 32

static uv_loop_t loop;
static long fired;
static long closed;

static void timer_cb(uv_timer_t* handle) {
  (void) handle;
  fired++;
}

static void close_cb(uv_handle_t* handle) {
  (void) handle;
  closed++;
}

int main(int argc, char** argv) {
  long n = bench_arg(argc, argv, DEFAULT_TIMERS);
  uv_timer_t* timers;
  uint64_t t0, t1, t2, t3;
  long rss_base, rss_peak, rss_anon, rss_file;
  long i;

  bench_print_lib();

  timers = malloc((size_t) n * sizeof(*timers));
  BENCH_ASSERT(timers != NULL);
  memset(timers, 0x5a, (size_t) n * sizeof(*timers));
  BENCH_CHECK(uv_loop_init(&loop));
  rss_base = bench_maxrss_kib();

  t0 = bench_now_ns();
  for (i = 0; i < n; i++) {
    /* Blocks of 1000 timers share a timeout; the timeouts cycle 0..31 ms,
     * so insertion order is neither sorted nor random. */
    uint64_t timeout = (uint64_t) (i / 1000) % SPREAD_MS;
    BENCH_CHECK(uv_timer_init(&loop, &timers[i]));
    BENCH_CHECK(uv_timer_start(&timers[i], timer_cb, timeout, 0));
  }
  t1 = bench_now_ns();
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  t2 = bench_now_ns();
  BENCH_ASSERT(fired == n);

  for (i = 0; i < n; i++)
    uv_close((uv_handle_t*) &timers[i], close_cb);
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  t3 = bench_now_ns();
  BENCH_ASSERT(closed == n);
  BENCH_CHECK(uv_loop_close(&loop));

  rss_peak = bench_maxrss_kib();
  /* Still at their peak here (nothing has been freed): what is resident
   * split into anonymous memory (heap, stacks: what the library allocates)
   * and file pages (the program's and the libraries' code and data). */
  rss_anon = bench_status_kib("RssAnon");
  rss_file = bench_status_kib("RssFile");
  printf("INFO timers=%ld sizeof_uv_timer_t=%zu rss_base_kib=%ld\n", n,
         sizeof(uv_timer_t), rss_base);
  bench_result("total_s", (t3 - t0) / 1e9, "s", "lower");
  bench_result("start_s", (t1 - t0) / 1e9, "s", "lower");
  bench_result("run_s", (t2 - t1) / 1e9, "s", "lower");
  bench_result("close_s", (t3 - t2) / 1e9, "s", "lower");
  bench_result("peak_rss_kib", (double) rss_peak, "KiB", "lower");
  bench_result("extra_rss_kib", (double) (rss_peak - rss_base), "KiB",
               "lower");
  bench_result("anon_rss_kib", (double) rss_anon, "KiB", "lower");
  bench_result("file_rss_kib", (double) rss_file, "KiB", "lower");
  free(timers);
  return 0;
}
