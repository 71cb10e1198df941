/* uv_loop_fork: a loop that ran in the parent (a pipe reading, an async
 * handle, an fs_event watch, the thread pool started) works in a forked
 * child once uv_loop_fork is called there: the pipe, a new timer, the
 * async handle, the fs_event watch and new work on the pool all report in
 * the child. The parent waits for the child before it goes on. */
#include "process_common.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static uv_loop_t* loop;
static uv_pipe_t reader;
static uv_timer_t timer;
static uv_async_t async_handle;
static uv_fs_event_t watch;
static uv_work_t work;
static int sv[2];
static char path[64];
static int work_done, read_seen, timer_seen, async_seen, watch_seen;
static uv_thread_t main_thread;
static int work_off_main;

static void work_cb(uv_work_t* req) {
  uv_thread_t self = uv_thread_self();
  (void) req;
  work_off_main = !uv_thread_equal(&self, &main_thread);
}

static void after_work(uv_work_t* req, int status) {
  (void) req;
  CHECK(status == 0);
  work_done++;
}

static void read_cb(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  if (n > 0) {
    read_seen += (int) n;
    uv_read_stop(s);
  }
  free(buf->base);
}

static void timer_cb(uv_timer_t* t) {
  (void) t;
  timer_seen++;
}

static void async_cb(uv_async_t* a) {
  (void) a;
  async_seen++;
}

static void watch_cb(uv_fs_event_t* h, const char* name, int events, int status) {
  (void) name;
  (void) events;
  if (status == 0 && !watch_seen) {
    watch_seen++;
    uv_fs_event_stop(h);
  }
}

static void child(void) {
  int fd;
  T("child: loop_fork %s", ename(uv_loop_fork(loop)));
  CHECK(1 == write(sv[1], "x", 1));
  CHECK(0 == uv_timer_start(&timer, timer_cb, 1, 0));
  CHECK(0 == uv_async_send(&async_handle));
  fd = open(path, O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  CHECK(1 == write(fd, "y", 1));
  close(fd);
  CHECK(0 == uv_queue_work(loop, &work, work_cb, after_work));
  while (!(read_seen && timer_seen && async_seen && watch_seen && work_done == 2))
    uv_run(loop, UV_RUN_ONCE);
  T("child: read %d, timer %d, async %d, fs_event %d, work %d (on a pool thread: %s)", read_seen,
    timer_seen, async_seen, watch_seen, work_done - 1, yesno(work_off_main));
  finish_loop(loop);
  /* Ends through exec, as a spawned child would: the parent's pool threads
   * do not exist here, and under valgrind what only they referenced would
   * be reported as leaked at exit. */
  execl("/bin/true", "true", (char*) NULL);
  abort();
}

int main(void) {
  int fd, status = 0;
  pid_t pid;
  loop = uv_default_loop();
  main_thread = uv_thread_self();
  snprintf(path, sizeof path, "/tmp/ruv-loop-fork-XXXXXX");
  fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  CHECK(0 == socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK(0 == uv_pipe_init(loop, &reader, 0));
  CHECK(0 == uv_pipe_open(&reader, sv[0]));
  CHECK(0 == uv_read_start((uv_stream_t*) &reader, collector_alloc, read_cb));
  CHECK(0 == uv_async_init(loop, &async_handle, async_cb));
  CHECK(0 == uv_timer_init(loop, &timer));
  CHECK(0 == uv_fs_event_init(loop, &watch));
  CHECK(0 == uv_fs_event_start(&watch, watch_cb, path, 0));
  /* The parent's loop runs (so everything is registered) and its pool
   * starts. */
  CHECK(0 == uv_queue_work(loop, &work, work_cb, after_work));
  while (!work_done) uv_run(loop, UV_RUN_ONCE);
  T("parent: work %d", work_done);

  pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) child();
  CHECK(waitpid(pid, &status, 0) == pid);
  T("parent: child exited with 0: %s", yesno(WIFEXITED(status) && WEXITSTATUS(status) == 0));
  unlink(path);
  finish_loop(loop);
  close(sv[1]);
  return 0;
}
