/* tcp_pump: throughput of writes from clients to a server over loopback
 * TCP, with 1 connection and with 100 connections (two metrics).
 *
 * See pump_common.h for the method: each client keeps 4 writes of 64 KiB
 * in flight until the phase's budget (4 GB) or time cap (1 s by default)
 * is reached, then shuts down; the server reads into one 64 KiB buffer,
 * checks every byte, and the clock stops at the last EOF. MB/s = 10^6
 * bytes per second delivered to the reader.
 *
 * Usage: tcp_pump [cap_ms]   (cap per phase, default 1000)
 *
 * Exports used: uv_loop_init, uv_tcp_init, uv_tcp_bind, uv_listen,
 * uv_tcp_getsockname, uv_accept, uv_tcp_connect, uv_read_start, uv_write,
 * uv_shutdown, uv_buf_init, uv_close, uv_strerror, uv_run, uv_loop_close. */
#include "pump_common.h"

static struct sockaddr_in server_addr;

static void tcp_init(uv_loop_t* loop, pump_handle* h) {
  BENCH_CHECK(uv_tcp_init(loop, &h->tcp));
}

static void tcp_listen(uv_loop_t* loop, pump_handle* server, uv_connection_cb cb) {
  int port = net_tcp_listen(loop, &server->tcp, 1024, cb);
  net_loopback4(&server_addr, port);
}

static void tcp_connect(uv_connect_t* req, pump_handle* client, uv_connect_cb cb) {
  BENCH_CHECK(uv_tcp_connect(req, &client->tcp, (const struct sockaddr*) &server_addr, cb));
}

static const pump_transport tcp_transport = {"tcp", tcp_init, tcp_listen, tcp_connect};

int main(int argc, char** argv) {
  unsigned cap_ms = (unsigned) net_arg(argc, argv, 1, 1000);
  const uint64_t budget = 4000000000ULL;

  bench_print_lib();
  net_ignore_sigpipe();
  pump_run(&tcp_transport, 1, budget, cap_ms, "conn1_mb_per_s");
  pump_run(&tcp_transport, 100, budget, cap_ms, "conn100_mb_per_s");
  return 0;
}
