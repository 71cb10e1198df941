/* The environment: uv_os_setenv / uv_os_getenv / uv_os_unsetenv round trip
 * (visible to getenv too, and setenv'd values visible to uv_os_getenv); the
 * getenv buffer protocol (*size the length on success, length + 1 with
 * UV_ENOBUFS); UV_ENOENT for unset names; UV_EINVAL for NULL arguments,
 * zero sizes and names setenv(3) refuses; uv_os_environ holding a variable
 * set just before, with a value containing '=', and as many items as
 * environ has NAME=value entries. */
#include "common.h"

#include <unistd.h>

extern char** environ;

static int find(uv_env_item_t* items, int count, const char* name,
                const char** value) {
  int i;
  for (i = 0; i < count; i++)
    if (strcmp(items[i].name, name) == 0) {
      *value = items[i].value;
      return 1;
    }
  return 0;
}

int main(void) {
  uv_loop_t loop;
  uv_env_item_t* items;
  char buf[64];
  size_t size;
  int r, count, n, i;
  const char* value;

  CHECK(0 == uv_loop_init(&loop));

  r = uv_os_setenv("RUV_TEST_VAR", "hello=world");
  T("setenv -> %s, getenv(3) sees: %s", ename(r),
    getenv("RUV_TEST_VAR") ? getenv("RUV_TEST_VAR") : "(null)");
  size = sizeof buf;
  r = uv_os_getenv("RUV_TEST_VAR", buf, &size);
  T("getenv -> %s \"%s\" size %zu", ename(r), buf, size);
  size = 11;
  r = uv_os_getenv("RUV_TEST_VAR", buf, &size);
  T("getenv with room for 10 chars -> %s size %zu", ename(r), size);
  size = 12;
  r = uv_os_getenv("RUV_TEST_VAR", buf, &size);
  T("getenv with room for 11 chars -> %s \"%s\" size %zu", ename(r), buf,
    size);
  r = uv_os_setenv("RUV_TEST_VAR", "");
  size = sizeof buf;
  r = uv_os_getenv("RUV_TEST_VAR", buf, &size);
  T("set to \"\" then getenv -> %s \"%s\" size %zu", ename(r), buf, size);
  CHECK(0 == setenv("RUV_TEST_OTHER", "from setenv(3)", 1));
  size = sizeof buf;
  r = uv_os_getenv("RUV_TEST_OTHER", buf, &size);
  T("getenv of a setenv(3) variable -> %s \"%s\"", ename(r), buf);

  r = uv_os_setenv("RUV_TEST_VAR", "a=b=c");
  CHECK(r == 0);
  r = uv_os_environ(&items, &count);
  n = 0;
  for (i = 0; environ[i] != NULL; i++)
    if (strchr(environ[i], '=') != NULL) n++;
  T("environ -> %s, count matches environ: %s", ename(r), yesno(count == n));
  value = NULL;
  T("RUV_TEST_VAR listed: %s, value \"%s\"",
    yesno(find(items, count, "RUV_TEST_VAR", &value)), value ? value : "");
  T("RUV_TEST_OTHER listed: %s",
    yesno(find(items, count, "RUV_TEST_OTHER", &value)));
  uv_os_free_environ(items, count);

  r = uv_os_unsetenv("RUV_TEST_VAR");
  size = sizeof buf;
  T("unsetenv -> %s, then getenv -> %s, getenv(3) NULL: %s", ename(r),
    ename(uv_os_getenv("RUV_TEST_VAR", buf, &size)),
    yesno(getenv("RUV_TEST_VAR") == NULL));
  T("unsetenv of an unset name -> %s", ename(uv_os_unsetenv("RUV_TEST_VAR")));
  r = uv_os_environ(&items, &count);
  T("environ after unset lists it: %s",
    yesno(find(items, count, "RUV_TEST_VAR", &value)));
  uv_os_free_environ(items, count);

  size = sizeof buf;
  T("getenv(NULL name) -> %s", ename(uv_os_getenv(NULL, buf, &size)));
  T("getenv(NULL buffer) -> %s",
    ename(uv_os_getenv("RUV_TEST_OTHER", NULL, &size)));
  T("getenv(NULL size) -> %s", ename(uv_os_getenv("RUV_TEST_OTHER", buf, NULL)));
  size = 0;
  T("getenv(size 0) -> %s", ename(uv_os_getenv("RUV_TEST_OTHER", buf, &size)));
  size = sizeof buf;
  T("getenv(\"\") -> %s", ename(uv_os_getenv("", buf, &size)));
  T("setenv(NULL, v) -> %s", ename(uv_os_setenv(NULL, "v")));
  T("setenv(n, NULL) -> %s", ename(uv_os_setenv("RUV_TEST_VAR", NULL)));
  T("setenv(\"\", v) -> %s", ename(uv_os_setenv("", "v")));
  T("setenv(\"A=B\", v) -> %s", ename(uv_os_setenv("A=B", "v")));
  T("unsetenv(NULL) -> %s", ename(uv_os_unsetenv(NULL)));
  T("unsetenv(\"\") -> %s", ename(uv_os_unsetenv("")));
  T("unsetenv(\"A=B\") -> %s", ename(uv_os_unsetenv("A=B")));

  finish_loop(&loop);
  return 0;
}
