#!/usr/bin/env bash
# benches/c/syscalls.sh — system calls per TCP round trip, ruv vs libuv.
#
# Runs tcp_ping_pong (built by run.sh, against ruv and against the system
# libuv) under `strace -f -c` twice per library: once with N round trips
# and no time cap, once with 0 round trips (start-up, connect, accept and
# teardown only). Per round trip = (calls in the N run - calls in the 0
# run) / N, so the process start-up, the dynamic loader and the connection
# setup cancel out and strace's slowdown does not matter (it changes the
# time, not the calls made). Failed calls (EAGAIN...) count as calls; the
# table shows how many of them failed.
#
# Usage: benches/c/syscalls.sh [trips]     (default 20000)
# Environment: BENCH_SKIP_BUILD=1 (do not run cargo build), CC.
# Output: a markdown table on stdout, also in target/bench-c/syscalls.md;
# strace summaries in target/bench-c/syscalls/.
# Exit status: 0 unless the libuv runs failed (a bug in the benchmark),
# strace is missing, or nothing could be measured.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/target/bench-c
DIR=$OUT/syscalls
TRIPS=${1:-20000}
BENCH=tcp_ping_pong

unset LD_LIBRARY_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH LD_PRELOAD
case "$TRIPS" in '' | *[!0-9]* | 0) echo "trips must be a positive integer" >&2; exit 2 ;; esac
command -v strace >/dev/null 2>&1 || { echo "strace is not installed" >&2; exit 2; }
mkdir -p "$DIR"
rm -f "$DIR"/*

# Build both binaries the way run.sh does (same flags, same checks); remove
# the old ones first so that a failed build cannot leave a stale one behind.
rm -f "$OUT/ruv/$BENCH" "$OUT/libuv/$BENCH"
BUILD_NOTES=$(BENCH_BUILD_ONLY=1 "$HERE/run.sh" "$BENCH" 2>"$DIR/build.log")

NOTES=()
# shellcheck source=notes.sh
. "$HERE/notes.sh"
declare -A CALLS ERRS OK
# measure impl n: strace summary of `$BENCH n 0` into $DIR/impl-n.txt
measure() {
  local impl=$1 n=$2 bin=$OUT/$1/$BENCH sum=$DIR/$1-$2.txt out=$DIR/$1-$2.out rc trips
  strace -f -c -U name,calls,errors -o "$sum" "$bin" "$n" 0 >"$out" 2>"$DIR/$impl-$n.err" </dev/null
  rc=$?
  trips=$(sed -n 's/^INFO trips=\([0-9]*\).*/\1/p' "$out")
  if [ "$rc" != 0 ] || [ "$trips" != "$n" ]; then
    NOTES+=("$impl: \`$BENCH $n 0\` under strace failed (exit $rc, trips=${trips:-?}): $(head -n1 "$DIR/$impl-$n.err")")
    return 1
  fi
  # Lines: name calls [errors]; skip the header, rules and the total.
  while read -r name calls errs; do
    CALLS[$impl,$n,$name]=$calls
    ERRS[$impl,$n,$name]=${errs:-0}
  done < <(awk 'NR > 2 && $1 !~ /^-/ && $1 != "total" && NF >= 2 { print $1, $2, (NF >= 3 ? $3 : 0) }' "$sum")
  CALLS[$impl,$n,total]=$(awk '$1 == "total" { print $2 }' "$sum")
  ERRS[$impl,$n,total]=$(awk '$1 == "total" { print (NF >= 3 ? $3 : 0) }' "$sum")
  echo "$(sed -n 's/^INFO lib=//p' "$out")" >"$DIR/$impl.lib"
  return 0
}

IMPLS=()
for impl in ruv libuv; do
  if [ ! -x "$OUT/$impl/$BENCH" ]; then
    NOTES+=("$impl: $BENCH was not built (see the build notes below)")
    continue
  fi
  echo "[syscalls] strace $impl/$BENCH: 0 and $TRIPS round trips" >&2
  if measure "$impl" 0 && measure "$impl" "$TRIPS"; then
    OK[$impl]=1
    IMPLS+=("$impl")
  fi
done

per_trip() { # impl name -> "calls/trip" or "calls/trip (errors/trip failed)"
  local impl=$1 name=$2 c0 c1 e0 e1
  c0=${CALLS[$impl,0,$name]:-0} c1=${CALLS[$impl,$TRIPS,$name]:-0}
  e0=${ERRS[$impl,0,$name]:-0} e1=${ERRS[$impl,$TRIPS,$name]:-0}
  awk -v c0="$c0" -v c1="$c1" -v e0="$e0" -v e1="$e1" -v n="$TRIPS" 'BEGIN {
    c = (c1 - c0) / n; e = (e1 - e0) / n
    s = sprintf("%.2f", c)
    if (e >= 0.005) s = s sprintf(" (%.2f failed)", e)
    print s
  }'
}

{
  echo "## System calls per TCP round trip ($BENCH, $TRIPS round trips)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load avg $(cut -d' ' -f1-3 /proc/loadavg)"
  for impl in "${IMPLS[@]}"; do echo "- $impl: $(cat "$DIR/$impl.lib")"; done
  echo "- per round trip = (calls with $TRIPS trips - calls with 0 trips) / $TRIPS, counted by \`strace -f -c\`;"
  echo "  rows below 0.005 per trip on both sides (setup calls that cancel out) are omitted"
  echo
  if [ ${#IMPLS[@]} -gt 0 ]; then
    printf '| syscall |'; for impl in "${IMPLS[@]}"; do printf ' %s |' "$impl"; done; echo
    printf '|---|'; for impl in "${IMPLS[@]}"; do printf -- '---:|'; done; echo
    # Every syscall name seen in an N-trip run, ordered by the largest count.
    names=$(for impl in "${IMPLS[@]}"; do
      awk 'NR > 2 && $1 !~ /^-/ && $1 != "total" && NF >= 2 { print $2, $1 }' "$DIR/$impl-$TRIPS.txt"
    done | sort -k1,1nr | awk '!seen[$2]++ { print $2 }')
    for name in $names; do
      row="| $name |"
      show=0
      for impl in "${IMPLS[@]}"; do
        v=$(per_trip "$impl" "$name")
        row="$row $v |"
        case "${v%% *}" in 0.00 | -0.00) ;; *) show=1 ;; esac
      done
      [ "$show" = 1 ] && echo "$row"
    done
    row="| **total** |"
    for impl in "${IMPLS[@]}"; do row="$row **$(per_trip "$impl" total)** |"; done
    echo "$row"
    echo
    echo "Raw totals (every call of the process, start-up included):"
    for impl in "${IMPLS[@]}"; do
      echo "- $impl: ${CALLS[$impl,$TRIPS,total]} calls with $TRIPS trips, ${CALLS[$impl,0,total]} with 0 trips"
    done
  fi
  print_notes
} | tee "$OUT/syscalls.md"

[ "${OK[libuv]:-0}" = 1 ] || [ ! -x "$OUT/libuv/$BENCH" ] || exit 1
[ ${#IMPLS[@]} -gt 0 ] || exit 1
exit 0
