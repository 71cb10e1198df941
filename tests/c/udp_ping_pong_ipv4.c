/* Ping-pong over 127.0.0.1 (see udp_ping_pong.h). */
#define PING_FAMILY AF_INET
#include "udp_ping_pong.h"
