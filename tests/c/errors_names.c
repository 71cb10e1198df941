/* Error names and messages, and the small utilities: uv_err_name(_r),
 * uv_strerror(_r), uv_translate_sys_error, uv_version(_string), uv_buf_init,
 * uv_hrtime, uv_sleep and uv_replace_allocator.
 *
 * Prints one fact per line (no addresses, no timings: only whether a bound
 * held); the transcript is the same on every run and on every correct
 * libuv 1.44.2. Exits 0 when every check held, 1 otherwise. */
#include <uv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(const char* what, int ok) {
  printf("%s: %s\n", what, ok ? "ok" : "FAILED");
  if (!ok) failures++;
}

/* ---- a counting allocator, installed before anything else --------------- */

static unsigned long mallocs, reallocs, callocs, frees;

static void* count_malloc(size_t size) {
  mallocs++;
  return malloc(size);
}

static void* count_realloc(void* ptr, size_t size) {
  reallocs++;
  return realloc(ptr, size);
}

static void* count_calloc(size_t count, size_t size) {
  callocs++;
  return calloc(count, size);
}

static void count_free(void* ptr) {
  frees++;
  free(ptr);
}

/* ---- names and messages ------------------------------------------------- */

static void show_r(int err, size_t buflen) {
  char name[64];
  char msg[64];
  char* n;
  char* m;
  memset(name, '#', sizeof name);
  memset(msg, '#', sizeof msg);
  n = uv_err_name_r(err, name, buflen);
  m = uv_strerror_r(err, msg, buflen);
  printf("_r(%d, buflen %zu): name [%s] message [%s] returns buf: %s\n", err, buflen, name, msg,
         n == name && m == msg ? "yes" : "no");
  if (n != name || m != msg) failures++;
}

int main(void) {
  char name[64];
  char msg[64];
  char data[] = "hello";
  const char* unknown1;
  const char* unknown2;
  uv_buf_t buf;
  uint64_t t0, t1, t2;
  int count = 0;
  int all_ok = 1;
  unsigned int i;
  static const int unknown_codes[] = {0, 1, 2, -4096, -4093, -41, -3015, -9999, 12345};
  static const int sys_errnos[] = {EPERM, ENOENT, EAGAIN, EINVAL, ETIMEDOUT, ECANCELED,
                                   0, -22, -4095, 4095, 9999, -1};

  /* Must come first: libuv requires it before any other uv call. */
  printf("replace allocator with NULLs: %s\n",
         uv_err_name(uv_replace_allocator(NULL, NULL, NULL, NULL)));
  printf("replace allocator with one NULL: %s\n",
         uv_err_name(uv_replace_allocator(count_malloc, count_realloc, NULL, count_free)));
  printf("replace allocator: %d\n",
         uv_replace_allocator(count_malloc, count_realloc, count_calloc, count_free));

  /* Every code libuv knows, with its name and message. */
#define SHOW(code, text)                                                                  \
  do {                                                                                    \
    int ok_ = strcmp(uv_err_name(UV_##code), #code) == 0 &&                               \
              strcmp(uv_strerror(UV_##code), text) == 0 &&                                \
              strcmp(uv_err_name_r(UV_##code, name, sizeof name), #code) == 0 &&          \
              strcmp(uv_strerror_r(UV_##code, msg, sizeof msg), text) == 0;               \
    printf("%d %s: %s%s\n", UV_##code, uv_err_name(UV_##code), uv_strerror(UV_##code),   \
           ok_ ? "" : "  <- MISMATCH");                                                   \
    all_ok &= ok_;                                                                        \
    count++;                                                                              \
  } while (0);
  UV_ERRNO_MAP(SHOW)
#undef SHOW
  printf("codes listed: %d\n", count);
  check("names and messages agree with UV_ERRNO_MAP", all_ok);

  /* Codes libuv does not know. */
  for (i = 0; i < sizeof unknown_codes / sizeof unknown_codes[0]; i++) {
    int err = unknown_codes[i];
    printf("unknown %d: name [%s] message [%s] name_r [%s] message_r [%s]\n", err,
           uv_err_name(err), uv_strerror(err), uv_err_name_r(err, name, sizeof name),
           uv_strerror_r(err, msg, sizeof msg));
  }
  unknown1 = uv_strerror(-7777);
  unknown2 = uv_strerror(-7777);
  check("unknown-code text stays readable after the next call",
        strcmp(unknown1, "Unknown system error -7777") == 0 &&
            strcmp(unknown2, "Unknown system error -7777") == 0);

  /* The reentrant forms truncate to the buffer and always terminate it. */
  show_r(UV_EADDRINUSE, 64);
  show_r(UV_EADDRINUSE, 8);
  show_r(UV_EADDRINUSE, 2);
  show_r(UV_EADDRINUSE, 1);
  show_r(-9999, 8);
  show_r(-9999, 1);
  memset(name, '#', sizeof name);
  memset(msg, '#', sizeof msg);
  uv_err_name_r(UV_ENOENT, name, 0);
  uv_strerror_r(UV_ENOENT, msg, 0);
  uv_strerror_r(-9999, msg + 1, 0);
  check("buflen 0 leaves the buffer untouched", name[0] == '#' && msg[0] == '#' && msg[1] == '#');

  /* uv_translate_sys_error: positive errno negated, the rest as is. */
  for (i = 0; i < sizeof sys_errnos / sizeof sys_errnos[0]; i++)
    printf("translate %d: %d\n", sys_errnos[i], uv_translate_sys_error(sys_errnos[i]));

  /* Version. */
  printf("uv_version: 0x%06x\n", uv_version());
  printf("uv_version_string: %s\n", uv_version_string());
  check("uv_version matches UV_VERSION_HEX", uv_version() == UV_VERSION_HEX);
  check("version parts", UV_VERSION_MAJOR == 1 && UV_VERSION_MINOR == 44);

  /* uv_buf_init. */
  buf = uv_buf_init(data, 5);
  printf("uv_buf_init: len %zu, base is the given pointer: %s\n", (size_t) buf.len,
         buf.base == data ? "yes" : "no");
  buf = uv_buf_init(NULL, 0);
  printf("uv_buf_init(NULL, 0): len %zu, base NULL: %s\n", (size_t) buf.len,
         buf.base == NULL ? "yes" : "no");

  /* uv_hrtime and uv_sleep. */
  t0 = uv_hrtime();
  t1 = uv_hrtime();
  check("uv_hrtime does not go backwards", t1 >= t0);
  uv_sleep(20);
  t2 = uv_hrtime();
  check("uv_sleep(20) slept at least 20ms", t2 - t1 >= 20 * 1000 * 1000);
  check("uv_sleep(20) came back within 5s", t2 - t1 < (uint64_t) 5 * 1000 * 1000 * 1000);
  uv_sleep(0);
  printf("uv_sleep(0) returned\n");

  /* The replaced allocator was used: an unknown-code message is allocated. */
  check("the installed malloc was called", mallocs + callocs + reallocs > 0);

  printf("failures: %d\n", failures);
  return failures == 0 ? 0 : 1;
}
