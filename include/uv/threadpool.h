/*
 * ruv: libuv rebuilt in Rust.
 * uv/threadpool.h -- the work item that requests embed for the thread pool.
 */
#ifndef UV_THREADPOOL_H_
#define UV_THREADPOOL_H_

struct uv_loop_s;

/* One unit of thread-pool work: run `work` on a pool thread, then `done`
 * back on the loop thread. Embedded by value in fs, work, getaddrinfo,
 * getnameinfo and random requests (40 bytes). */
struct uv__work {
  void (*work)(struct uv__work* w);
  void (*done)(struct uv__work* w, int status);
  struct uv_loop_s* loop;
  void* wq[2];
};

#endif /* UV_THREADPOOL_H_ */
