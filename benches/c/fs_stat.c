/* fs_stat: uv_fs_stat throughput on one existing file, async vs sync.
 *
 * A 4 KiB file is created (with libc) in a scratch directory under $TMPDIR
 * or /tmp, then stat'ed by path over and over:
 *   sync:  uv_fs_stat(loop, req, path, NULL) on the loop thread, in a plain
 *          loop (no uv_run): the floor, i.e. what stat(2) costs through the
 *          library without the thread pool. Default 600,000 calls,
 *          0.8 s cap.
 *   async: 64 requests in flight; each callback checks the result, calls
 *          uv_fs_req_cleanup and re-issues the same uv_fs_t. Default
 *          500,000 stats, 1.2 s cap. Thread pool of the default size
 *          (UV_THREADPOOL_SIZE unset: 4 threads).
 * Every result is checked (result 0, st_size 4096, S_IFREG in st_mode).
 * Reported: sync_stats_per_s, async64_stats_per_s, and async_over_sync_cost
 * = (ns per async stat) / (ns per sync stat) (lower is better; < 1 means
 * the pool's parallelism more than pays for the hand-offs).
 * argv[1] scales both counts (percent, default 100).
 *
 * Exports used: uv_loop_init, uv_fs_stat, uv_fs_req_cleanup, uv_strerror,
 * uv_run, uv_loop_close.
 */
#include "fs_common.h"

#define DEPTH 64
#define SYNC_CAP_NS 800000000ULL
#define ASYNC_CAP_NS 1200000000ULL
#define FILE_SIZE 4096

static uv_loop_t loop;
static uv_fs_t reqs[DEPTH];
static const char* path;
static long target;
static long issued;
static long completed;
static uint64_t start_ns;
static int capped;

static void check_stat(uv_fs_t* req) {
  if (req->result != 0) {
    fprintf(stderr, "uv_fs_stat(%s): result %ld (%s)\n", path,
            (long) req->result, uv_strerror((int) req->result));
    exit(2);
  }
  BENCH_ASSERT(req->statbuf.st_size == FILE_SIZE);
  BENCH_ASSERT((req->statbuf.st_mode & S_IFMT) == S_IFREG);
}

static void stat_cb(uv_fs_t* req) {
  check_stat(req);
  uv_fs_req_cleanup(req);
  completed++;
  if (issued >= target)
    return;
  if ((completed & 0xff) == 0 && bench_now_ns() - start_ns > ASYNC_CAP_NS) {
    capped = 1;
    target = issued; /* stop issuing; let the in-flight ones drain */
    return;
  }
  issued++;
  BENCH_CHECK(uv_fs_stat(&loop, req, path, stat_cb));
}

static double run_sync(long n) {
  uv_fs_t req;
  uint64_t t0, elapsed;
  long i;
  int cap = 0;

  t0 = bench_now_ns();
  for (i = 0; i < n; i++) {
    BENCH_CHECK(uv_fs_stat(&loop, &req, path, NULL));
    check_stat(&req);
    uv_fs_req_cleanup(&req);
    if ((i & 0x3ff) == 0x3ff && bench_now_ns() - t0 > SYNC_CAP_NS) {
      i++;
      cap = 1;
      break;
    }
  }
  elapsed = bench_now_ns() - t0;
  printf("INFO mode=sync stats=%ld elapsed_s=%.3f capped=%d\n", i,
         elapsed / 1e9, cap);
  return i / (elapsed / 1e9);
}

static double run_async(long n) {
  uint64_t elapsed;
  int i;

  target = n;
  issued = 0;
  completed = 0;
  capped = 0;
  start_ns = bench_now_ns();
  for (i = 0; i < DEPTH && issued < target; i++) {
    issued++;
    BENCH_CHECK(uv_fs_stat(&loop, &reqs[i], path, stat_cb));
  }
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  elapsed = bench_now_ns() - start_ns;
  BENCH_ASSERT(completed == issued);
  printf("INFO mode=async depth=%d stats=%ld elapsed_s=%.3f capped=%d\n",
         DEPTH, completed, elapsed / 1e9, capped);
  return completed / (elapsed / 1e9);
}

int main(int argc, char** argv) {
  static char block[FILE_SIZE];
  long pct = bench_arg(argc, argv, 100);
  double sync_rate, async_rate;
  int fd;

  bench_print_lib();
  fs_setup_dir("fs_stat");
  path = fs_path("stat_target");
  fd = fs_open(path, O_WRONLY | O_CREAT | O_EXCL);
  memset(block, 'x', sizeof(block));
  BENCH_ASSERT(pwrite(fd, block, sizeof(block), 0) == (ssize_t) sizeof(block));

  BENCH_CHECK(uv_loop_init(&loop));
  sync_rate = run_sync(600000L * pct / 100);
  async_rate = run_async(500000L * pct / 100);
  BENCH_CHECK(uv_loop_close(&loop));

  bench_result("sync_stats_per_s", sync_rate, "stats/s", "higher");
  bench_result("async64_stats_per_s", async_rate, "stats/s", "higher");
  printf("INFO ns_per_sync_stat=%.1f ns_per_async_stat=%.1f\n",
         1e9 / sync_rate, 1e9 / async_rate);
  bench_result("async_over_sync_cost", sync_rate / async_rate, "ratio",
               "lower");
  return 0;
}
