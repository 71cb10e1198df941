#!/usr/bin/env bash
# benches/c/run.sh — build ruv's libuv.so and every benches/c/*.c twice (once
# against ruv, once against the system libuv), run them alternately and print
# a markdown table of medians with ruv/libuv ratios (> 1.0 = ruv better).
#
# Usage: benches/c/run.sh [benchmark ...]      (default: every benches/c/*.c)
# Environment:
#   BENCH_ROUNDS=3        runs of each program per library (median is shown)
#   BENCH_TIMEOUT=60      seconds before one run is killed and counted failed
#   BENCH_SKIP_BUILD=1    do not run cargo build (use target/release as is)
#   BENCH_BUILD_ONLY=1    build the library and the programs, print the notes,
#                         run nothing (syscalls.sh uses this)
#   CC=cc                 C compiler
# Output: the table on stdout, also written to target/bench-c/results.md;
# binaries in target/bench-c/{ruv,libuv}/, raw outputs in target/bench-c/runs/.
# Exit status: 0 unless a program failed against the *system* libuv (that
# would be a bug in the benchmark itself) or nothing could be built at all.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${BENCH_ROUNDS:-3}
TIMEOUT=${BENCH_TIMEOUT:-60}
CC=${CC:-cc}
OUT=$ROOT/target/bench-c
RUV_LIBDIR=$ROOT/target/release
CFLAGS_COMMON=(-O2 -Wall)
LIBS_COMMON=(-lpthread -ldl -lm)

# Nothing from the environment may redirect either build to the other
# library: the system build must never see target/release, and ours must
# only use it through its own rpath.
unset LD_LIBRARY_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH LD_PRELOAD

case "$ROUNDS" in '' | *[!0-9]* | 0) echo "BENCH_ROUNDS must be a positive integer" >&2; exit 2 ;; esac

mkdir -p "$OUT/ruv" "$OUT/libuv" "$OUT/runs" "$OUT/build-logs"
rm -f "$OUT"/runs/* "$OUT"/build-logs/*
RESULTS=$OUT/results.tsv # impl bench metric unit better value round
STATUS=$OUT/status.tsv   # impl bench round status
: >"$RESULTS"
: >"$STATUS"
NOTES=()
note() { NOTES+=("$*"); }
log() { echo "[bench-c] $*" >&2; }

# ---- which benchmarks ------------------------------------------------------
BENCHES=()
if [ $# -gt 0 ]; then
  for b in "$@"; do
    b=${b%.c}
    b=${b##*/}
    if [ -f "$HERE/$b.c" ]; then BENCHES+=("$b"); else echo "no such benchmark: $b" >&2; exit 2; fi
  done
else
  for f in "$HERE"/*.c; do
    [ -e "$f" ] || continue
    b=${f##*/}
    BENCHES+=("${b%.c}")
  done
fi
[ ${#BENCHES[@]} -gt 0 ] || { echo "no benchmarks found in $HERE" >&2; exit 2; }

command -v "$CC" >/dev/null 2>&1 || { echo "no C compiler ($CC)" >&2; exit 2; }

# ---- ruv: build the library ----------------------------------------------
RUV_OK=1
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "cargo build --release -p ruv-ffi"
  if ! (cd "$ROOT" && cargo build --release -p ruv-ffi) >"$OUT/build-logs/cargo.log" 2>&1; then
    RUV_OK=0
    note "ruv: \`cargo build --release -p ruv-ffi\` failed (see target/bench-c/build-logs/cargo.log): $(grep -m1 -E '^error' "$OUT/build-logs/cargo.log")"
  fi
fi
if [ "$RUV_OK" = 1 ] && [ ! -f "$RUV_LIBDIR/libuv.so" ]; then
  RUV_OK=0
  note "ruv: $RUV_LIBDIR/libuv.so does not exist"
fi
if [ "$RUV_OK" = 1 ] && [ ! -e "$RUV_LIBDIR/libuv.so.1" ]; then
  # The build script normally lays this symlink down; make the runs work anyway.
  ln -sf libuv.so "$RUV_LIBDIR/libuv.so.1"
fi
RUV_CFLAGS=()
if [ -f "$ROOT/include/uv.h" ]; then
  RUV_CFLAGS=(-I"$ROOT/include")
  RUV_HEADER="include/uv.h"
else
  RUV_HEADER="system /usr/include/uv.h (include/uv.h not present yet)"
  note "ruv: include/uv.h not present; ruv binaries were compiled against the system header"
fi
if [ "$RUV_OK" = 1 ]; then
  NEXPORTS=$(nm -D --defined-only "$RUV_LIBDIR/libuv.so" 2>/dev/null | grep -c ' T uv_')
  note "ruv: target/release/libuv.so exports $NEXPORTS uv_* functions"
fi

# ---- system libuv: present? ----------------------------------------------
SYS_OK=1
SYS_VERSION=
printf '#include <uv.h>\n#include <stdio.h>\nint main(void){puts(uv_version_string());return 0;}\n' >"$OUT/probe.c"
if ! "$CC" -o "$OUT/libuv/probe" "$OUT/probe.c" -luv >"$OUT/build-logs/probe.log" 2>&1; then
  SYS_OK=0
  note "system libuv not found (no uv.h or -luv): ruv figures only"
else
  SYS_VERSION=$("$OUT/libuv/probe" 2>/dev/null)
  case "$(ldd "$OUT/libuv/probe" 2>/dev/null | grep libuv)" in
    *"$RUV_LIBDIR"*) SYS_OK=0; note "system build resolved libuv to ruv's ($RUV_LIBDIR): refusing to compare" ;;
  esac
fi

# ---- compile ---------------------------------------------------------------
declare -A BUILT
for b in "${BENCHES[@]}"; do
  if [ "$RUV_OK" = 1 ]; then
    if "$CC" "${CFLAGS_COMMON[@]}" "${RUV_CFLAGS[@]}" -o "$OUT/ruv/$b" "$HERE/$b.c" \
        "$RUV_LIBDIR/libuv.so" -Wl,--disable-new-dtags,-rpath,"$RUV_LIBDIR" \
        "${LIBS_COMMON[@]}" >"$OUT/build-logs/ruv-$b.log" 2>&1; then
      BUILT[ruv/$b]=1
    else
      missing=$(grep -o "undefined reference to \`[a-z_0-9]*'" "$OUT/build-logs/ruv-$b.log" |
        sed "s/.*\`\(.*\)'/\1/" | sort -u | tr '\n' ' ')
      if [ -n "$missing" ]; then
        note "ruv/$b: link failed, not exported yet: ${missing% }"
      else
        note "ruv/$b: build failed: $(grep -m1 -E 'error' "$OUT/build-logs/ruv-$b.log")"
      fi
    fi
  fi
  if [ "$SYS_OK" = 1 ]; then
    if "$CC" "${CFLAGS_COMMON[@]}" -o "$OUT/libuv/$b" "$HERE/$b.c" -luv \
        "${LIBS_COMMON[@]}" >"$OUT/build-logs/libuv-$b.log" 2>&1; then
      BUILT[libuv/$b]=1
    else
      note "libuv/$b: build failed against the system libuv: $(grep -m1 -E 'error' "$OUT/build-logs/libuv-$b.log")"
    fi
  fi
done

if [ "${BENCH_BUILD_ONLY:-0}" = 1 ]; then
  [ ${#NOTES[@]} -eq 0 ] || for n in "${NOTES[@]}"; do echo "- $n"; done
  exit 0
fi

# ---- run, alternating ------------------------------------------------------
SYS_FAILED=0
run_one() { # impl bench round
  local impl=$1 b=$2 r=$3 bin=$OUT/$1/$2 out=$OUT/runs/$1-$2-$3.out err=$OUT/runs/$1-$2-$3.err rc lib
  [ "${BUILT[$impl/$b]:-0}" = 1 ] || return 0
  timeout -k 5 "$TIMEOUT" "$bin" >"$out" 2>"$err" </dev/null
  rc=$?
  lib=$(sed -n 's/^INFO lib=//p' "$out" | head -n1)
  local status=ok
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    status="timed out after ${TIMEOUT}s"
  elif [ "$rc" -gt 128 ]; then
    status="killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null || echo '?'))"
  elif [ "$rc" != 0 ]; then
    status="exit $rc: $(head -c 200 "$err" | head -n1)"
  elif ! grep -q '^RESULT ' "$out"; then
    status="printed no RESULT"
  else
    local real
    real=$(readlink -f "$lib" 2>/dev/null || echo "$lib")
    case "$impl:$real" in
      ruv:"$RUV_LIBDIR"/*) ;;
      ruv:*) status="ran against $lib, not ruv's" ;;
      libuv:"$RUV_LIBDIR"/*) status="ran against ruv's $lib, not the system's" ;;
    esac
  fi
  printf '%s\t%s\t%s\t%s\n' "$impl" "$b" "$r" "$status" >>"$STATUS"
  if [ "$status" = ok ]; then
    sed -n 's/^RESULT name=\([^ ]*\) value=\([^ ]*\) unit=\([^ ]*\) better=\([a-z]*\).*/\1\t\3\t\4\t\2/p' "$out" |
      while IFS=$'\t' read -r m u bt v; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$impl" "$b" "$m" "$u" "$bt" "$v" "$r" >>"$RESULTS"
      done
  else
    log "$impl/$b round $r: $status"
    [ "$impl" = libuv ] && SYS_FAILED=1
  fi
}

for ((r = 1; r <= ROUNDS; r++)); do
  for b in "${BENCHES[@]}"; do
    # Alternate, and swap who goes first every round so neither library
    # always runs on the warmer (or noisier) slot.
    if ((r % 2)); then order=(ruv libuv); else order=(libuv ruv); fi
    for impl in "${order[@]}"; do
      [ "${BUILT[$impl/$b]:-0}" = 1 ] || continue
      log "round $r/$ROUNDS: $impl/$b"
      run_one "$impl" "$b" "$r"
    done
  done
done

# ---- report ------------------------------------------------------------------
# Failure summaries per impl/bench (first distinct failure reason).
for impl in ruv libuv; do
  for b in "${BENCHES[@]}"; do
    fails=$(awk -F'\t' -v i="$impl" -v b="$b" '$1==i && $2==b && $4!="ok"' "$STATUS" | wc -l)
    if [ "$fails" -gt 0 ]; then
      why=$(awk -F'\t' -v i="$impl" -v b="$b" '$1==i && $2==b && $4!="ok" {print $4; exit}' "$STATUS")
      note "$impl/$b: $fails of $ROUNDS runs failed: $why (stderr in target/bench-c/runs/$impl-$b-*.err)"
    fi
  done
done

{
  echo "## ruv vs libuv — C benchmarks (benches/c)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), host: $(nproc) cores, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- rounds: $ROUNDS per library, alternating; figures are medians"
  echo "- ruv: target/release/libuv.so, header: $RUV_HEADER"
  if [ "$SYS_OK" = 1 ]; then
    echo "- libuv: system libuv $SYS_VERSION"
  else
    echo "- libuv: system libuv absent — ruv figures only"
  fi
  echo "- ratio: ruv/libuv for higher-is-better metrics, libuv/ruv for lower-is-better ones, so > 1.00 means ruv is better"
  echo
  echo "- paired: each round's ratio (the two runs of one round go back to back), the median of those, and in how many rounds ruv did better; steadier than the ratio of medians when the machine drifts"
  echo "- 95 % interval: where the median paired ratio lies, from the rounds' order statistics (six rounds or more); an interval that holds 1.00 means the two are level within this machine's noise"
  echo
  echo "| benchmark | metric | unit | ruv (median) | libuv (median) | ratio (>1 = ruv better) | paired ratio | 95 % interval | ruv better in |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
  for b in "${BENCHES[@]}"; do
    ruv_state=ok
    lib_state=ok
    [ "$RUV_OK" = 1 ] && [ "${BUILT[ruv/$b]:-0}" = 1 ] || ruv_state=err
    [ "$SYS_OK" = 1 ] || lib_state=absent
    [ "$SYS_OK" = 1 ] && [ "${BUILT[libuv/$b]:-0}" != 1 ] && lib_state=err
    awk -F'\t' -v b="$b" -v rs="$ruv_state" -v ls="$lib_state" "$(cat "$HERE/median.awk")"'
      $2 == b {
        key = $1 SUBSEP $3
        if (!($3 in seen)) { seen[$3] = 1; order[++nm] = $3; unit[$3] = $4; better[$3] = $5 }
        vals[key, ++cnt[key]] = $6 + 0
        round[$1, $3, $7] = $6 + 0
        rounds[$3, $7] = 1
      }
      END {
        if (nm == 0) {
          printf "| %s | - | - | n/a (error) | %s | - | - | - | - |\n", b, (ls == "absent" ? "(absent)" : "n/a (error)")
          exit
        }
        for (k = 1; k <= nm; k++) {
          m = order[k]
          rk = "ruv" SUBSEP m; lk = "libuv" SUBSEP m
          rv = ""; lv = ""
          if (cnt[rk] > 0) rv = median(rk)
          if (cnt[lk] > 0) lv = median(lk)
          rtxt = (rv == "" ? "n/a (error)" : fmt(rv))
          ltxt = (lv == "" ? (ls == "absent" ? "(absent)" : "n/a (error)") : fmt(lv))
          ratio = "-"
          if (rv != "" && lv != "") {
            if (better[m] == "lower") { num = lv; den = rv } else { num = rv; den = lv }
            if (den == 0 && num == 0) ratio = "1.00"
            else if (den == 0) ratio = "inf"
            else ratio = sprintf("%.2f", num / den)
          }
          # Rounds where both libraries gave a figure, each as its own ratio.
          pk = "pair" SUBSEP m; cnt[pk] = 0; wins = 0
          for (rkey in rounds) {
            split(rkey, part, SUBSEP)
            if (part[1] != m || !(("ruv", m, part[2]) in round) || !(("libuv", m, part[2]) in round)) continue
            rv2 = round["ruv", m, part[2]]; lv2 = round["libuv", m, part[2]]
            if (better[m] == "lower") { num = lv2; den = rv2 } else { num = rv2; den = lv2 }
            if (den == 0) continue
            vals[pk, ++cnt[pk]] = num / den
            if (num > den) wins++
          }
          paired = "-"; won = "-"; band = "-"
          if (cnt[pk] > 0) { paired = sprintf("%.2f", median(pk)); won = sprintf("%d of %d", wins, cnt[pk]) }
          if (median_interval(pk) != "") band = median_interval(pk)
          printf "| %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s |\n", b, m, unit[m], better[m], rtxt, ltxt, ratio, paired, band, won
        }
      }' "$RESULTS"
  done
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    for n in "${NOTES[@]}"; do echo "- $n"; done
  fi
} | tee "$OUT/results.md"

if [ "$SYS_FAILED" = 1 ]; then
  echo "error: a benchmark failed against the system libuv (see notes)" >&2
  exit 1
fi
any=$(awk -F'\t' '$4=="ok"' "$STATUS" | wc -l)
[ "$any" -gt 0 ] || { echo "error: no benchmark ran successfully" >&2; exit 1; }
exit 0
