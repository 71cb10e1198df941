/* uv_chdir and uv_cwd: after uv_chdir into a fresh directory uv_cwd gives
 * what getcwd gives; the buffer protocol (exactly enough room, one byte
 * short -> UV_ENOBUFS with *size set to the room needed, terminator
 * included; a zero size or NULL buffer or size -> UV_EINVAL); "/" keeps its
 * slash; uv_chdir to a missing directory or a file fails with the errno. */
#include "common.h"

#include <limits.h>
#include <unistd.h>

int main(void) {
  uv_loop_t loop;
  char dir[] = "/tmp/ruv-cwd-XXXXXX";
  char real[PATH_MAX], sys[PATH_MAX], buf[PATH_MAX], file[PATH_MAX + 8];
  char small[4];
  size_t size, len;
  int r;
  FILE* f;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(NULL != mkdtemp(dir));
  CHECK(NULL != realpath(dir, real));
  len = strlen(real);

  r = uv_chdir(dir);
  T("uv_chdir(fresh dir) -> %s", ename(r));
  CHECK(NULL != getcwd(sys, sizeof sys));
  size = sizeof buf;
  r = uv_cwd(buf, &size);
  T("uv_cwd -> %s, same as getcwd: %s, size is its length: %s", ename(r),
    yesno(strcmp(buf, sys) == 0 && strcmp(buf, real) == 0),
    yesno(size == len));

  size = len + 1;
  memset(buf, 'x', sizeof buf);
  r = uv_cwd(buf, &size);
  T("exactly enough room -> %s, size is the length: %s, terminated: %s",
    ename(r), yesno(size == len), yesno(buf[len] == '\0'));
  size = len;
  r = uv_cwd(buf, &size);
  T("one byte short -> %s, size is length + 1: %s", ename(r),
    yesno(size == len + 1));
  size = sizeof small;
  r = uv_cwd(small, &size);
  T("4-byte buffer -> %s, size is length + 1: %s", ename(r),
    yesno(size == len + 1));
  size = 0;
  T("size 0 -> %s", ename(uv_cwd(buf, &size)));
  size = sizeof buf;
  T("NULL buffer -> %s", ename(uv_cwd(NULL, &size)));
  T("NULL size -> %s", ename(uv_cwd(buf, NULL)));

  snprintf(file, sizeof file, "%s/f", real);
  f = fopen(file, "w");
  CHECK(f != NULL);
  fclose(f);
  T("uv_chdir(a file) -> %s", ename(uv_chdir(file)));
  T("uv_chdir(missing) -> %s", ename(uv_chdir("/nonexistent/ruv-dir")));
  T("uv_chdir(\"\") -> %s", ename(uv_chdir("")));

  T("uv_chdir(\"/\") -> %s", ename(uv_chdir("/")));
  size = sizeof buf;
  r = uv_cwd(buf, &size);
  T("uv_cwd -> %s \"%s\" size %zu", ename(r), buf, size);
  size = 1;
  r = uv_cwd(buf, &size);
  T("uv_cwd at / with size 1 -> %s, size %zu", ename(r), size);

  CHECK(0 == unlink(file));
  CHECK(0 == rmdir(real));
  finish_loop(&loop);
  return 0;
}
