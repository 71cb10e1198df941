/* Ping-pong between two UDP handles on loopback, for the family the
 * including program defines as PING_FAMILY: every send, receive and
 * "nothing more" callback in order, with queue counts and activity. */
#include "udp_common.h"

#define ROUNDS 4

static uv_udp_t client, server;
static struct sockaddr_storage client_addr, server_addr;
static uv_udp_send_t send_reqs[2];
static char out[2][32];
static int pongs;

static const char* who(uv_udp_t* h) { return h == &client ? "client" : "server"; }

static void on_send(uv_udp_send_t* req, int status) {
  uv_udp_t* h = req->handle;
  T("%s send_cb: %s, queue %zu/%zu, active %s", who(h), ename(status),
    uv_udp_get_send_queue_size(h), uv_udp_get_send_queue_count(h),
    yesno(uv_is_active((uv_handle_t*) h)));
}

static void send_text(uv_udp_t* h, const char* text, const struct sockaddr* to) {
  int i = h == &client ? 0 : 1;
  uv_buf_t buf;
  int r;
  snprintf(out[i], sizeof out[i], "%s", text);
  buf = uv_buf_init(out[i], (unsigned) strlen(out[i]));
  r = uv_udp_send(&send_reqs[i], h, &buf, 1, to, on_send);
  T("%s send %s: %s, queue %zu/%zu", who(h), text, ename(r), h->send_queue_size,
    h->send_queue_count);
  CHECK(r == 0);
}

static void on_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  static char slabs[2][128];
  T("%s alloc: suggested %zu", who((uv_udp_t*) h), suggested);
  buf->base = slabs[(uv_udp_t*) h == &client ? 0 : 1];
  buf->len = sizeof slabs[0];
}

static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                    const struct sockaddr* addr, unsigned flags) {
  char text[64];
  if (addr == NULL) {
    T("%s recv: nread %s, no address, flags %u", who(h), ename((int) nread), flags);
    return;
  }
  CHECK(nread >= 0 && nread < (ssize_t) sizeof text);
  memcpy(text, buf->base, nread);
  text[nread] = '\0';
  T("%s recv: \"%s\" from %s (%s port), flags %u", who(h), text, addr_text(addr),
    port_of(addr) == port_of((const struct sockaddr*) (h == &client ? &server_addr : &client_addr))
        ? "the peer's" : "another",
    flags);
  if (h == &server) {
    char reply[32];
    snprintf(reply, sizeof reply, "PONG%s", text + 4);
    send_text(&server, reply, addr);
  } else if (++pongs < ROUNDS) {
    char ping[32];
    snprintf(ping, sizeof ping, "PING %d", pongs);
    send_text(&client, ping, (const struct sockaddr*) &server_addr);
  } else {
    T("client: done after %d rounds", pongs);
    uv_close((uv_handle_t*) &client, NULL);
    uv_close((uv_handle_t*) &server, NULL);
  }
}

int main(void) {
  uv_loop_t* loop = uv_default_loop();
  int r;

  CHECK(uv_udp_init(loop, &server) == 0);
  CHECK(uv_udp_init(loop, &client) == 0);
  r = bind_loopback(&server, PING_FAMILY, &server_addr);
  if (r != 0) {
    /* No loopback address of this family on this host: the same line on
     * both libraries. */
    T("loopback of this family unavailable");
    finish_loop(loop);
    return 0;
  }
  CHECK(bind_loopback(&client, PING_FAMILY, &client_addr) == 0);
  T("bound: server on %s, client on %s", addr_text((struct sockaddr*) &server_addr),
    addr_text((struct sockaddr*) &client_addr));
  CHECK(uv_udp_recv_start(&server, on_alloc, on_recv) == 0);
  CHECK(uv_udp_recv_start(&client, on_alloc, on_recv) == 0);
  send_text(&client, "PING 0", (const struct sockaddr*) &server_addr);
  r = uv_run(loop, UV_RUN_DEFAULT);
  T("run: %d", r);
  finish_loop(loop);
  return 0;
}
