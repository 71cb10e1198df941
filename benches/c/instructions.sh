#!/usr/bin/env bash
# benches/c/instructions.sh — user-space instructions per round trip, ruv vs
# libuv, split by where they run: the uv library, libc, the program itself.
#
# Wall-clock ratios of the network programs move by ±10-20 % between runs on
# a shared machine, because more than 90 % of their time is in the kernel.
# Instruction counts do not move: this runs tcp_ping_pong and udp_ping_pong
# (built by run.sh) under `valgrind --tool=callgrind` with N round trips and
# with 1 (start-up, connect, teardown and one trip), and reports
# (instructions in the N run - instructions in the 1 run) / (N - 1) for each
# ELF object. Both libraries run the same program text, so the program and libc
# rows differ only where the libraries call libc differently; the library
# row is the loop's own cost. Pair it with syscalls.sh (the kernel side).
#
# Usage: benches/c/instructions.sh [trips]     (default 5000)
# Environment: BENCH_SKIP_BUILD=1 (do not run cargo build), CC.
# Output: a markdown table on stdout, also in target/bench-c/instructions.md;
# callgrind files in target/bench-c/instructions/.
# Exit status: 0 unless the libuv runs failed (a bug in the benchmark),
# valgrind is missing, or nothing could be measured.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/target/bench-c
DIR=$OUT/instructions
TRIPS=${1:-5000}
PROGRAMS=(tcp_ping_pong udp_ping_pong)

unset LD_LIBRARY_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH LD_PRELOAD
case "$TRIPS" in '' | *[!0-9]* | 0 | 1) echo "trips must be an integer above 1" >&2; exit 2 ;; esac
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed" >&2; exit 2; }
mkdir -p "$DIR"
rm -f "$DIR"/*

# Build the programs the way run.sh does; remove the old ones first so that
# a failed build cannot leave a stale one behind.
for p in "${PROGRAMS[@]}"; do rm -f "$OUT/ruv/$p" "$OUT/libuv/$p"; done
BUILD_NOTES=$(BENCH_BUILD_ONLY=1 "$HERE/run.sh" "${PROGRAMS[@]}" 2>"$DIR/build.log")

NOTES=()
# shellcheck source=notes.sh
. "$HERE/notes.sh"
declare -A COST OK

# Self cost (Ir) per ELF object in a callgrind file: one "object Ir" line
# each. Cost lines follow "fn=" context; the line after "calls=" is the
# inclusive cost of a call, counted in the callee already, so it is skipped.
# Object names are compressed: "(3) /path" defines id 3, "(3)" reuses it.
by_object() {
  awk '
    function name(spec,   id, rest) {
      if (match(spec, /^\([0-9]+\)/)) {
        id = substr(spec, 2, RLENGTH - 2)
        rest = substr(spec, RLENGTH + 1)
        sub(/^ /, "", rest)
        if (rest != "") names[id] = rest
        return names[id]
      }
      return spec
    }
    /^ob=/ { ob = name(substr($0, 4)); next }
    /^cob=/ { name(substr($0, 5)); next }
    /^calls=/ { skip = 1; next }
    /^[0-9+*-]/ {
      if (skip) { skip = 0; next }
      if (NF >= 2) cost[ob] += $2
      next
    }
    END { for (o in cost) print o, cost[o] }
  ' "$1"
}

# measure impl program n: callgrind the program with n trips and no time cap.
measure() {
  local impl=$1 prog=$2 n=$3 bin=$OUT/$1/$2 cg=$DIR/$1-$2-$3.cg rc trips obj ir kind
  valgrind --tool=callgrind --callgrind-out-file="$cg" "$bin" "$n" 0 \
    >"$DIR/$impl-$prog-$n.out" 2>"$DIR/$impl-$prog-$n.err" </dev/null
  rc=$?
  trips=$(sed -n 's/^INFO trips=\([0-9]*\).*/\1/p' "$DIR/$impl-$prog-$n.out")
  if [ "$rc" != 0 ] || [ "$trips" != "$n" ]; then
    NOTES+=("$impl: \`$prog $n 0\` under callgrind failed (exit $rc, trips=${trips:-?}): $(grep -v '^==' "$DIR/$impl-$prog-$n.err" | head -n1)")
    return 1
  fi
  while read -r obj ir; do
    case "$obj" in
      */libuv.so*) kind=library ;;
      */libc.so*) kind=libc ;;
      "$bin") kind=program ;;
      *) kind=other ;; # the dynamic loader, valgrind's preload
    esac
    COST[$impl,$prog,$n,$kind]=$((${COST[$impl,$prog,$n,$kind]:-0} + ir))
    COST[$impl,$prog,$n,total]=$((${COST[$impl,$prog,$n,total]:-0} + ir))
  done < <(by_object "$cg")
  sed -n 's/^INFO lib=//p' "$DIR/$impl-$prog-$n.out" >"$DIR/$impl.lib"
  return 0
}

IMPLS=()
for impl in ruv libuv; do
  ok=1
  for prog in "${PROGRAMS[@]}"; do
    if [ ! -x "$OUT/$impl/$prog" ]; then
      NOTES+=("$impl: $prog was not built (see the build notes below)")
      ok=0
      continue
    fi
    echo "[instructions] callgrind $impl/$prog: 1 and $TRIPS round trips" >&2
    measure "$impl" "$prog" 1 && measure "$impl" "$prog" "$TRIPS" || ok=0
  done
  OK[$impl]=$ok
  [ "$ok" = 1 ] && IMPLS+=("$impl")
done

per_trip() { # impl prog kind -> instructions per trip
  local c0=${COST[$1,$2,1,$3]:-0} c1=${COST[$1,$2,$TRIPS,$3]:-0}
  awk -v a="$c0" -v b="$c1" -v n="$TRIPS" 'BEGIN { printf "%.0f", (b - a) / (n - 1) }'
}

{
  echo "## User-space instructions per round trip ($TRIPS round trips, callgrind)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  for impl in "${IMPLS[@]}"; do echo "- $impl: $(cat "$DIR/$impl.lib")"; done
  echo "- per round trip = (instructions with $TRIPS trips - with 1 trip) / $((TRIPS - 1)), by ELF object;"
  echo "  \"library\" is the uv library, \"program\" the benchmark's own code"
  echo
  if [ ${#IMPLS[@]} -gt 0 ]; then
    printf '| program | where |'; for impl in "${IMPLS[@]}"; do printf ' %s |' "$impl"; done
    [ ${#IMPLS[@]} = 2 ] && printf ' libuv/ruv |'
    echo
    printf '|---|---|'; for impl in "${IMPLS[@]}"; do printf -- '---:|'; done
    [ ${#IMPLS[@]} = 2 ] && printf -- '---:|'
    echo
    for prog in "${PROGRAMS[@]}"; do
      for kind in library libc program total; do
        row="| $prog | $kind |"
        vals=()
        for impl in "${IMPLS[@]}"; do
          v=$(per_trip "$impl" "$prog" "$kind")
          vals+=("$v")
          [ "$kind" = total ] && row="$row **$v** |" || row="$row $v |"
        done
        if [ ${#IMPLS[@]} = 2 ]; then
          row="$row $(awk -v r="${vals[0]}" -v l="${vals[1]}" 'BEGIN { if (r > 0) printf "%.2f", l / r; else print "n/a" }') |"
        fi
        echo "$row"
      done
    done
  fi
  print_notes
} | tee "$OUT/instructions.md"

[ "${OK[libuv]:-0}" = 1 ] || [ ! -x "$OUT/libuv/tcp_ping_pong" ] || exit 1
[ ${#IMPLS[@]} -gt 0 ] || exit 1
exit 0
