/* The functions with no error return, given a NULL, never-initialised or
 * closed handle or loop (or a NULL callback): each aborts with
 * "ruv: <call>: <misuse>". The mode names the call and the misuse.
 * uv_ref / uv_unref on a closed handle are the exception: harmless, as in
 * libuv (modes ref_closed, unref_closed exit normally), and so is
 * uv_fs_req_cleanup on zeroed request memory (fs_cleanup_zeroed). */
#include "misuse.h"

static void walk_cb(uv_handle_t* h, void* arg) {
  (void) h;
  (void) arg;
}

int main(int argc, char** argv) {
  const char* mode = mode_arg(argc, argv);
  uv_loop_t loop;
  uv_loop_t* zeroed_loop = calloc(1, sizeof(uv_loop_t));
  uv_timer_t closed;
  uv_timer_t zeroed;
  uv_handle_t* closed_h = (uv_handle_t*) &closed;
  uv_handle_t* zeroed_h = (uv_handle_t*) &zeroed;
  uv_fs_t fs_req;

  no_core_dumps();
  CHECK(zeroed_loop != NULL);
  memset(&zeroed, 0, sizeof zeroed);
  CHECK(0 == uv_loop_init(&loop));
  CHECK(0 == uv_timer_init(&loop, &closed));
  uv_close(closed_h, NULL);
  CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));

  T("calling %s", mode);
  if (strcmp(mode, "close_null") == 0) {
    uv_close(NULL, NULL);
  } else if (strcmp(mode, "close_zeroed") == 0) {
    uv_close(zeroed_h, NULL);
  } else if (strcmp(mode, "ref_null") == 0) {
    uv_ref(NULL);
  } else if (strcmp(mode, "ref_zeroed") == 0) {
    uv_ref(zeroed_h);
  } else if (strcmp(mode, "ref_closed") == 0) {
    uv_ref(closed_h);
  } else if (strcmp(mode, "unref_null") == 0) {
    uv_unref(NULL);
  } else if (strcmp(mode, "unref_closed") == 0) {
    uv_unref(closed_h);
  } else if (strcmp(mode, "timer_set_repeat_null") == 0) {
    uv_timer_set_repeat(NULL, 1);
  } else if (strcmp(mode, "timer_set_repeat_closed") == 0) {
    uv_timer_set_repeat(&closed, 1);
  } else if (strcmp(mode, "timer_get_repeat_closed") == 0) {
    T("repeat %llu", (unsigned long long) uv_timer_get_repeat(&closed));
  } else if (strcmp(mode, "timer_get_repeat_zeroed") == 0) {
    T("repeat %llu", (unsigned long long) uv_timer_get_repeat(&zeroed));
  } else if (strcmp(mode, "timer_get_due_in_null") == 0) {
    T("due in %llu", (unsigned long long) uv_timer_get_due_in(NULL));
  } else if (strcmp(mode, "timer_get_due_in_closed") == 0) {
    T("due in %llu", (unsigned long long) uv_timer_get_due_in(&closed));
  } else if (strcmp(mode, "stop_null") == 0) {
    uv_stop(NULL);
  } else if (strcmp(mode, "stop_zeroed") == 0) {
    uv_stop(zeroed_loop);
  } else if (strcmp(mode, "now_null") == 0) {
    T("now %llu", (unsigned long long) uv_now(NULL));
  } else if (strcmp(mode, "now_zeroed") == 0) {
    T("now %llu", (unsigned long long) uv_now(zeroed_loop));
  } else if (strcmp(mode, "update_time_null") == 0) {
    uv_update_time(NULL);
  } else if (strcmp(mode, "walk_null") == 0) {
    uv_walk(NULL, walk_cb, NULL);
  } else if (strcmp(mode, "walk_zeroed") == 0) {
    uv_walk(zeroed_loop, walk_cb, NULL);
  } else if (strcmp(mode, "walk_null_cb") == 0) {
    uv_walk(&loop, NULL, NULL);
  } else if (strcmp(mode, "fs_cleanup_zeroed") == 0) {
    memset(&fs_req, 0, sizeof fs_req);
    uv_fs_req_cleanup(&fs_req);
  } else if (strcmp(mode, "fs_cleanup_garbage") == 0) {
    memset(&fs_req, 0x5a, sizeof fs_req);
    uv_fs_req_cleanup(&fs_req);
  } else if (strcmp(mode, "fs_cleanup_scribbled") == 0) {
    /* A finished request whose private part was written over. */
    CHECK(0 == uv_fs_realpath(NULL, &fs_req, ".", NULL));
    memset((char*) &fs_req.statbuf, 0x5a, sizeof fs_req - offsetof(uv_fs_t, statbuf));
    uv_fs_req_cleanup(&fs_req);
  } else {
    unknown_mode(mode);
  }
  T("returned from %s", mode);
  free(zeroed_loop);
  finish_loop(&loop);
  return 0;
}
