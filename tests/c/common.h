/* Shared helpers for the differential C tests (see README.md).
 *
 * Everything here compiles against both include/uv.h (ruv) and the system
 * /usr/include/uv.h (reference libuv 1.44). Programs print a transcript on
 * stdout, one event per line; diagnostics go to stderr. */
#ifndef RUV_TEST_COMMON_H
#define RUV_TEST_COMMON_H

#include <uv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Abort (non-zero exit) when a condition that must hold does not. */
#define CHECK(expr)                                                          \
  do {                                                                       \
    if (!(expr)) {                                                           \
      fflush(stdout);                                                        \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,      \
              #expr);                                                        \
      abort();                                                               \
    }                                                                        \
  } while (0)

/* One transcript line. Flushed at once so a crash keeps what came before. */
#define T(...)                                                               \
  do {                                                                       \
    printf(__VA_ARGS__);                                                     \
    putchar('\n');                                                           \
    fflush(stdout);                                                          \
  } while (0)

static inline const char* yesno(int b) { return b ? "yes" : "no"; }

/* "0" for success, the error's name (e.g. "EBUSY") otherwise. */
static inline const char* ename(int r) {
  static char buf[64];
  if (r == 0) return "0";
  if (r > 0) {
    snprintf(buf, sizeof buf, "%d", r);
    return buf;
  }
  return uv_err_name(r);
}

/* Prints n integers, per_line to a transcript line, space-separated. */
static inline void print_ints(const int* v, int n, int per_line) {
  char line[512];
  int i, j, len;
  for (i = 0; i < n; i += per_line) {
    len = 0;
    for (j = i; j < n && j < i + per_line; j++)
      len += snprintf(line + len, sizeof line - len, " %d", v[j]);
    T("%s", line + 1);
  }
}

static inline void close_walk_cb(uv_handle_t* h, void* arg) {
  (void) arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

/* The common ending: close whatever is still open, run the loop once more,
 * and require (and print) uv_loop_close(loop) == 0. */
static inline void finish_loop(uv_loop_t* loop) {
  int r;
  uv_walk(loop, close_walk_cb, NULL);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("final run: %d", r);
  r = uv_loop_close(loop);
  T("loop_close: %s", ename(r));
  CHECK(r == 0);
}

#endif
