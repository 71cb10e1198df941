/* udp_ping_pong: UDP round trips per second over loopback.
 *
 * Two uv_udp_t bound to 127.0.0.1:0 on one loop. The client sends a
 * 64-byte datagram (its trip number, then a pattern) to the server, the
 * server sends every datagram it receives back to its sender with
 * uv_udp_send, and when the client has received the echo and checked it
 * is the datagram it sent (same length, same bytes, from the server's
 * address), it sends the next. One datagram in flight at a time. Loopback
 * does not drop a lone datagram in practice; if one were lost the exchange
 * would stall, and the watchdog ends the program with a message.
 *
 * Usage: udp_ping_pong [trips [cap_ms]]
 *   trips   round trips (default 50,000)
 *   cap_ms  stop early after this many ms (default 1500; 0 = no cap)
 *
 * Exports used: uv_loop_init, uv_udp_init, uv_udp_bind, uv_udp_getsockname,
 * uv_udp_recv_start, uv_udp_send, uv_buf_init, uv_close, uv_strerror,
 * uv_run, uv_loop_close. */
#include "net_common.h"

#define MSG_LEN 64
#define SLOTS 4

typedef struct {
  uv_udp_send_t req;
  char data[MSG_LEN];
  int busy;
} send_slot;

static uv_loop_t loop;
static uv_udp_t server, client;
static struct sockaddr_in server_addr;
static send_slot client_slots[SLOTS], server_slots[SLOTS];
static long target, trips, echoed;
static uint64_t cap_ns, t_start, t_end;
static char sent_msg[MSG_LEN];
static int capped, closed_count;

static void on_close(uv_handle_t* h) {
  (void) h;
  closed_count++;
}

static void on_send(uv_udp_send_t* req, int status) {
  send_slot* s = req->data;
  NET_STATUS("udp send", status);
  s->busy = 0;
}

static void send_copy(send_slot* slots, uv_udp_t* h, const char* data, size_t len,
                      const struct sockaddr* to) {
  uv_buf_t buf;
  int i;

  BENCH_ASSERT(len <= MSG_LEN);
  for (i = 0; i < SLOTS && slots[i].busy; i++) {
  }
  BENCH_ASSERT(i < SLOTS); /* more sends pending than a ping-pong allows */
  slots[i].busy = 1;
  slots[i].req.data = &slots[i];
  memcpy(slots[i].data, data, len);
  buf = uv_buf_init(slots[i].data, (unsigned) len);
  BENCH_CHECK(uv_udp_send(&slots[i].req, h, &buf, 1, to, on_send));
}

static void send_ping(void) {
  int i;
  snprintf(sent_msg, sizeof sent_msg, "ping %ld ", trips);
  for (i = (int) strlen(sent_msg); i < MSG_LEN; i++)
    sent_msg[i] = (char) ('a' + (trips + i) % 26);
  send_copy(client_slots, &client, sent_msg, MSG_LEN, (const struct sockaddr*) &server_addr);
}

static void finish(void) {
  t_end = bench_now_ns();
  uv_close((uv_handle_t*) &client, on_close);
  uv_close((uv_handle_t*) &server, on_close);
}

static void on_client_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                           const struct sockaddr* from, unsigned flags) {
  const struct sockaddr_in* f = (const struct sockaddr_in*) from;
  (void) h;
  if (nread == 0 && from == NULL)
    return; /* nothing more to read for now */
  NET_STATUS("client recv", nread < 0 ? (int) nread : 0);
  BENCH_ASSERT(!(flags & UV_UDP_PARTIAL));
  BENCH_ASSERT(from != NULL && f->sin_family == AF_INET &&
               f->sin_port == server_addr.sin_port &&
               f->sin_addr.s_addr == server_addr.sin_addr.s_addr);
  BENCH_ASSERT(nread == MSG_LEN && memcmp(buf->base, sent_msg, MSG_LEN) == 0);
  trips++;
  if (trips >= target) {
    finish();
    return;
  }
  if (cap_ns != 0 && (trips & 63) == 0 && bench_now_ns() - t_start > cap_ns) {
    capped = 1;
    finish();
    return;
  }
  send_ping();
}

static void on_server_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                           const struct sockaddr* from, unsigned flags) {
  if (nread == 0 && from == NULL)
    return;
  NET_STATUS("server recv", nread < 0 ? (int) nread : 0);
  BENCH_ASSERT(!(flags & UV_UDP_PARTIAL) && from != NULL);
  echoed++;
  send_copy(server_slots, h, buf->base, (size_t) nread, from);
}

static int bind_any(uv_udp_t* h) {
  struct sockaddr_in a;
  struct sockaddr_storage ss;
  int len = sizeof ss;
  BENCH_CHECK(uv_udp_init(&loop, h));
  BENCH_CHECK(uv_udp_bind(h, net_loopback4(&a, 0), 0));
  BENCH_CHECK(uv_udp_getsockname(h, (struct sockaddr*) &ss, &len));
  BENCH_ASSERT(ss.ss_family == AF_INET);
  return ntohs(((struct sockaddr_in*) &ss)->sin_port);
}

int main(int argc, char** argv) {
  double secs;
  int i;

  target = net_arg(argc, argv, 1, 50000);
  cap_ns = (uint64_t) net_arg(argc, argv, 2, 1500) * 1000000u;
  BENCH_ASSERT(target > 0);
  bench_print_lib();
  net_watchdog("udp ping-pong", cap_ns != 0 ? 30 : 300);

  BENCH_CHECK(uv_loop_init(&loop));
  net_loopback4(&server_addr, bind_any(&server));
  bind_any(&client);
  BENCH_CHECK(uv_udp_recv_start(&server, net_alloc, on_server_recv));
  BENCH_CHECK(uv_udp_recv_start(&client, net_alloc, on_client_recv));
  t_start = bench_now_ns();
  send_ping();
  BENCH_CHECK(uv_run(&loop, UV_RUN_DEFAULT));
  net_watchdog_off();

  BENCH_ASSERT(closed_count == 2);
  BENCH_ASSERT(trips == target || capped);
  BENCH_ASSERT(echoed == trips);
  for (i = 0; i < SLOTS; i++)
    BENCH_ASSERT(!client_slots[i].busy && !server_slots[i].busy);
  BENCH_CHECK(uv_loop_close(&loop));

  secs = (t_end - t_start) / 1e9;
  printf("INFO trips=%ld msg_bytes=%d elapsed_s=%.3f capped=%d\n", trips, MSG_LEN, secs, capped);
  bench_result("round_trips_per_s", trips / secs, "trips/s", "higher");
  bench_result("us_per_round_trip", secs * 1e6 / trips, "us", "lower");
  return 0;
}
