/* async_pummel: one thread hammers uv_async_send at a loop thread.
 *
 * The main thread runs a loop with one uv_async_t. A single sender thread
 * (a plain pthread, to keep to this 2-core machine) calls uv_async_send in a
 * tight loop SENDS times (default 50,000,000; argv[1] overrides; the sender
 * stops early after a 2 s safety cap). Just before the last send it sets an
 * atomic flag. Sends coalesce, so the callback runs far fewer times than
 * there are sends. The callback that sees the flag calls uv_stop; the main
 * thread then joins the sender and closes the handle (so the handle is never
 * closed while a send may still touch it).
 *
 * Reports:
 *   sends_per_s      SENDS / time the sender spent in its loop
 *   callbacks_per_s  callbacks / time from thread start to final observation
 *   total_ms         time from starting the sender until a callback has
 *                    observed the final send (lower is better; compare
 *                    only when neither side hit the cap, see INFO capped=)
 * and, for information, the number of callbacks (coalescing).
 *
 * Exports used: uv_loop_init, uv_async_init, uv_async_send, uv_stop,
 * uv_run, uv_close, uv_loop_close.
 */
#include "bench_common.h"

#include <pthread.h>
#include <stdatomic.h>

#define DEFAULT_SENDS 50000000L
#define CAP_NS 2000000000ULL

static uv_loop_t loop;
static uv_async_t async_handle;
static long sends;      /* requested */
static long sent;       /* done by the sender (fewer if it hit the cap) */
static _Atomic int final_send; /* set just before the last send */
static long callbacks;
static uint64_t observed_ns;
static uint64_t sender_start_ns;
static uint64_t sender_end_ns;

static void async_cb(uv_async_t* handle) {
  callbacks++;
  if (atomic_load_explicit(&final_send, memory_order_acquire) &&
      observed_ns == 0) {
    observed_ns = bench_now_ns();
    uv_stop(handle->loop);
  }
}

static void* sender(void* arg) {
  long i;
  (void) arg;
  sender_start_ns = bench_now_ns();
  for (i = 1; i < sends; i++) {
    if (uv_async_send(&async_handle) != 0)
      abort();
    if ((i & 0xfff) == 0 && bench_now_ns() - sender_start_ns > CAP_NS)
      break;
  }
  sent = i;
  atomic_store_explicit(&final_send, 1, memory_order_release);
  if (uv_async_send(&async_handle) != 0)
    abort();
  sender_end_ns = bench_now_ns();
  return NULL;
}

int main(int argc, char** argv) {
  pthread_t thread;
  uint64_t t0;

  sends = bench_arg(argc, argv, DEFAULT_SENDS);
  bench_print_lib();

  BENCH_CHECK(uv_loop_init(&loop));
  BENCH_CHECK(uv_async_init(&loop, &async_handle, async_cb));

  t0 = bench_now_ns();
  BENCH_CHECK(pthread_create(&thread, NULL, sender, NULL));
  uv_run(&loop, UV_RUN_DEFAULT);
  BENCH_CHECK(pthread_join(thread, NULL));
  BENCH_ASSERT(observed_ns != 0);

  uv_close((uv_handle_t*) &async_handle, NULL);
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  BENCH_CHECK(uv_loop_close(&loop));

  printf("INFO sends=%ld callbacks=%ld sends_per_callback=%.1f capped=%d\n",
         sent, callbacks, (double) sent / (double) callbacks, sent != sends);
  bench_result("sends_per_s", sent / ((sender_end_ns - sender_start_ns) / 1e9),
               "sends/s", "higher");
  bench_result("callbacks_per_s", callbacks / ((observed_ns - t0) / 1e9),
               "cb/s", "higher");
  bench_result("total_ms", (observed_ns - t0) / 1e6, "ms", "lower");
  return 0;
}
