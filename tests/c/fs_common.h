/* Shared helpers for the file-system differential tests (tests/c/fs_*.c).
 *
 * fs_setup() creates a fresh directory (libc mkdtemp under $TMPDIR or /tmp),
 * makes it the current directory and sets umask 022, so every path the
 * programs use and print is relative to it. fs_teardown() removes everything
 * under it (libc, not libuv), the directory itself, and ends the loop with
 * finish_loop().
 *
 * Requests are issued in one of two modes: SYNC (cb NULL, the call returns
 * the result) and ASYNC (cb = fs_note_cb, the result arrives in req->result
 * on the loop thread). fs_done() waits for the request when needed and prints
 * one line: "<label> <mode>: result=<r> type=<fs_type> path=<same|NULL|other>".
 * Setup work the programs do not test (creating files to test on) uses libc
 * directly so a test only depends on the operation it checks. */
#ifndef RUV_TEST_FS_COMMON_H
#define RUV_TEST_FS_COMMON_H

#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { SYNC = 0, ASYNC = 1 };
enum { FS_NUM = 0, FS_FD = 1 };

static uv_loop_t fs_loop_storage;
static uv_loop_t* loop = &fs_loop_storage;
static char fs_dir[4096];
static char fs_parent[4096];
static uv_thread_t fs_main_thread;
static int fs_cb_count;
static ssize_t fs_cb_result;

static inline const char* mode_name(int m) { return m ? "async" : "sync"; }

static inline const char* fs_type_name(uv_fs_type t) {
  switch (t) {
#define X(n) case UV_FS_##n: return #n;
    X(UNKNOWN) X(CUSTOM) X(OPEN) X(CLOSE) X(READ) X(WRITE) X(SENDFILE)
    X(STAT) X(LSTAT) X(FSTAT) X(FTRUNCATE) X(UTIME) X(FUTIME) X(ACCESS)
    X(CHMOD) X(FCHMOD) X(FSYNC) X(FDATASYNC) X(UNLINK) X(RMDIR) X(MKDIR)
    X(MKDTEMP) X(RENAME) X(SCANDIR) X(LINK) X(SYMLINK) X(READLINK)
    X(CHOWN) X(FCHOWN) X(REALPATH) X(COPYFILE) X(LCHOWN) X(OPENDIR)
    X(READDIR) X(CLOSEDIR) X(STATFS) X(MKSTEMP) X(LUTIME)
#undef X
  }
  return "?";
}

/* A result as text: the error name for negative values, the number
 * otherwise ("fd" instead of the number for kind FS_FD). Rotating buffers so
 * several can appear in one printf. */
static inline const char* rs(ssize_t r, int kind) {
  static char bufs[8][64];
  static int next;
  char* b = bufs[next++ & 7];
  if (r < 0) return uv_err_name((int) r);
  if (kind == FS_FD) return "fd";
  snprintf(b, 64, "%ld", (long) r);
  return b;
}

/* printf into a rotating static buffer (names built per mode). */
static inline const char* nm(const char* fmt, ...) {
  static char bufs[16][512];
  static int next;
  char* b = bufs[next++ & 15];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b, 512, fmt, ap);
  va_end(ap);
  return b;
}

static inline void fs_note_cb(uv_fs_t* req) {
  uv_thread_t self = uv_thread_self();
  CHECK(uv_thread_equal(&self, &fs_main_thread));
  fs_cb_count++;
  fs_cb_result = req->result;
}

#define CB(m) ((m) ? fs_note_cb : NULL)

static inline const char* path_match(const uv_fs_t* req, const char* path) {
  if (req->path == NULL) return "NULL";
  if (path != NULL && strcmp(req->path, path) == 0) return "same";
  return "other";
}

/* Completes a request issued with CB(mode) that returned `ret`, prints its
 * line and returns req->result. Does not clean the request up. */
static inline ssize_t fs_done(int mode, const char* label, uv_fs_t* req, int ret,
                              const char* path, int kind) {
  if (mode == SYNC) {
    CHECK((ssize_t) ret == req->result || req->result == 0);
    if ((ssize_t) ret != req->result) {
      /* Rejected before the request was run: result left as it was. */
      T("%s sync: returned %s, result=%s type=%s path=%s", label, rs(ret, kind),
        rs(req->result, FS_NUM), fs_type_name(req->fs_type),
        path_match(req, path));
      return ret;
    }
  } else {
    if (ret != 0) {
      T("%s async: returned %s (no callback) type=%s", label, rs(ret, FS_NUM),
        fs_type_name(req->fs_type));
      return ret;
    }
    fs_cb_count = 0;
    CHECK(0 == uv_run(loop, UV_RUN_DEFAULT));
    CHECK(fs_cb_count == 1);
    CHECK(fs_cb_result == req->result);
  }
  T("%s %s: result=%s type=%s path=%s", label, mode_name(mode),
    rs(req->result, kind), fs_type_name(req->fs_type), path_match(req, path));
  return req->result;
}

/* fs_done + uv_fs_req_cleanup. */
static inline ssize_t fs_run(int mode, const char* label, uv_fs_t* req, int ret,
                      const char* path, int kind) {
  ssize_t r = fs_done(mode, label, req, ret, path, kind);
  uv_fs_req_cleanup(req);
  return r;
}

static inline const char* ftype(unsigned long mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "reg";
    case S_IFDIR: return "dir";
    case S_IFLNK: return "lnk";
    case S_IFIFO: return "fifo";
    case S_IFSOCK: return "sock";
    case S_IFCHR: return "chr";
    case S_IFBLK: return "blk";
  }
  return "?";
}

/* "<label>type=.. perm=.. size=.. nlink=.." (no size for directories: it
 * depends on the file system). */
static inline void print_stat(const char* label, const uv_stat_t* s) {
  char size[32];
  if ((s->st_mode & S_IFMT) == S_IFDIR)
    snprintf(size, sizeof size, "(dir)");
  else
    snprintf(size, sizeof size, "%llu", (unsigned long long) s->st_size);
  T("%stype=%s perm=%04lo size=%s nlink=%llu", label,
    ftype((unsigned long) s->st_mode), (unsigned long) (s->st_mode & 07777),
    size, (unsigned long long) s->st_nlink);
}

static inline const char* dirent_name(uv_dirent_type_t t) {
  switch (t) {
    case UV_DIRENT_UNKNOWN: return "unknown";
    case UV_DIRENT_FILE: return "file";
    case UV_DIRENT_DIR: return "dir";
    case UV_DIRENT_LINK: return "link";
    case UV_DIRENT_FIFO: return "fifo";
    case UV_DIRENT_SOCKET: return "socket";
    case UV_DIRENT_CHAR: return "char";
    case UV_DIRENT_BLOCK: return "block";
  }
  return "?";
}

/* --- libc setup helpers (not under test) -------------------------------- */

static inline void mkfile(const char* path, const char* content, int mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  size_t n = strlen(content);
  CHECK(fd >= 0);
  CHECK(write(fd, content, n) == (ssize_t) n);
  CHECK(0 == close(fd));
}

static inline void mkdir_c(const char* path) { CHECK(0 == mkdir(path, 0755)); }

/* Whole content of a file (libc), into a static buffer. */
static inline const char* slurp(const char* path) {
  static char buf[4096];
  int fd = open(path, O_RDONLY);
  ssize_t n;
  CHECK(fd >= 0);
  n = read(fd, buf, sizeof buf - 1);
  CHECK(n >= 0);
  buf[n] = '\0';
  CHECK(0 == close(fd));
  return buf;
}

static inline int exists(const char* path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

static inline void rm_rf(const char* path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR* d;
    struct dirent* e;
    chmod(path, 0700);
    d = opendir(path);
    CHECK(d != NULL);
    while ((e = readdir(d)) != NULL) {
      char sub[8192];
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
      rm_rf(sub);
    }
    closedir(d);
    CHECK(0 == rmdir(path));
  } else {
    CHECK(0 == unlink(path));
  }
}

static inline void fs_setup(const char* tag) {
  const char* tmp = getenv("TMPDIR");
  if (tmp == NULL || *tmp == '\0') tmp = "/tmp";
  CHECK(0 == uv_loop_init(loop));
  fs_main_thread = uv_thread_self();
  umask(022);
  CHECK(getcwd(fs_parent, sizeof fs_parent) != NULL);
  snprintf(fs_dir, sizeof fs_dir, "%s/ruv-%s-XXXXXX", tmp, tag);
  CHECK(mkdtemp(fs_dir) != NULL);
  CHECK(0 == chdir(fs_dir));
}

static inline void fs_teardown(void) {
  CHECK(0 == chdir(fs_parent));
  rm_rf(fs_dir);
  CHECK(!exists(fs_dir));
  finish_loop(loop);
}

#endif
