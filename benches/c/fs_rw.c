/* fs_rw: 4 KiB random reads, then 4 KiB random writes, through uv_fs_read /
 * uv_fs_write with explicit offsets, at 1, 4 and 64 requests in flight.
 *
 * A 64 MiB file is created with libc in a scratch directory under $TMPDIR or
 * /tmp and pre-filled (so the reads are served from the page cache, and the
 * writes only dirty cached pages: this measures the library's request path,
 * not the disk). Each 4 KiB block starts with its own index, so every read
 * is checked to have returned the block asked for; after the write phases
 * the whole file is re-read with pread(2) to check every block still sits
 * at its own offset.
 *
 * Each request slot owns one uv_fs_t, one 4 KiB buffer and one uv_buf_t,
 * reused for all its operations (no allocation per op on the caller's side);
 * each callback checks the result, calls uv_fs_req_cleanup and issues the
 * slot's next operation. Block numbers come from xorshift64 with a fixed
 * seed, restarted for every phase: the same offset sequence on both
 * libraries. Thread pool of the default size (4 threads).
 *
 * Phases (op count by default, about 0.3 s each with the system libuv on
 * the 2-core dev box; each phase also stops issuing after a 0.5 s cap):
 *   read  depth 1 (15,000), depth 4 (30,000), depth 64 (150,000)
 *   write depth 1 (8,000),  depth 4 (15,000), depth 64 (30,000)
 * Reported: read_depth{1,4,64}_ops_per_s, write_depth{1,4,64}_ops_per_s.
 * argv[1] scales the op counts (percent, default 100). If the scratch file
 * system has less than 256 MiB free, the file shrinks (INFO scaled=1).
 *
 * Exports used: uv_loop_init, uv_fs_read, uv_fs_write, uv_fs_req_cleanup,
 * uv_run, uv_loop_close.
 */
#include "fs_common.h"

#define MAX_DEPTH 64
#define BLK 4096
#define CAP_NS 500000000ULL

typedef struct {
  uv_fs_t req;  /* first: the callback casts back */
  uv_buf_t buf;
  uint64_t blk;
  char* data;
} slot_t;

static uv_loop_t loop;
static slot_t slots[MAX_DEPTH];
static int fd;
static uint64_t nblocks;
static uint64_t rng;
static int writing;
static long target;
static long issued;
static long completed;
static uint64_t start_ns;
static int capped;

static void op_cb(uv_fs_t* req);

static void issue(slot_t* s) {
  s->blk = fs_xorshift64(&rng) % nblocks;
  issued++;
  if (writing) {
    memcpy(s->data, &s->blk, sizeof(s->blk));
    BENCH_CHECK(uv_fs_write(&loop, &s->req, fd, &s->buf, 1,
                            (int64_t) (s->blk * BLK), op_cb));
  } else {
    BENCH_CHECK(uv_fs_read(&loop, &s->req, fd, &s->buf, 1,
                           (int64_t) (s->blk * BLK), op_cb));
  }
}

static void op_cb(uv_fs_t* req) {
  slot_t* s = (slot_t*) req;
  if (req->result != BLK) {
    fprintf(stderr, "uv_fs_%s(block %llu): result %ld, expected %d\n",
            writing ? "write" : "read", (unsigned long long) s->blk,
            (long) req->result, BLK);
    exit(2);
  }
  if (!writing) {
    uint64_t got;
    memcpy(&got, s->data, sizeof(got));
    if (got != s->blk) {
      fprintf(stderr, "uv_fs_read(offset %llu): got block %llu\n",
              (unsigned long long) (s->blk * BLK), (unsigned long long) got);
      exit(3);
    }
  }
  uv_fs_req_cleanup(req);
  completed++;
  if (issued >= target)
    return;
  if ((completed & 0x3f) == 0 && bench_now_ns() - start_ns > CAP_NS) {
    capped = 1;
    target = issued; /* stop issuing; let the in-flight ones drain */
    return;
  }
  issue(s);
}

static void run_phase(int write_phase, int depth, long n) {
  char metric[64];
  uint64_t elapsed;
  int i;

  writing = write_phase;
  rng = FS_SEED;
  target = n;
  issued = 0;
  completed = 0;
  capped = 0;
  start_ns = bench_now_ns();
  for (i = 0; i < depth && issued < target; i++)
    issue(&slots[i]);
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  elapsed = bench_now_ns() - start_ns;
  BENCH_ASSERT(completed == issued);

  printf("INFO op=%s depth=%d ops=%ld elapsed_s=%.3f capped=%d\n",
         writing ? "write" : "read", depth, completed, elapsed / 1e9, capped);
  snprintf(metric, sizeof(metric), "%s_depth%d_ops_per_s",
           writing ? "write" : "read", depth);
  bench_result(metric, completed / (elapsed / 1e9), "ops/s", "higher");
}

/* Every block must still start with its own index. */
static void verify_file(void) {
  enum { CHUNK = 1 << 20 };
  static char chunk[CHUNK];
  uint64_t off, size = nblocks * BLK;
  size_t i;

  for (off = 0; off < size; off += CHUNK) {
    size_t n = size - off < CHUNK ? (size_t) (size - off) : CHUNK;
    BENCH_ASSERT(pread(fd, chunk, n, (off_t) off) == (ssize_t) n);
    for (i = 0; i < n; i += BLK) {
      uint64_t got, want = (off + i) / BLK;
      memcpy(&got, chunk + i, sizeof(got));
      if (got != want) {
        fprintf(stderr, "after writes: block %llu holds block %llu\n",
                (unsigned long long) want, (unsigned long long) got);
        exit(3);
      }
    }
  }
  printf("INFO verified=%llu blocks\n", (unsigned long long) nblocks);
}

int main(int argc, char** argv) {
  static const int depths[] = {1, 4, MAX_DEPTH};
  static const long counts[2][3] = {{15000, 30000, 150000},
                                    {8000, 15000, 30000}};
  long pct = bench_arg(argc, argv, 100);
  uint64_t size = 64ULL << 20, avail;
  int i, w;

  bench_print_lib();
  fs_setup_dir("fs_rw");
  avail = fs_free_bytes();
  while (size > (4ULL << 20) && avail < 4 * size)
    size /= 2;
  if (avail < 2 * size) {
    fprintf(stderr, "only %llu bytes free in %s\n", (unsigned long long) avail,
            fs_dir);
    exit(2);
  }
  nblocks = size / BLK;
  printf("INFO file_mib=%llu scaled=%d\n", (unsigned long long) (size >> 20),
         size != (64ULL << 20));

  fd = fs_open(fs_path("rw_64mib"), O_RDWR | O_CREAT | O_EXCL);
  fs_fill(fd, size);

  for (i = 0; i < MAX_DEPTH; i++) {
    BENCH_ASSERT(posix_memalign((void**) &slots[i].data, BLK, BLK) == 0);
    memset(slots[i].data, 'w', BLK);
    slots[i].buf.base = slots[i].data;
    slots[i].buf.len = BLK;
  }

  BENCH_CHECK(uv_loop_init(&loop));
  for (w = 0; w <= 1; w++)
    for (i = 0; i < 3; i++)
      run_phase(w, depths[i], counts[w][i] * pct / 100);
  BENCH_CHECK(uv_loop_close(&loop));
  verify_file();

  for (i = 0; i < MAX_DEPTH; i++)
    free(slots[i].data);
  return 0;
}
