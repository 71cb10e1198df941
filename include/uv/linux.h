/*
 * ruv: libuv rebuilt in Rust.
 * uv/linux.h -- sizes of the opaque, implementation-owned areas on Linux.
 *
 * Each RUV_*_PRIVATE_WORDS value is the number of pointer-sized words that
 * follow the public members of that type, chosen so that every structure has
 * exactly the size and member offsets of libuv 1.44 on Linux x86_64 (LP64).
 * The Rust side (ruv-ffi) owns the meaning of these bytes; C code must not
 * touch them.
 */
#ifndef UV_LINUX_H
#define UV_LINUX_H

/* Loop: everything after stop_flag (offset 56 .. 848). */
#define RUV_LOOP_PRIVATE_WORDS 99

/* Handles: the area after the type's own public members. */
#define RUV_STREAM_PRIVATE_WORDS 16    /* 120 .. 248 */
#define RUV_PIPE_PRIVATE_WORDS 1       /* 256 .. 264 */
#define RUV_TTY_PRIVATE_WORDS 8        /* 248 .. 312 */
#define RUV_UDP_PRIVATE_WORDS 13       /* 112 .. 216 */
#define RUV_POLL_PRIVATE_WORDS 7       /* 104 .. 160 */
#define RUV_TIMER_PRIVATE_WORDS 4      /*  96 .. 128, before `timeout` */
#define RUV_TIMER_TAIL_WORDS 2         /* 136 .. 152, after `timeout` */
#define RUV_LIST_PRIVATE_WORDS 3       /* prepare/check/idle: 96 .. 120 */
#define RUV_ASYNC_PRIVATE_WORDS 4      /*  96 .. 128 */
#define RUV_PROCESS_PRIVATE_WORDS 3    /* 112 .. 136 */
#define RUV_FS_EVENT_PRIVATE_WORDS 4   /* 104 .. 136 */
#define RUV_SIGNAL_PRIVATE_WORDS 5     /* 112 .. 152 */

/* Requests: the area after the type's own public members. */
#define RUV_WRITE_PRIVATE_WORDS 13     /*  88 .. 192 */
#define RUV_CONNECT_PRIVATE_WORDS 2    /*  80 .. 96 */
#define RUV_UDP_SEND_PRIVATE_WORDS 30  /*  80 .. 320 */
#define RUV_GETADDRINFO_PRIVATE_WORDS 9   /*  72 .. 144, before `addrinfo` */
#define RUV_GETNAMEINFO_PRIVATE_WORDS 22  /*  72 .. 248, before the flags int */
#define RUV_FS_PRIVATE_WORDS 21        /* 272 .. 440 */

/* Directory stream: one word after the public reserved slots. */
#define RUV_DIR_PRIVATE_WORDS 1        /*  48 .. 56 */

/* Byte sizes of the pthread types, used only when a strict ISO C mode hides
 * the pthread typedefs (see uv/unix.h). */
#define RUV_RWLOCK_BYTES 56
#define RUV_BARRIER_BYTES 32

#endif /* UV_LINUX_H */
