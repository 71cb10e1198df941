/* The process title: before uv_setup_args both uv_get_process_title and
 * uv_set_process_title return UV_ENOBUFS. uv_setup_args returns a copy of
 * argv (same strings, NULL-terminated, new memory); the title starts as
 * argv[0]. A new title is written over the original argument strings, cut
 * to their size, and names the thread (prctl PR_GET_NAME gives its first
 * 15 bytes). uv_get_process_title's buffer must be longer than the title;
 * NULL or size 0 -> UV_EINVAL. */
#include "common.h"

#include <sys/prctl.h>

int main(int argc, char** argv) {
  uv_loop_t loop;
  char buf[4096], name[17], long_title[4096], argv0[4096];
  char* original0 = argv[0];
  char** args;
  size_t cap, len;
  int i, same, r;

  CHECK(0 == uv_loop_init(&loop));
  CHECK(strlen(argv[0]) < sizeof argv0);
  strcpy(argv0, argv[0]);

  T("get before setup_args -> %s",
    ename(uv_get_process_title(buf, sizeof buf)));
  T("set before setup_args -> %s", ename(uv_set_process_title("early")));

  args = uv_setup_args(argc, argv);
  same = args != NULL && args[argc] == NULL;
  for (i = 0; same && i < argc; i++)
    same = strcmp(args[i], argv[i]) == 0 && args[i] != argv[i];
  T("setup_args: a copy of argv with the same strings: %s", yesno(same));

  r = uv_get_process_title(buf, sizeof buf);
  T("get -> %s, is argv[0]: %s", ename(r), yesno(strcmp(buf, argv0) == 0));

  r = uv_set_process_title("ruv-title");
  T("set \"ruv-title\" -> %s", ename(r));
  r = uv_get_process_title(buf, sizeof buf);
  T("get -> %s \"%s\"", ename(r), buf);
  T("written over the original argv[0]: %s",
    yesno(strcmp(original0, "ruv-title") == 0));
  T("the copy still holds the old argv[0]: %s",
    yesno(strcmp(args[0], argv0) == 0));
  memset(name, 0, sizeof name);
  CHECK(0 == prctl(PR_GET_NAME, name, 0, 0, 0));
  T("thread name \"%s\"", name);

  T("get into 9 bytes -> %s", ename(uv_get_process_title(buf, 9)));
  T("get into 10 bytes -> %s", ename(uv_get_process_title(buf, 10)));
  T("get into NULL -> %s", ename(uv_get_process_title(NULL, 10)));
  T("get into size 0 -> %s", ename(uv_get_process_title(buf, 0)));

  /* The room is the original argument strings, back to back. */
  cap = 0;
  for (i = 0; i < argc; i++) cap += strlen(args[i]) + 1;
  memset(long_title, 'x', sizeof long_title - 1);
  long_title[sizeof long_title - 1] = '\0';
  r = uv_set_process_title(long_title);
  CHECK(0 == uv_get_process_title(buf, sizeof buf));
  len = strlen(buf);
  T("set a 4095-byte title -> %s, cut to the arguments' room: %s", ename(r),
    yesno(len == cap - 1));
  r = uv_set_process_title("");
  CHECK(0 == uv_get_process_title(buf, sizeof buf));
  T("set \"\" -> %s, get \"%s\"", ename(r), buf);
  T("get into 1 byte -> %s", ename(uv_get_process_title(buf, 1)));

  finish_loop(&loop);
  return 0;
}
