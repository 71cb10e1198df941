/*
 * ruv: libuv rebuilt in Rust.
 * uv/version.h -- the libuv release whose ABI this header reproduces.
 */
#ifndef UV_VERSION_H
#define UV_VERSION_H

/* ruv implements the libuv 1.44.2 interface. */
#define UV_VERSION_MAJOR 1
#define UV_VERSION_MINOR 44
#define UV_VERSION_PATCH 2
#define UV_VERSION_IS_RELEASE 1
#define UV_VERSION_SUFFIX ""

/* 0xMMmmpp, as returned by uv_version(). */
#define UV_VERSION_HEX                                                        \
  ((UV_VERSION_MAJOR << 16) | (UV_VERSION_MINOR << 8) | (UV_VERSION_PATCH))

#endif /* UV_VERSION_H */
