/* uv_exepath gives the running program's path (the harness starts it by
 * its full path, so it is argv[0] resolved); a short buffer gets the path
 * cut to fit (no UV_ENOBUFS) with *size the length written; size 1 gives
 * ""; size 0, a NULL buffer or a NULL size -> UV_EINVAL.
 * uv_get_osfhandle and uv_open_osfhandle are the identity on Unix. */
#include "common.h"

#include <limits.h>

int main(int argc, char** argv) {
  uv_loop_t loop;
  char buf[PATH_MAX], real[PATH_MAX];
  size_t size;
  int r;

  (void) argc;
  CHECK(0 == uv_loop_init(&loop));
  CHECK(NULL != realpath(argv[0], real));

  size = sizeof buf;
  r = uv_exepath(buf, &size);
  T("exepath -> %s, is argv[0] resolved: %s, size its length: %s", ename(r),
    yesno(strcmp(buf, real) == 0), yesno(size == strlen(real)));
  size = 5;
  memset(buf, 'x', sizeof buf);
  r = uv_exepath(buf, &size);
  T("room 5 -> %s, size %zu, the first 4 bytes: %s", ename(r), size,
    yesno(strlen(buf) == 4 && strncmp(buf, real, 4) == 0));
  size = 1;
  r = uv_exepath(buf, &size);
  T("room 1 -> %s, size %zu, \"%s\"", ename(r), size, buf);
  size = 0;
  T("room 0 -> %s", ename(uv_exepath(buf, &size)));
  size = sizeof buf;
  T("NULL buffer -> %s", ename(uv_exepath(NULL, &size)));
  T("NULL size -> %s", ename(uv_exepath(buf, NULL)));

  T("get_osfhandle(0) %d, get_osfhandle(7) %d", (int) uv_get_osfhandle(0),
    (int) uv_get_osfhandle(7));
  T("open_osfhandle(2) %d, open_osfhandle(-1) %d", uv_open_osfhandle(2),
    uv_open_osfhandle(-1));

  finish_loop(&loop);
  return 0;
}
