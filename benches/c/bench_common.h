/* Shared helpers for ruv's C benchmarks (benches/c/).
 *
 * Every program prints machine-readable lines that benches/c/run.sh parses:
 *   RESULT name=<metric> value=<number> unit=<unit> better=<higher|lower>
 * plus informational lines starting with "INFO" (ignored by the script,
 * except INFO lib=..., which says which libuv.so the process really uses).
 *
 * The helpers deliberately use only libc (not uv_hrtime & co.) so that a
 * benchmark needs as few libuv exports as possible.
 */
#ifndef RUV_BENCH_COMMON_H
#define RUV_BENCH_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <uv.h>

static inline uint64_t bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static inline long bench_maxrss_kib(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0)
    return -1;
  return ru.ru_maxrss; /* KiB on Linux */
}

/* A "Name:   N kB" line of /proc/self/status, in KiB; -1 if absent. */
static inline long bench_status_kib(const char* name) {
  char line[256];
  size_t len = strlen(name);
  long kib = -1;
  FILE* f = fopen("/proc/self/status", "r");
  if (f == NULL)
    return -1;
  while (fgets(line, sizeof(line), f) != NULL) {
    if (strncmp(line, name, len) == 0 && line[len] == ':') {
      kib = strtol(line + len + 1, NULL, 10);
      break;
    }
  }
  fclose(f);
  return kib;
}

static inline void bench_result(const char* name, double value,
                                const char* unit, const char* better) {
  printf("RESULT name=%s value=%.6g unit=%s better=%s\n",
         name, value, unit, better);
  fflush(stdout);
}

/* Which shared object provides uv_run in this process? */
static inline void bench_print_lib(void) {
  Dl_info info;
  if (dladdr((void*) &uv_run, &info) && info.dli_fname != NULL)
    printf("INFO lib=%s\n", info.dli_fname);
  else
    printf("INFO lib=unknown\n");
}

#define BENCH_CHECK(expr)                                                   \
  do {                                                                      \
    int bench_r_ = (expr);                                                  \
    if (bench_r_ != 0) {                                                    \
      fprintf(stderr, "%s:%d: %s failed: %d\n", __FILE__, __LINE__, #expr,  \
              bench_r_);                                                    \
      exit(2);                                                              \
    }                                                                       \
  } while (0)

#define BENCH_ASSERT(cond)                                                  \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__,  \
              #cond);                                                       \
      exit(3);                                                              \
    }                                                                       \
  } while (0)

/* Optional numeric override from argv[1]. */
static inline long bench_arg(int argc, char** argv, long dflt) {
  if (argc > 1) {
    long v = strtol(argv[1], NULL, 10);
    if (v > 0)
      return v;
  }
  return dflt;
}

#endif
