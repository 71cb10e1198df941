/* Process ids and scheduling priorities: uv_os_getpid/getppid match
 * getpid/getppid; uv_os_getpriority on self matches getpriority(2), and
 * after uv_os_setpriority(self, nice + 1) both report the new value (a
 * rise in niceness needs no privilege); out-of-range values and a NULL
 * out-pointer are UV_EINVAL; a pid that cannot exist is UV_ESRCH. */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void) {
  uv_loop_t loop;
  int prio, sys_prio, r, target;

  CHECK(0 == uv_loop_init(&loop));
  T("getpid matches: %s", yesno(uv_os_getpid() == getpid()));
  T("getppid matches: %s", yesno(uv_os_getppid() == getppid()));

  prio = 1234;
  r = uv_os_getpriority(0, &prio);
  errno = 0;
  sys_prio = getpriority(PRIO_PROCESS, 0);
  T("getpriority(0) -> %s, matches getpriority(2): %s", ename(r),
    yesno(prio == sys_prio));
  r = uv_os_getpriority(uv_os_getpid(), &prio);
  T("getpriority(own pid) -> %s, same: %s", ename(r), yesno(prio == sys_prio));

  target = sys_prio < UV_PRIORITY_LOW ? sys_prio + 1 : sys_prio;
  r = uv_os_setpriority(0, target);
  T("setpriority(0, nice + 1) -> %s", ename(r));
  r = uv_os_getpriority(0, &prio);
  T("getpriority -> %s, is the new value: %s, getpriority(2) agrees: %s",
    ename(r), yesno(prio == target),
    yesno(getpriority(PRIO_PROCESS, 0) == target));

  T("setpriority(0, UV_PRIORITY_LOW + 1) -> %s",
    ename(uv_os_setpriority(0, UV_PRIORITY_LOW + 1)));
  T("setpriority(0, UV_PRIORITY_HIGHEST - 1) -> %s",
    ename(uv_os_setpriority(0, UV_PRIORITY_HIGHEST - 1)));
  T("getpriority(0, NULL) -> %s", ename(uv_os_getpriority(0, NULL)));
  T("getpriority(INT_MAX) -> %s", ename(uv_os_getpriority(INT_MAX, &prio)));
  T("setpriority(INT_MAX, 10) -> %s", ename(uv_os_setpriority(INT_MAX, 10)));
  T("constants: highest %d, above normal %d, normal %d, below normal %d, "
    "high %d, low %d",
    UV_PRIORITY_HIGHEST, UV_PRIORITY_ABOVE_NORMAL, UV_PRIORITY_NORMAL,
    UV_PRIORITY_BELOW_NORMAL, UV_PRIORITY_HIGH, UV_PRIORITY_LOW);

  finish_loop(&loop);
  return 0;
}
