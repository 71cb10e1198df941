/*
 * A client-style translation unit for the abi_layout test: it uses uv.h the
 * way libuv 1.44 programs do (public macros, X-macro tables, callbacks,
 * fields clients touch, system types uv.h is expected to pull in). It is
 * compiled, never linked, as C and as C++.
 */
#include <uv.h>
#include <string.h>

/* Compile-time assertion that works in C89..C23 and C++98..C++23. */
#define USAGE_ASSERT(name, cond) typedef char usage_assert_##name[(cond) ? 1 : -1]

/* --- The base-field macros build structures that alias libuv's ---------- */

struct my_handle {
  UV_HANDLE_FIELDS
};
struct my_req {
  UV_REQ_FIELDS
};
struct my_stream {
  UV_HANDLE_FIELDS
  UV_STREAM_FIELDS
};

USAGE_ASSERT(handle_size, sizeof(struct my_handle) == sizeof(uv_handle_t));
USAGE_ASSERT(req_size, sizeof(struct my_req) == sizeof(uv_req_t));
USAGE_ASSERT(stream_size, sizeof(struct my_stream) == sizeof(uv_stream_t));
USAGE_ASSERT(flags_offset, offsetof(uv_handle_t, flags) == 88);
USAGE_ASSERT(timeout_offset, offsetof(uv_timer_t, timeout) == 128);
USAGE_ASSERT(buf_layout, offsetof(uv_buf_t, base) == 0 && offsetof(uv_buf_t, len) == 8);

/* --- X-macro tables ------------------------------------------------------ */

struct err_row {
  int code;
  const char* name;
  const char* message;
};
#define ERR_ROW(name, msg) { UV_##name, #name, msg },
static const struct err_row err_table[] = { UV_ERRNO_MAP(ERR_ROW) };
#undef ERR_ROW

struct type_row {
  int type;
  const char* name;
  size_t size;
};
#define HANDLE_ROW(upper, lower) { UV_##upper, #lower, sizeof(uv_##lower##_t) },
static const struct type_row handle_table[] = { UV_HANDLE_TYPE_MAP(HANDLE_ROW) };
#undef HANDLE_ROW
#define REQ_ROW(upper, lower) { UV_##upper, #lower, sizeof(uv_##lower##_t) },
static const struct type_row req_table[] = { UV_REQ_TYPE_MAP(REQ_ROW) };
#undef REQ_ROW

USAGE_ASSERT(err_count, sizeof(err_table) / sizeof(err_table[0]) == 82);
USAGE_ASSERT(handle_count,
             sizeof(handle_table) / sizeof(handle_table[0]) == UV_FILE - 1);
USAGE_ASSERT(req_count,
             sizeof(req_table) / sizeof(req_table[0]) == UV_REQ_TYPE_MAX - 1);
USAGE_ASSERT(any_handle, sizeof(union uv_any_handle) == sizeof(uv_tty_t));
USAGE_ASSERT(any_req, sizeof(union uv_any_req) == sizeof(uv_getnameinfo_t));

/* --- Version macros work in #if and in string pasting ------------------- */

#if UV_VERSION_HEX < 0x012c00 || UV_VERSION_MAJOR != 1 || !UV_VERSION_IS_RELEASE
# error "unexpected libuv version macros"
#endif
static const char version_text[] = "libuv 1.44" UV_VERSION_SUFFIX;

/* --- Threads, once, and the system types uv.h brings in ----------------- */

static uv_once_t once_guard = UV_ONCE_INIT;
static void init_once(void) {}

USAGE_ASSERT(sys_types,
             sizeof(struct sockaddr_in6) > 0 && sizeof(struct termios) > 0 &&
             sizeof(struct dirent) > 0 && sizeof(sem_t) > 0 &&
             sizeof(pthread_t) > 0 && sizeof(struct stat) > 0 &&
             sizeof(int64_t) == 8 && sizeof(ssize_t) == 8);

static void worker(void* arg) { (void)arg; }

/* --- Callbacks with the exact callback types ----------------------------- */

static void on_alloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf) {
  (void)handle;
  *buf = uv_buf_init(NULL, (unsigned int)suggested);
}

static void on_close(uv_handle_t* handle) { (void)handle; }

static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  (void)buf;
  if (nread == UV_EOF) uv_close((uv_handle_t*)stream, on_close);
}

static void on_write(uv_write_t* req, int status) { (void)req; (void)status; }

static void on_timer(uv_timer_t* timer) {
  /* node reads the due time straight from the handle. */
  uint64_t due = timer->timeout;
  (void)due;
}

static void on_resolved(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  (void)status;
  if (req->addrinfo == res) uv_freeaddrinfo(res);
}

static void on_name(uv_getnameinfo_t* req, int status, const char* host,
                    const char* service) {
  (void)status;
  (void)host;
  (void)service;
  (void)req->host[0];
  (void)req->service[0];
}

static void on_exit_cb(uv_process_t* proc, int64_t status, int signal) {
  (void)proc;
  (void)status;
  (void)signal;
}

static void on_fs(uv_fs_t* req) {
  if (req->result >= 0 && req->fs_type == UV_FS_STAT) (void)req->statbuf.st_size;
  uv_fs_req_cleanup(req);
}

static void on_udp(uv_udp_t* handle, ssize_t nread, const uv_buf_t* buf,
                   const struct sockaddr* addr, unsigned flags) {
  (void)handle;
  (void)nread;
  (void)buf;
  (void)addr;
  (void)(flags & UV_UDP_PARTIAL);
}

/* --- A function exercising the API the way a client would ---------------- */

int usage_entry(uv_loop_t* loop, uv_pipe_t* pipe, uv_tty_t* tty);
int usage_entry(uv_loop_t* loop, uv_pipe_t* pipe, uv_tty_t* tty) {
  static uv_timer_t timer;
  static uv_write_t write_req;
  static uv_getaddrinfo_t gai;
  static uv_getnameinfo_t gni;
  static uv_fs_t fs_req;
  static uv_udp_t udp;
  static uv_process_t proc;
  static uv_thread_t thread;
  static uv_mutex_t mutex;
  static uv_rwlock_t rwlock;
  static uv_barrier_t barrier;
  static uv_stdio_container_t stdio[3];
  uv_process_options_t options;
  struct sockaddr_in addr;
  char buffer[64];
  uv_buf_t buf;
  int rc = 0;

  buf.base = buffer;
  buf.len = sizeof(buffer);

  /* uvloop marks write-only pipes readable through the private flags word. */
  uv_pipe_init(loop, pipe, 0);
  pipe->flags |= 0x4000;
  rc |= uv_read_start((uv_stream_t*)pipe, on_alloc, on_read);
  rc |= uv_write(&write_req, (uv_stream_t*)pipe, &buf, 1, on_write);

  /* C++ callers may pass an int mode. */
  rc |= uv_tty_set_mode(tty, 0);
  rc |= uv_tty_set_mode(tty, UV_TTY_MODE_RAW);

  rc |= uv_timer_init(loop, &timer);
  rc |= uv_timer_start(&timer, on_timer, 10, 0);

  rc |= uv_ip4_addr("127.0.0.1", 80, &addr);
  rc |= uv_getaddrinfo(loop, &gai, on_resolved, "localhost", NULL, NULL);
  rc |= uv_getnameinfo(loop, &gni, on_name, (const struct sockaddr*)&addr, 0);
  rc |= uv_fs_open(loop, &fs_req, "/", UV_FS_O_RDONLY | UV_FS_O_NOATIME, 0, on_fs);
  rc |= uv_udp_init_ex(loop, &udp, AF_INET | UV_UDP_RECVMMSG);
  rc |= uv_udp_recv_start(&udp, on_alloc, on_udp);

  memset(&options, 0, sizeof(options));
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
  stdio[1].data.stream = (uv_stream_t*)pipe;
  stdio[2].flags = UV_INHERIT_FD;
  stdio[2].data.fd = 2;
  options.exit_cb = on_exit_cb;
  options.file = "true";
  options.stdio = stdio;
  options.stdio_count = 3;
  options.flags = UV_PROCESS_DETACHED;
  rc |= uv_spawn(loop, &proc, &options);

  uv_once(&once_guard, init_once);
  rc |= uv_thread_create(&thread, worker, NULL);
  rc |= uv_mutex_init(&mutex);
  rc |= uv_rwlock_init(&rwlock);
  rc |= uv_barrier_init(&barrier, 2);

  uv_print_all_handles(loop, stderr);
  loop->data = (void*)version_text;
  rc |= (int)loop->active_handles + (int)loop->active_reqs.count;
  rc |= err_table[0].code + handle_table[0].type + req_table[0].type;
  return rc | uv_run(loop, UV_RUN_NOWAIT);
}
