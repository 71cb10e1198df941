/* Shared helpers for the file-system benchmarks (benches/c/fs_*.c).
 *
 * Scratch files live in a private directory made with mkdtemp(3) under
 * $TMPDIR (or /tmp). Setup and teardown use plain libc (open, pwrite,
 * unlink, rmdir), so only the operations being measured go through libuv:
 * a benchmark needs as few uv_fs_* exports as possible, and the fixture
 * is identical for both libraries.
 *
 * Everything created is removed at exit, also on failure: an atexit hook
 * covers exit() (BENCH_CHECK / BENCH_ASSERT exit non-zero), and a signal
 * handler covers SIGTERM (run.sh's timeout), SIGINT and crashes (SIGSEGV,
 * SIGBUS, SIGABRT, SIGFPE, SIGILL): it unlinks the files and the directory
 * (async-signal-safe calls only), then re-raises the signal so the exit
 * status still says what happened. SIGKILL cannot be caught: after one,
 * a directory named ruv-bench-fs-* may be left behind in $TMPDIR or /tmp.
 */
#ifndef RUV_BENCH_FS_COMMON_H
#define RUV_BENCH_FS_COMMON_H

#include "bench_common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define FS_MAX_FILES 4

static char fs_dir[512];
static char fs_files[FS_MAX_FILES][600];
static volatile sig_atomic_t fs_nfiles;
static int fs_fds[FS_MAX_FILES];
static volatile sig_atomic_t fs_nfds;

static inline void fs_cleanup(void) {
  int i;
  for (i = 0; i < fs_nfds; i++)
    if (fs_fds[i] >= 0)
      close(fs_fds[i]);
  fs_nfds = 0;
  for (i = 0; i < fs_nfiles; i++)
    unlink(fs_files[i]);
  fs_nfiles = 0;
  if (fs_dir[0] != '\0')
    rmdir(fs_dir);
  fs_dir[0] = '\0';
}

static inline void fs_on_signal(int sig) {
  fs_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

/* Makes the scratch directory and installs the cleanup hooks. `tag` names
 * the benchmark (the directory is <tmp>/ruv-bench-<tag>.XXXXXX). */
static inline void fs_setup_dir(const char* tag) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGSEGV,
                             SIGBUS,  SIGABRT, SIGFPE, SIGILL};
  const char* tmp = getenv("TMPDIR");
  size_t i;

  if (tmp == NULL || tmp[0] == '\0')
    tmp = "/tmp";
  snprintf(fs_dir, sizeof(fs_dir), "%s/ruv-bench-%s.XXXXXX", tmp, tag);
  if (mkdtemp(fs_dir) == NULL) {
    fprintf(stderr, "mkdtemp(%s): %s\n", fs_dir, strerror(errno));
    fs_dir[0] = '\0';
    exit(2);
  }
  atexit(fs_cleanup);
  for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
    signal(sigs[i], fs_on_signal);
  printf("INFO dir=%s\n", fs_dir);
}

/* Path of a scratch file in the directory, registered for removal. */
static inline const char* fs_path(const char* name) {
  char* p;
  BENCH_ASSERT(fs_nfiles < FS_MAX_FILES);
  p = fs_files[fs_nfiles];
  snprintf(p, sizeof(fs_files[0]), "%s/%s", fs_dir, name);
  fs_nfiles = fs_nfiles + 1;
  return p;
}

/* open(2) with flags, registered for closing at exit. */
static inline int fs_open(const char* path, int flags) {
  int fd = open(path, flags | O_CLOEXEC, 0600);
  if (fd < 0) {
    fprintf(stderr, "open(%s): %s\n", path, strerror(errno));
    exit(2);
  }
  BENCH_ASSERT(fs_nfds < FS_MAX_FILES);
  fs_fds[fs_nfds] = fd;
  fs_nfds = fs_nfds + 1;
  return fd;
}

/* Bytes available to an unprivileged user on the scratch file system. */
static inline uint64_t fs_free_bytes(void) {
  struct statvfs sv;
  if (statvfs(fs_dir, &sv) != 0)
    return UINT64_MAX; /* unknown: do not scale down */
  return (uint64_t) sv.f_bavail * sv.f_frsize;
}

/* Fills [0, size) of fd with 4 KiB blocks whose first 8 bytes hold the
 * block index (the rest a byte pattern derived from it), with pwrite(2)
 * in 1 MiB chunks. Lets a reader check it got the block it asked for. */
static inline void fs_fill(int fd, uint64_t size) {
  enum { CHUNK = 1 << 20, BLK = 4096 };
  static unsigned char chunk[CHUNK];
  uint64_t off;
  size_t i;

  for (off = 0; off < size; off += CHUNK) {
    size_t n = size - off < CHUNK ? (size_t) (size - off) : CHUNK;
    for (i = 0; i < n; i += BLK) {
      uint64_t blk = (off + i) / BLK;
      memset(chunk + i, (int) (blk * 131u + 7u) & 0xff, BLK);
      memcpy(chunk + i, &blk, sizeof(blk));
    }
    /* Written one 4 KiB block per call: one large write would leave the
     * file in large page-cache folios (ext4, Linux 6.16 on), and each 4 KiB
     * write into one of those walks the whole folio's buffer heads, about
     * ten microseconds of kernel time that would swamp the library's
     * request path, which is what fs_rw measures (see BENCHMARKS.md). */
    size_t done = 0;
    while (done < n) {
      size_t len = n - done < BLK ? n - done : BLK;
      ssize_t w = pwrite(fd, chunk + done, len, (off_t) (off + done));
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0) {
        fprintf(stderr, "pwrite: %s\n", w < 0 ? strerror(errno) : "short");
        exit(2);
      }
      done += (size_t) w;
    }
  }
}

/* xorshift64 (Marsaglia), fixed seed: the same sequence on both libraries. */
static inline uint64_t fs_xorshift64(uint64_t* s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *s = x;
  return x;
}

#define FS_SEED 0x9E3779B97F4A7C15ULL

#endif
