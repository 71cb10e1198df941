/* uv_dlopen / uv_dlsym / uv_dlclose / uv_dlerror: libc opens and yields a
 * working strlen; "no error" until something fails; a missing symbol and a
 * missing library return -1 with the system's message, which a later
 * successful uv_dlsym leaves in place; uv_dlclose frees the message (a
 * second close is harmless); NULL opens the main program, where the
 * libuv in use is found. */
#include "common.h"

typedef size_t (*strlen_fn)(const char*);

int main(void) {
  uv_loop_t loop;
  uv_lib_t lib, main_lib, missing;
  void* sym;
  strlen_fn f;
  int r;

  CHECK(0 == uv_loop_init(&loop));

  r = uv_dlopen("libc.so.6", &lib);
  T("dlopen(libc.so.6) -> %d, dlerror \"%s\"", r, uv_dlerror(&lib));
  sym = NULL;
  r = uv_dlsym(&lib, "strlen", &sym);
  f = (strlen_fn) sym;
  T("dlsym(strlen) -> %d, works: %s, dlerror \"%s\"", r,
    yesno(f != NULL && f("hello") == 5), uv_dlerror(&lib));
  sym = &lib;
  r = uv_dlsym(&lib, "ruv_no_such_symbol", &sym);
  T("dlsym(missing) -> %d, ptr NULL: %s, dlerror \"%s\"", r,
    yesno(sym == NULL), uv_dlerror(&lib));
  r = uv_dlsym(&lib, "strlen", &sym);
  T("dlsym(strlen) again -> %d, dlerror \"%s\"", r, uv_dlerror(&lib));
  uv_dlclose(&lib);
  T("after dlclose: dlerror \"%s\"", uv_dlerror(&lib));
  uv_dlclose(&lib);
  T("second dlclose survived");

  r = uv_dlopen("libruv-no-such-library.so", &missing);
  T("dlopen(missing) -> %d, dlerror \"%s\"", r, uv_dlerror(&missing));
  uv_dlclose(&missing);
  T("after dlclose: dlerror \"%s\"", uv_dlerror(&missing));

  r = uv_dlopen(NULL, &main_lib);
  T("dlopen(NULL) -> %d", r);
  r = uv_dlsym(&main_lib, "uv_version", &sym);
  T("dlsym(uv_version) -> %d, is the one we call: %s", r,
    yesno(sym != NULL && ((unsigned (*)(void)) sym)() == uv_version()));
  uv_dlclose(&main_lib);

  finish_loop(&loop);
  return 0;
}
