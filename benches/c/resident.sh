#!/usr/bin/env bash
# benches/c/resident.sh — how much of its libuv.so each C benchmark keeps
# resident, ruv's against the system libuv's.
#
# Runs each program built against the *system* uv.h (target/bench-c/libuv/,
# built by run.sh) with each library in turn: ruv's through LD_LIBRARY_PATH,
# then the system's. A helper preloaded into the program
# (tools/resident_at_exit.c) sums the library's resident KiB from
# /proc/self/smaps when the program exits. The kernel maps a file's pages in
# 64 KiB windows around each page touched, so this depends on how the
# library's code is laid out (ffi/loop-core.ld) as much as on its size. One
# run can differ from the next by 50-100 KiB (what runs at exit varies), so
# the table shows medians.
#
# Usage: benches/c/resident.sh [benchmark ...]   (default: every benches/c/*.c)
# Environment: BENCH_ROUNDS=7 (runs per program and library),
#   BENCH_SKIP_BUILD=1 (do not run cargo build), CC.
# Output: a markdown table on stdout, also in target/bench-c/resident.md.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/target/bench-c
ROUNDS=${BENCH_ROUNDS:-7}
CC=${CC:-cc}
HELPER=$OUT/resident_at_exit.so

unset LD_LIBRARY_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH LD_PRELOAD
case "$ROUNDS" in '' | *[!0-9]* | 0) echo "BENCH_ROUNDS must be a positive integer" >&2; exit 2 ;; esac

BENCHES=()
if [ $# -gt 0 ]; then
  for b in "$@"; do b=${b%.c}; BENCHES+=("${b##*/}"); done
else
  for f in "$HERE"/*.c; do b=${f##*/}; BENCHES+=("${b%.c}"); done
fi

BENCH_BUILD_ONLY=1 "$HERE/run.sh" "${BENCHES[@]}" >/dev/null 2>"$OUT/resident-build.log" ||
  { echo "building failed, see $OUT/resident-build.log" >&2; exit 1; }
"$CC" -O2 -Wall -shared -fPIC -o "$HELPER" "$HERE/tools/resident_at_exit.c" ||
  { echo "cannot build the preload helper" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

# resident libdir program: the library's resident KiB at exit, or nothing
# if the run failed or loaded the other library (each program prints
# "INFO lib=<path>" of the libuv.so it runs on).
resident() {
  local out lib
  out=$(LD_LIBRARY_PATH=$1 LD_PRELOAD=$HELPER timeout 120 "$OUT/libuv/$2" 2>&1 </dev/null)
  lib=$(sed -n 's/^INFO lib=//p' <<<"$out")
  case "$1,$lib" in
    , | ,"$ROOT"/* | ?*,) echo "[resident] $2 loaded ${lib:-no library}, not the one meant" >&2; return ;;
    ?*,"$1"/*) ;;
    ?*,*) echo "[resident] $2 loaded $lib, not $1's" >&2; return ;;
  esac
  sed -n 's/^RESIDENT libuv_kib=//p' <<<"$out"
}

TABLE="| program | ruv's libuv.so (KiB, median) | libuv's (KiB, median) |
|---|---:|---:|"
for b in "${BENCHES[@]}"; do
  [ -x "$OUT/libuv/$b" ] || { echo "[resident] $b was not built, skipped" >&2; continue; }
  echo "[resident] $b: $ROUNDS rounds" >&2
  ruv=() sys=()
  for _ in $(seq "$ROUNDS"); do
    ruv+=("$(resident "$ROOT/target/release" "$b")")
    sys+=("$(resident "" "$b")")
  done
  TABLE+="
| $b | $(printf '%s\n' "${ruv[@]}" | grep . | median) | $(printf '%s\n' "${sys[@]}" | grep . | median) |"
done
echo "$TABLE" | tee "$OUT/resident.md"
