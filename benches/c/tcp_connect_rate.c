/* tcp_connect_rate: TCP connections per second over loopback, with 100 and
 * with 1,000 connection attempts kept in flight (two metrics).
 *
 * One loop holds a listening server and C client slots. Each slot inits a
 * uv_tcp_t and connects; its connect callback closes it, and its close
 * callback starts the slot's next connection, until the phase's target
 * (20,000 connections) or time cap (1 s by default) is reached. The server
 * accepts each connection into a fresh uv_tcp_t and closes it at once. A
 * connection counts when both ends are closed; the clock runs from the
 * first connect to the last close callback. Every connect must succeed and
 * the server must accept exactly as many connections as were made.
 *
 * 1,000 concurrent connections need about 2,000 descriptors (the client
 * sockets plus the accepted ones), more than the usual soft limit of 1024:
 * RLIMIT_NOFILE is raised to the hard limit at start, and the program says
 * so and exits if that is still too few. Closed client sockets sit in
 * TIME_WAIT; the kernel reuses their ports for new loopback connections
 * (net.ipv4.tcp_tw_reuse = 2, the default), so repeated runs do not run out
 * of ephemeral ports.
 *
 * Usage: tcp_connect_rate [cap_ms]   (cap per phase, default 1000)
 *
 * Exports used: uv_loop_init, uv_tcp_init, uv_tcp_bind, uv_listen,
 * uv_tcp_getsockname, uv_accept, uv_tcp_connect, uv_close, uv_err_name, uv_strerror,
 * uv_run, uv_loop_close. */
#include "net_common.h"

#define TARGET 20000
#define MAX_CONC 1000

typedef struct {
  uv_tcp_t tcp;
  uv_connect_t req;
} client_slot;

typedef union accepted {
  uv_tcp_t tcp;
  union accepted* next_free;
} accepted;

static uv_loop_t loop;
static uv_tcp_t server;
static struct sockaddr_in server_addr;
static client_slot* slots;
static accepted* pool;
static accepted* free_list;
static long target, issued, connected, client_closed, accepted_n, server_closed;
static int pool_in_use, pool_peak, server_closing;
static uint64_t cap_ns, t_start, t_end;

static void start_connection(client_slot* s);

static void maybe_finish(void) {
  if (server_closing || client_closed < issued || server_closed < issued)
    return;
  if (issued < target && bench_now_ns() - t_start <= cap_ns)
    return; /* slots are still going */
  t_end = bench_now_ns();
  server_closing = 1;
  uv_close((uv_handle_t*) &server, NULL);
}

static void on_client_close(uv_handle_t* h) {
  client_slot* s = h->data;
  client_closed++;
  if (issued < target && bench_now_ns() - t_start <= cap_ns)
    start_connection(s);
  else
    maybe_finish();
}

static void on_connect(uv_connect_t* req, int status) {
  client_slot* s = req->data;
  if (status != 0) {
    fprintf(stderr, "connect #%ld: %s (%s)\n", connected, uv_err_name(status),
            uv_strerror(status));
    exit(2);
  }
  connected++;
  uv_close((uv_handle_t*) &s->tcp, on_client_close);
}

static void start_connection(client_slot* s) {
  BENCH_CHECK(uv_tcp_init(&loop, &s->tcp));
  s->tcp.data = s;
  s->req.data = s;
  BENCH_CHECK(uv_tcp_connect(&s->req, &s->tcp, (const struct sockaddr*) &server_addr,
                             on_connect));
  issued++;
}

static void on_server_close(uv_handle_t* h) {
  accepted* a = (accepted*) h;
  a->next_free = free_list;
  free_list = a;
  pool_in_use--;
  server_closed++;
  maybe_finish();
}

static void on_connection(uv_stream_t* srv, int status) {
  accepted* a;
  NET_STATUS("connection", status);
  a = free_list;
  BENCH_ASSERT(a != NULL); /* more accepted handles awaiting close than the pool holds */
  free_list = a->next_free;
  if (++pool_in_use > pool_peak)
    pool_peak = pool_in_use;
  BENCH_CHECK(uv_tcp_init(&loop, &a->tcp));
  BENCH_CHECK(uv_accept(srv, (uv_stream_t*) &a->tcp));
  accepted_n++;
  uv_close((uv_handle_t*) &a->tcp, on_server_close);
}

static void run_phase(int conc, const char* metric) {
  int port, i, npool = 4 * conc + 64;
  double secs;

  target = TARGET;
  issued = connected = client_closed = accepted_n = server_closed = 0;
  pool_in_use = pool_peak = server_closing = 0;
  slots = calloc((size_t) conc, sizeof *slots);
  pool = calloc((size_t) npool, sizeof *pool);
  BENCH_ASSERT(slots != NULL && pool != NULL);
  free_list = NULL;
  for (i = npool - 1; i >= 0; i--) {
    pool[i].next_free = free_list;
    free_list = &pool[i];
  }

  net_watchdog(metric, 30);
  BENCH_CHECK(uv_loop_init(&loop));
  port = net_tcp_listen(&loop, &server, 4096, on_connection);
  net_loopback4(&server_addr, port);
  t_start = bench_now_ns();
  for (i = 0; i < conc; i++)
    start_connection(&slots[i]);
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  net_watchdog_off();

  BENCH_ASSERT(server_closing);
  BENCH_ASSERT(connected == issued && client_closed == issued);
  BENCH_ASSERT(accepted_n == issued && server_closed == issued && pool_in_use == 0);
  BENCH_CHECK(uv_loop_close(&loop));
  free(slots);
  free(pool);

  secs = (t_end - t_start) / 1e9;
  printf("INFO %s concurrency=%d connections=%ld elapsed_s=%.3f capped=%d "
         "accepted_awaiting_close_peak=%d\n",
         metric, conc, issued, secs, issued < target, pool_peak);
  bench_result(metric, issued / secs, "conns/s", "higher");
}

int main(int argc, char** argv) {
  cap_ns = (uint64_t) net_arg(argc, argv, 1, 1000) * 1000000u;
  bench_print_lib();
  net_ignore_sigpipe();
  /* Client sockets, accepted sockets awaiting close, the listener, epoll
   * and a few more the library keeps (eventfds, an EMFILE reserve). */
  net_need_fds(2 * MAX_CONC + 64, "tcp_connect_rate with 1,000 concurrent connections");
  run_phase(100, "conc100_conns_per_s");
  run_phase(MAX_CONC, "conc1000_conns_per_s");
  return 0;
}
