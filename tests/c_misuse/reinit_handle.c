/* uv_*_init on a handle that is initialised and not yet closed, for each
 * kind but timers (see reinit_timer.c): the call aborts naming itself.
 * libuv 1.44 links the handle into its queue a second time, and the first
 * registration goes on naming the memory (a loop that never ends, events
 * of the old handle delivered to the new one). Mode "closed": every kind,
 * closed and its close callback run, initialises again and closes. */
#include "misuse.h"

static uv_loop_t loop;

static void idle_cb(uv_idle_t* h) { (void) h; }
static void prepare_cb(uv_prepare_t* h) { (void) h; }
static void check_cb(uv_check_t* h) { (void) h; }
static void async_cb(uv_async_t* h) { (void) h; }

static union {
  uv_handle_t handle;
  uv_tcp_t tcp;
  uv_pipe_t pipe;
  uv_udp_t udp;
  uv_idle_t idle;
  uv_prepare_t prepare;
  uv_check_t check;
  uv_async_t async;
  uv_signal_t signal;
} h;

/* Initialises `h` as `kind` (and starts the kinds that start); returns
 * the call's result. */
static int init_as(const char* kind) {
  if (strcmp(kind, "tcp") == 0) return uv_tcp_init(&loop, &h.tcp);
  if (strcmp(kind, "tcp_ex") == 0) return uv_tcp_init_ex(&loop, &h.tcp, AF_INET);
  if (strcmp(kind, "pipe") == 0) return uv_pipe_init(&loop, &h.pipe, 0);
  if (strcmp(kind, "udp") == 0) return uv_udp_init(&loop, &h.udp);
  if (strcmp(kind, "udp_ex") == 0) return uv_udp_init_ex(&loop, &h.udp, AF_INET);
  if (strcmp(kind, "idle") == 0) {
    int r = uv_idle_init(&loop, &h.idle);
    return r ? r : uv_idle_start(&h.idle, idle_cb);
  }
  if (strcmp(kind, "prepare") == 0) {
    int r = uv_prepare_init(&loop, &h.prepare);
    return r ? r : uv_prepare_start(&h.prepare, prepare_cb);
  }
  if (strcmp(kind, "check") == 0) {
    int r = uv_check_init(&loop, &h.check);
    return r ? r : uv_check_start(&h.check, check_cb);
  }
  if (strcmp(kind, "async") == 0) return uv_async_init(&loop, &h.async, async_cb);
  if (strcmp(kind, "signal") == 0) return uv_signal_init(&loop, &h.signal);
  unknown_mode(kind);
  return 0;
}

static const char* const kinds[] = {"tcp", "tcp_ex", "pipe", "udp", "udp_ex", "idle",
                                    "prepare", "check", "async", "signal"};

static void close_cb(uv_handle_t* handle) {
  (void) handle;
  T("close callback");
}

int main(int argc, char** argv) {
  const char* mode = mode_arg(argc, argv);
  size_t i;
  no_core_dumps();
  CHECK(0 == uv_loop_init(&loop));
  if (strcmp(mode, "closed") == 0) {
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
      CHECK(0 == init_as(kinds[i]));
      uv_close(&h.handle, close_cb);
      CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
      T("%s again: %s", kinds[i], ename(init_as(kinds[i])));
      uv_close(&h.handle, NULL);
      CHECK(0 == uv_run(&loop, UV_RUN_DEFAULT));
    }
  } else {
    CHECK(0 == init_as(mode));
    T("calling init again");
    init_as(mode);
    T("returned from init");
  }
  finish_loop(&loop);
  return 0;
}
