/*
 * ruv: libuv rebuilt in Rust.
 * uv/unix.h -- POSIX building blocks of the libuv 1.44 ABI: system headers,
 * descriptor and thread typedefs, the I/O watcher record, open(2) flags.
 */
#ifndef UV_UNIX_H
#define UV_UNIX_H

/* System headers that libuv clients are used to getting through uv.h. */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <termios.h>
#include <pwd.h>
#include <semaphore.h>
#include <pthread.h>
#include <signal.h>

#include "uv/threadpool.h"

#if defined(__linux__)
# include "uv/linux.h"
#else
# error "ruv's uv.h describes the Linux ABI of libuv 1.44 only"
#endif

/* Buffer sizes for uv_getnameinfo_t; netdb.h only offers them in some
 * feature modes. */
#ifndef NI_MAXHOST
# define NI_MAXHOST 1025
#endif
#ifndef NI_MAXSERV
# define NI_MAXSERV 32
#endif

/* Only ever used through pointers by uv.h. */
struct addrinfo;
struct uv_loop_s;

/* --- I/O watcher record (kept for its size; embedded in libuv's handles) */

struct uv__io_s;
typedef void (*uv__io_cb)(struct uv_loop_s* loop,
                          struct uv__io_s* w,
                          unsigned int events);
typedef struct uv__io_s uv__io_t;

struct uv__io_s {
  uv__io_cb cb;
  void* pending_queue[2];
  void* watcher_queue[2];
  unsigned int pevents;
  unsigned int events;
  int fd;
};

/* --- Buffers and descriptors ------------------------------------------- */

/* Field order differs from Windows' WSABUF; on Unix it matches struct iovec. */
typedef struct uv_buf_t {
  char* base;
  size_t len;
} uv_buf_t;

typedef int uv_file;
typedef int uv_os_sock_t;
typedef int uv_os_fd_t;
typedef pid_t uv_pid_t;
typedef uid_t uv_uid_t;
typedef gid_t uv_gid_t;

/* --- Threads and synchronisation: thin aliases of the pthread types ----- */

#define UV_ONCE_INIT PTHREAD_ONCE_INIT

typedef pthread_once_t uv_once_t;
typedef pthread_t uv_thread_t;
typedef pthread_mutex_t uv_mutex_t;
typedef pthread_cond_t uv_cond_t;
typedef pthread_key_t uv_key_t;
typedef sem_t uv_sem_t;

/* glibc hides the rwlock and barrier typedefs in strict ISO C modes; fall
 * back to opaque storage of the same size and alignment there. */
#if defined(PTHREAD_RWLOCK_INITIALIZER)
typedef pthread_rwlock_t uv_rwlock_t;
#else
typedef union {
  char ruv_opaque_[RUV_RWLOCK_BYTES];
  long ruv_align_;
} uv_rwlock_t;
#endif

#if defined(PTHREAD_BARRIER_SERIAL_THREAD)
typedef pthread_barrier_t uv_barrier_t;
#else
typedef union {
  char ruv_opaque_[RUV_BARRIER_BYTES];
  long ruv_align_;
} uv_barrier_t;
#endif

/* --- Shared libraries ---------------------------------------------------- */

typedef struct {
  void* handle;
  char* errmsg;
} uv_lib_t;

/* --- open(2) flags for uv_fs_open (Linux x86_64 values) ----------------- */

#define UV_FS_O_RDONLY     0
#define UV_FS_O_WRONLY     0x1
#define UV_FS_O_RDWR       0x2
#define UV_FS_O_CREAT      0x40
#define UV_FS_O_EXCL       0x80
#define UV_FS_O_NOCTTY     0x100
#define UV_FS_O_TRUNC      0x200
#define UV_FS_O_APPEND     0x400
#define UV_FS_O_NONBLOCK   0x800
#define UV_FS_O_DSYNC      0x1000
#define UV_FS_O_DIRECT     0x4000
#define UV_FS_O_DIRECTORY  0x10000
#define UV_FS_O_NOFOLLOW   0x20000
#define UV_FS_O_SYNC       0x101000

/* O_NOATIME is a GNU extension: it is only non-zero when the client's libc
 * headers expose it (i.e. with _GNU_SOURCE). */
#if defined(O_NOATIME)
# define UV_FS_O_NOATIME   O_NOATIME
#else
# define UV_FS_O_NOATIME   0
#endif

/* Flags that mean something on other platforms only. */
#define UV_FS_O_EXLOCK       0
#define UV_FS_O_SYMLINK      0
#define UV_FS_O_FILEMAP      0
#define UV_FS_O_RANDOM       0
#define UV_FS_O_SHORT_LIVED  0
#define UV_FS_O_SEQUENTIAL   0
#define UV_FS_O_TEMPORARY    0

#endif /* UV_UNIX_H */
