/* uv_os_get_passwd matches getpwuid(geteuid()) field by field, and
 * uv_os_free_passwd clears the pointers (a second free does nothing);
 * uv_os_uname matches uname(2) (sysname "Linux"); uv_os_gethostname matches
 * gethostname(2), with the buffer protocol; NULL arguments -> UV_EINVAL. */
#include "common.h"

#include <pwd.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void) {
  uv_loop_t loop;
  uv_passwd_t pwd;
  uv_utsname_t uts;
  struct utsname sys;
  struct passwd* pw;
  char host[256], sys_host[256];
  size_t size, len;
  int r;

  CHECK(0 == uv_loop_init(&loop));

  r = uv_os_get_passwd(&pwd);
  pw = getpwuid(geteuid());
  CHECK(pw != NULL);
  T("get_passwd -> %s", ename(r));
  T("username matches: %s", yesno(strcmp(pwd.username, pw->pw_name) == 0));
  T("uid matches: %s", yesno(pwd.uid == (unsigned long) pw->pw_uid));
  T("gid matches: %s", yesno(pwd.gid == (unsigned long) pw->pw_gid));
  T("shell matches: %s", yesno(strcmp(pwd.shell, pw->pw_shell) == 0));
  T("homedir matches: %s", yesno(strcmp(pwd.homedir, pw->pw_dir) == 0));
  uv_os_free_passwd(&pwd);
  T("after free: username %s, shell %s, homedir %s",
    pwd.username ? "set" : "NULL", pwd.shell ? "set" : "NULL",
    pwd.homedir ? "set" : "NULL");
  uv_os_free_passwd(&pwd);
  uv_os_free_passwd(NULL);
  T("second free and free(NULL) survived");
  T("get_passwd(NULL) -> %s", ename(uv_os_get_passwd(NULL)));

  r = uv_os_uname(&uts);
  CHECK(0 == uname(&sys));
  T("uname -> %s, sysname %s", ename(r), uts.sysname);
  T("release matches: %s", yesno(strcmp(uts.release, sys.release) == 0));
  T("version matches: %s", yesno(strcmp(uts.version, sys.version) == 0));
  T("machine matches: %s", yesno(strcmp(uts.machine, sys.machine) == 0));
  T("uname(NULL) -> %s", ename(uv_os_uname(NULL)));

  CHECK(0 == gethostname(sys_host, sizeof sys_host));
  len = strlen(sys_host);
  size = sizeof host;
  r = uv_os_gethostname(host, &size);
  T("gethostname -> %s, matches: %s, size is its length: %s", ename(r),
    yesno(strcmp(host, sys_host) == 0), yesno(size == len));
  size = len;
  r = uv_os_gethostname(host, &size);
  T("one byte short -> %s, size length + 1: %s", ename(r),
    yesno(size == len + 1));
  size = len + 1;
  r = uv_os_gethostname(host, &size);
  T("exactly enough -> %s, size length: %s", ename(r), yesno(size == len));
  size = 0;
  T("size 0 -> %s", ename(uv_os_gethostname(host, &size)));
  size = sizeof host;
  T("NULL buffer -> %s", ename(uv_os_gethostname(NULL, &size)));
  T("NULL size -> %s", ename(uv_os_gethostname(host, NULL)));
  T("UV_MAXHOSTNAMESIZE %d", UV_MAXHOSTNAMESIZE);

  finish_loop(&loop);
  return 0;
}
