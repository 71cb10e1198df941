/* Helpers for the process programs: spawning `/bin/sh -c script`, and
 * collecting what a child writes into a pipe so it can be printed once
 * the child is done (the order of a pipe's end and the child's exit is up
 * to the scheduler). */
#ifndef RUV_TEST_PROCESS_COMMON_H
#define RUV_TEST_PROCESS_COMMON_H

#include "common.h"

#include <signal.h>

/* Spawns `/bin/sh -c script` with the given stdio slots. */
static inline int spawn_sh(uv_loop_t* loop, uv_process_t* proc, const char* script,
                           uv_stdio_container_t* stdio, int stdio_count, uv_exit_cb cb) {
  char* args[4];
  uv_process_options_t opts;
  memset(&opts, 0, sizeof opts);
  args[0] = "sh";
  args[1] = "-c";
  args[2] = (char*) script;
  args[3] = NULL;
  opts.file = "/bin/sh";
  opts.args = args;
  opts.stdio = stdio;
  opts.stdio_count = stdio_count;
  opts.exit_cb = cb;
  return uv_spawn(loop, proc, &opts);
}

/* What one pipe brought: the bytes (the first sizeof data of them) and
 * how it ended. */
typedef struct {
  uv_pipe_t pipe;
  char data[4096];
  size_t len;   /* every byte read, kept or not */
  int eof;      /* the read callback saw UV_EOF */
  int error;    /* another error, if any */
} collector;

static inline void collector_alloc(uv_handle_t* h, size_t size, uv_buf_t* buf) {
  (void) h;
  buf->base = malloc(size);
  buf->len = size;
}

static void (*collector_done)(collector* c);

static inline void collector_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  collector* c = (collector*) s;
  if (n > 0) {
    size_t room = sizeof c->data - 1 - (c->len < sizeof c->data ? c->len : sizeof c->data - 1);
    size_t keep = (size_t) n < room ? (size_t) n : room;
    if (keep > 0) memcpy(c->data + c->len, buf->base, keep);
    c->len += (size_t) n;
  } else if (n == UV_EOF) {
    c->eof = 1;
  } else if (n < 0) {
    c->error = (int) n;
  }
  free(buf->base);
  if (n < 0 && collector_done != NULL) collector_done(c);
}

/* Starts reading the pipe (already opened by uv_spawn) to its end. */
static inline void collect(collector* c) {
  CHECK(0 == uv_read_start((uv_stream_t*) &c->pipe, collector_alloc, collector_read));
}

/* The text collected, with newlines shown as "|". */
static inline const char* collected(collector* c) {
  size_t i, n = c->len < sizeof c->data - 1 ? c->len : sizeof c->data - 1;
  c->data[n] = '\0';
  for (i = 0; i < n; i++)
    if (c->data[i] == '\n') c->data[i] = '|';
  return c->data;
}

#endif
