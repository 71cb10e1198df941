/* uv_os_homedir: HOME when set (even to ""), else the password database's
 * directory for the effective user; uv_os_tmpdir: the first of TMPDIR, TMP,
 * TEMP, TEMPDIR that is set, else /tmp, with one trailing slash dropped
 * ("/" kept) and the room needed counted before the slash is dropped. Both
 * follow the buffer protocol (UV_ENOBUFS with *size = length + 1; UV_EINVAL
 * for NULL or zero-sized buffers). */
#include "common.h"

#include <pwd.h>
#include <unistd.h>

static void home(const char* what) {
  char buf[256];
  size_t size = sizeof buf;
  int r = uv_os_homedir(buf, &size);
  T("homedir (%s) -> %s \"%s\" size %zu", what, ename(r), r ? "" : buf,
    size);
}

static void tmp(const char* what, size_t room) {
  char buf[256];
  size_t size = room;
  int r = uv_os_tmpdir(buf, &size);
  T("tmpdir (%s, room %zu) -> %s \"%s\" size %zu", what, room, ename(r),
    r ? "" : buf, size);
}

static void clear_tmp_vars(void) {
  unsetenv("TMPDIR");
  unsetenv("TMP");
  unsetenv("TEMP");
  unsetenv("TEMPDIR");
}

int main(void) {
  uv_loop_t loop;
  struct passwd* pw;
  char buf[256];
  size_t size, len;
  int r;

  CHECK(0 == uv_loop_init(&loop));

  setenv("HOME", "/home/ruv-test", 1);
  home("HOME set");
  size = 14;
  r = uv_os_homedir(buf, &size);
  T("homedir, room for 13 chars -> %s size %zu", ename(r), size);
  size = 15;
  r = uv_os_homedir(buf, &size);
  T("homedir, room for 14 chars -> %s size %zu", ename(r), size);
  setenv("HOME", "", 1);
  home("HOME empty");

  unsetenv("HOME");
  pw = getpwuid(geteuid());
  CHECK(pw != NULL);
  len = strlen(pw->pw_dir);
  size = sizeof buf;
  r = uv_os_homedir(buf, &size);
  T("homedir (HOME unset) -> %s, the passwd entry's: %s, size its length: %s",
    ename(r), yesno(r == 0 && strcmp(buf, pw->pw_dir) == 0),
    yesno(size == len));
  size = len;
  r = uv_os_homedir(buf, &size);
  T("homedir (HOME unset, one byte short) -> %s, size length + 1: %s",
    ename(r), yesno(size == len + 1));
  size = 0;
  T("homedir size 0 -> %s", ename(uv_os_homedir(buf, &size)));
  size = sizeof buf;
  T("homedir NULL buffer -> %s", ename(uv_os_homedir(NULL, &size)));
  T("homedir NULL size -> %s", ename(uv_os_homedir(buf, NULL)));

  clear_tmp_vars();
  tmp("none set", 256);
  tmp("none set", 4);
  tmp("none set", 5);
  setenv("TEMPDIR", "/d/tempdir", 1);
  tmp("TEMPDIR", 256);
  setenv("TEMP", "/c/temp/", 1);
  tmp("TEMP with slash", 256);
  setenv("TMP", "/b/tmp", 1);
  tmp("TMP", 256);
  setenv("TMPDIR", "/a/tmpdir/", 1);
  tmp("TMPDIR with slash", 256);
  tmp("TMPDIR with slash", 10);
  tmp("TMPDIR with slash", 11);
  setenv("TMPDIR", "/", 1);
  tmp("TMPDIR /", 256);
  tmp("TMPDIR /", 1);
  setenv("TMPDIR", "//", 1);
  tmp("TMPDIR //", 256);
  setenv("TMPDIR", "", 1);
  tmp("TMPDIR empty", 256);
  tmp("TMPDIR empty", 0);
  size = sizeof buf;
  T("tmpdir NULL buffer -> %s", ename(uv_os_tmpdir(NULL, &size)));
  T("tmpdir NULL size -> %s", ename(uv_os_tmpdir(buf, NULL)));

  finish_loop(&loop);
  return 0;
}
