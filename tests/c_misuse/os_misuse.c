/* The os/misc calls given NULL where libuv 1.44 would follow it (or pass
 * it to the kernel): each returns UV_EINVAL; the void ones and uv_dlerror
 * do nothing harmful. uv_setup_args with a hand-made argv whose strings do
 * not lie back to back: the title is written only over argv[0]'s own
 * string, so the strings around it stay intact. */
#include "misuse.h"

static void random_cb(uv_random_t* req, int status, void* buf, size_t len) {
  (void) req;
  (void) status;
  (void) buf;
  (void) len;
}

int main(void) {
  uv_loop_t loop;
  uv_random_t req;
  uv_lib_t lib;
  char buf[64];
  void* sym;
  int count;
  double up;
  size_t rss;
  /* argv[1] does not follow argv[0] in memory: "GAP!" lies between. */
  static char strings[] = "prog\0GAP!\0second";
  char* first = strings;
  char* gap = strings + 5;
  char* second = strings + 10;
  char* argv[] = {first, second, NULL};
  char** args;

  CHECK(0 == uv_loop_init(&loop));
  T("-- NULL out-pointers");
  R("uv_cpu_info(NULL, &count)", uv_cpu_info(NULL, &count));
  R("uv_cpu_info(&infos, NULL)", uv_cpu_info((uv_cpu_info_t**) buf, NULL));
  R("uv_uptime(NULL)", uv_uptime(NULL));
  R("uv_resident_set_memory(NULL)", uv_resident_set_memory(NULL));
  R("uv_os_environ(NULL, &count)", uv_os_environ(NULL, &count));
  R("uv_os_environ(&items, NULL)", uv_os_environ((uv_env_item_t**) buf, NULL));
  R("uv_chdir(NULL)", uv_chdir(NULL));
  R("uv_set_process_title(NULL) before setup", uv_set_process_title(NULL));
  R("uv_dlopen(libc, NULL)", uv_dlopen("libc.so.6", NULL));
  R("uv_dlsym(NULL, ...)", uv_dlsym(NULL, "strlen", &sym));
  CHECK(0 == uv_dlopen("libc.so.6", &lib));
  R("uv_dlsym(lib, NULL, &ptr)", uv_dlsym(&lib, NULL, &sym));
  R("uv_dlsym(lib, name, NULL)", uv_dlsym(&lib, "strlen", NULL));
  uv_dlclose(&lib);
  T("uv_dlerror(NULL): %s", uv_dlerror(NULL));

  T("-- uv_random");
  R("sync, NULL buffer with a length",
    uv_random(NULL, NULL, NULL, 8, 0, NULL));
  R("async, NULL buffer with a length",
    uv_random(&loop, &req, NULL, 8, 0, random_cb));
  R("async, NULL loop", uv_random(NULL, &req, buf, 8, 0, random_cb));
  R("async, NULL request", uv_random(&loop, NULL, buf, 8, 0, random_cb));
  T("active reqs: %u", loop.active_reqs.count);

  T("-- void calls with NULL");
  uv_free_cpu_info(NULL, 3);
  uv_os_free_environ(NULL, 3);
  uv_os_free_passwd(NULL);
  uv_loadavg(NULL);
  uv_dlclose(NULL);
  T("survived");

  T("-- uv_setup_args");
  T("uv_setup_args(0, NULL) is NULL: %s", yesno(uv_setup_args(0, NULL) == NULL));
  T("uv_setup_args(-1, argv) is argv: %s",
    yesno(uv_setup_args(-1, argv) == argv));
  args = uv_setup_args(2, argv);
  T("copy: %s %s", args[0], args[1]);
  R("uv_set_process_title(NULL)", uv_set_process_title(NULL));
  R("uv_set_process_title(long)", uv_set_process_title("a-long-new-title"));
  CHECK(0 == uv_get_process_title(buf, sizeof buf));
  T("title \"%s\", argv[0] \"%s\", argv[1] \"%s\", gap \"%s\"", buf, first,
    second, gap);

  finish_loop(&loop);
  return 0;
}
