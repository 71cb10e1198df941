/* Helpers for the ruv-only misuse programs (see tests/c_misuse.rs).
 *
 * These programs are not differential: libuv 1.44 crashes or corrupts memory
 * on them. Each either exits with status 0 after printing a transcript (one
 * line per call: the call and its result) or is expected to die by SIGABRT
 * with ruv's "ruv: <call>: <misuse>" message on stderr; "calling ..." is
 * printed just before the call that must abort, "returned ..." just after it
 * (a line the abort tests must never see). */
#ifndef RUV_MISUSE_H
#define RUV_MISUSE_H

#include "../c/common.h"

#include <sys/resource.h>

/* One transcript line "<what>: <result>", the result as ename() gives it. */
#define R(what, call) T("%s: %s", what, ename(call))

/* Expected aborts should not leave core files behind. */
static inline void no_core_dumps(void) {
  struct rlimit none = {0, 0};
  setrlimit(RLIMIT_CORE, &none);
}

/* The mode a program was started with: its only argument. */
static inline const char* mode_arg(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s MODE\n", argv[0]);
    exit(2);
  }
  return argv[1];
}

static inline void unknown_mode(const char* mode) {
  fprintf(stderr, "unknown mode %s\n", mode);
  exit(2);
}

#endif
