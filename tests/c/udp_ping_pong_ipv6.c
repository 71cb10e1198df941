/* Ping-pong over ::1, or one line saying the host has no IPv6 loopback
 * (see udp_ping_pong.h). */
#define PING_FAMILY AF_INET6
#include "udp_ping_pong.h"
