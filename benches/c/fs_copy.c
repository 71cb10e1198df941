/* fs_copy: sequential copy of a 256 MiB file through uv_fs_read and
 * uv_fs_write, 64 KiB buffers, 4 requests in flight.
 *
 * The source is created with libc in a scratch directory under $TMPDIR or
 * /tmp and pre-filled, so it is read from the page cache; the destination
 * is written into the page cache too (no fsync): this measures the
 * library's request path and copy throughput, not the disk.
 *
 * Each of the 4 slots owns one uv_fs_t and one 64 KiB buffer: it claims the
 * next 64 KiB chunk, reads it at its offset, and from the read callback
 * writes it at the same offset of the destination; the write callback
 * claims the next chunk. Every result is checked (full reads and writes).
 * The copy runs 5 times (the destination is truncated to 0 with libc
 * before each pass, outside the timing); after the last pass the
 * destination is compared with the source using pread(2).
 * Reported: copy_mib_per_s = total bytes copied / total time of the passes
 * (INFO lines give each pass).
 *
 * Disk: needs twice the file size plus 256 MiB free (statvfs); if there is
 * less, the file is halved until it fits (down to 16 MiB; INFO scaled=1,
 * and the figure is then not comparable with full-size runs).
 * argv[1] sets the number of passes (default 5).
 *
 * Exports used: uv_loop_init, uv_fs_read, uv_fs_write, uv_fs_req_cleanup,
 * uv_run, uv_loop_close.
 */
#include "fs_common.h"

#define DEPTH 4
#define BUF_SIZE (64 * 1024)
#define FULL_SIZE (256ULL << 20)
#define MIN_SIZE (16ULL << 20)
#define MARGIN (256ULL << 20)

typedef struct {
  uv_fs_t req; /* first: the callbacks cast back */
  uv_buf_t buf;
  uint64_t off;
  size_t len;
  char* data;
} slot_t;

static uv_loop_t loop;
static slot_t slots[DEPTH];
static int src_fd;
static int dst_fd;
static uint64_t size;
static uint64_t next_off;
static uint64_t copied;

static void read_cb(uv_fs_t* req);
static void write_cb(uv_fs_t* req);

static void claim_and_read(slot_t* s) {
  if (next_off >= size)
    return;
  s->off = next_off;
  s->len = size - next_off < BUF_SIZE ? (size_t) (size - next_off) : BUF_SIZE;
  next_off += s->len;
  s->buf.base = s->data;
  s->buf.len = s->len;
  BENCH_CHECK(uv_fs_read(&loop, &s->req, src_fd, &s->buf, 1,
                         (int64_t) s->off, read_cb));
}

static void read_cb(uv_fs_t* req) {
  slot_t* s = (slot_t*) req;
  if (req->result != (ssize_t) s->len) {
    fprintf(stderr, "uv_fs_read(offset %llu, %zu bytes): result %ld\n",
            (unsigned long long) s->off, s->len, (long) req->result);
    exit(2);
  }
  uv_fs_req_cleanup(req);
  BENCH_CHECK(uv_fs_write(&loop, &s->req, dst_fd, &s->buf, 1,
                          (int64_t) s->off, write_cb));
}

static void write_cb(uv_fs_t* req) {
  slot_t* s = (slot_t*) req;
  if (req->result != (ssize_t) s->len) {
    fprintf(stderr, "uv_fs_write(offset %llu, %zu bytes): result %ld\n",
            (unsigned long long) s->off, s->len, (long) req->result);
    exit(2);
  }
  uv_fs_req_cleanup(req);
  copied += s->len;
  claim_and_read(s);
}

static uint64_t run_pass(int pass) {
  uint64_t t0, elapsed;
  int i;

  BENCH_ASSERT(ftruncate(dst_fd, 0) == 0);
  next_off = 0;
  copied = 0;
  t0 = bench_now_ns();
  for (i = 0; i < DEPTH; i++)
    claim_and_read(&slots[i]);
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  elapsed = bench_now_ns() - t0;
  BENCH_ASSERT(copied == size);
  printf("INFO pass=%d bytes=%llu elapsed_s=%.3f mib_per_s=%.1f\n", pass,
         (unsigned long long) copied, elapsed / 1e9,
         (copied / 1048576.0) / (elapsed / 1e9));
  return elapsed;
}

static void verify(void) {
  enum { CHUNK = 1 << 20 };
  static char a[CHUNK], b[CHUNK];
  uint64_t off;
  struct stat st;

  BENCH_ASSERT(fstat(dst_fd, &st) == 0);
  if ((uint64_t) st.st_size != size) {
    fprintf(stderr, "destination is %lld bytes, expected %llu\n",
            (long long) st.st_size, (unsigned long long) size);
    exit(3);
  }
  for (off = 0; off < size; off += CHUNK) {
    size_t n = size - off < CHUNK ? (size_t) (size - off) : CHUNK;
    BENCH_ASSERT(pread(src_fd, a, n, (off_t) off) == (ssize_t) n);
    BENCH_ASSERT(pread(dst_fd, b, n, (off_t) off) == (ssize_t) n);
    if (memcmp(a, b, n) != 0) {
      fprintf(stderr, "destination differs from source in [%llu, %llu)\n",
              (unsigned long long) off, (unsigned long long) (off + n));
      exit(3);
    }
  }
  printf("INFO verified=1\n");
}

int main(int argc, char** argv) {
  long passes = bench_arg(argc, argv, 5);
  uint64_t avail, total_ns = 0;
  const char* src;
  const char* dst;
  long p;
  int i;

  bench_print_lib();
  fs_setup_dir("fs_copy");
  avail = fs_free_bytes();
  size = FULL_SIZE;
  while (size > MIN_SIZE && avail < 2 * size + MARGIN)
    size /= 2;
  if (avail < 2 * size + MARGIN / 4) {
    fprintf(stderr, "only %llu bytes free in %s\n", (unsigned long long) avail,
            fs_dir);
    exit(2);
  }
  printf("INFO file_mib=%llu scaled=%d free_mib=%llu\n",
         (unsigned long long) (size >> 20), size != FULL_SIZE,
         (unsigned long long) (avail >> 20));

  src = fs_path("copy_src");
  dst = fs_path("copy_dst");
  src_fd = fs_open(src, O_RDWR | O_CREAT | O_EXCL);
  dst_fd = fs_open(dst, O_RDWR | O_CREAT | O_EXCL);
  fs_fill(src_fd, size);

  for (i = 0; i < DEPTH; i++)
    BENCH_ASSERT(posix_memalign((void**) &slots[i].data, 4096, BUF_SIZE) == 0);

  BENCH_CHECK(uv_loop_init(&loop));
  for (p = 1; p <= passes; p++)
    total_ns += run_pass((int) p);
  BENCH_CHECK(uv_loop_close(&loop));
  verify();

  bench_result("copy_mib_per_s",
               (passes * (double) size / 1048576.0) / (total_ns / 1e9),
               "MiB/s", "higher");
  for (i = 0; i < DEPTH; i++)
    free(slots[i].data);
  return 0;
}
