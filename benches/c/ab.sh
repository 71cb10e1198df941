#!/usr/bin/env bash
# benches/c/ab.sh — compare this checkout's libuv.so with another revision's,
# and with the system libuv, on the same C programs: was a change a gain, a
# loss, or noise?
#
# Usage: benches/c/ab.sh REVISION [benchmark ...]   (default: every program)
# Environment:
#   BENCH_ROUNDS=5        runs of each program per library (median is shown)
#   BENCH_TIMEOUT=60      seconds before one run is killed
#
# It builds REVISION's libuv.so in a git worktree (target/bench-c/ab/), builds
# this checkout's and the programs with run.sh (BENCH_BUILD_ONLY=1), then runs
# each program against the three libraries in turn, round after round, the
# order rotating every round. The programs used are the ones built against
# the *system* uv.h (target/bench-c/libuv/), each library put in place with
# LD_LIBRARY_PATH: the ones built against ruv carry an RPATH, which the loader
# prefers to LD_LIBRARY_PATH, so they would always load this checkout's
# library. Every run's "INFO lib=" line is checked against the library meant.
#
# Output: per metric, the median of each library and the ratio of this
# checkout to REVISION (> 1.00 = this checkout better).

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${BENCH_ROUNDS:-5}
TIMEOUT=${BENCH_TIMEOUT:-60}
OUT=$ROOT/target/bench-c
AB=$OUT/ab

[ $# -ge 1 ] || { grep -m1 '^# Usage:' "$0" | sed 's/^# //' >&2; exit 2; }
REV=$1
shift
case "$ROUNDS" in '' | *[!0-9]* | 0) echo "BENCH_ROUNDS must be a positive integer" >&2; exit 2 ;; esac
COMMIT=$(git -C "$ROOT" rev-parse --verify --short "$REV^{commit}") || exit 2

# ---- the three libraries -------------------------------------------------
BENCH_BUILD_ONLY=1 "$HERE/run.sh" "$@" >/dev/null || exit 1
rm -rf "$AB/src"
git -C "$ROOT" worktree prune
git -C "$ROOT" worktree add --detach --force "$AB/src" "$COMMIT" >/dev/null 2>&1 ||
  { echo "cannot check out $REV" >&2; exit 1; }
# The worktree sits two levels below the repository's parent, where the
# build expects ../shared; point it at the real one if there is one.
[ -e "$ROOT/../shared" ] && ln -sfn "$(cd "$ROOT/../shared" && pwd)" "$AB/shared"
echo "[ab] building $REV ($COMMIT)" >&2
(cd "$AB/src" && CARGO_TARGET_DIR=$AB/target cargo build --release -p ruv-ffi) >"$AB/build.log" 2>&1 ||
  { echo "building $REV failed, see $AB/build.log" >&2; exit 1; }
git -C "$ROOT" worktree remove --force "$AB/src"

declare -A LIBDIR=([this]=$ROOT/target/release [base]=$AB/target/release [libuv]=)

# ---- which programs --------------------------------------------------------
BENCHES=()
if [ $# -gt 0 ]; then
  for b in "$@"; do BENCHES+=("$(basename "${b%.c}")"); done
else
  for f in "$OUT"/libuv/*; do [ -x "$f" ] && BENCHES+=("$(basename "$f")"); done
fi

# ---- runs --------------------------------------------------------------------
RESULTS=$AB/results.tsv # lib bench metric better value
: >"$RESULTS"
order=(this base libuv)
for ((r = 1; r <= ROUNDS; r++)); do
  for b in "${BENCHES[@]}"; do
    for lib in "${order[@]}"; do
      echo "[ab] round $r/$ROUNDS: $lib/$b" >&2
      out=$(cd "$OUT/libuv" && LD_LIBRARY_PATH=${LIBDIR[$lib]} timeout "$TIMEOUT" "./$b" 2>/dev/null)
      used=$(sed -n 's/^INFO lib=//p' <<<"$out" | head -n1)
      want=${LIBDIR[$lib]}
      if [ -n "$want" ] && [ "${used#"$want"/}" = "$used" ]; then
        echo "[ab] $lib/$b loaded $used, not a library from $want: run dropped" >&2
        continue
      fi
      sed -n 's/^RESULT name=\([^ ]*\) value=\([^ ]*\) unit=[^ ]* better=\([a-z]*\).*/\1\t\3\t\2/p' <<<"$out" |
        while IFS=$'\t' read -r m bt v; do printf '%s\t%s\t%s\t%s\t%s\n' "$lib" "$b" "$m" "$bt" "$v"; done >>"$RESULTS"
    done
  done
  order=("${order[@]:1}" "${order[0]}")
done

# ---- report ------------------------------------------------------------------
echo "## this checkout vs $REV ($COMMIT) vs the system libuv: medians of $ROUNDS runs"
echo
echo "| benchmark | metric | this | $REV | libuv | this / $REV (>1 = this better) |"
echo "|---|---|---:|---:|---:|---:|"
awk -F'\t' "$(cat "$HERE/median.awk")"'
  function shown(x) { return x == "" ? "n/a" : fmt(x) }
  {
    row = $2 SUBSEP $3
    if (!(row in seen)) { seen[row] = 1; rows[++nr] = row; better[row] = $4 }
    key = $1 SUBSEP row
    vals[key, ++cnt[key]] = $5 + 0
  }
  END {
    for (k = 1; k <= nr; k++) {
      row = rows[k]; split(row, p, SUBSEP)
      t = cnt["this" SUBSEP row] ? median("this" SUBSEP row) : ""
      b = cnt["base" SUBSEP row] ? median("base" SUBSEP row) : ""
      l = cnt["libuv" SUBSEP row] ? median("libuv" SUBSEP row) : ""
      ratio = "-"
      if (t != "" && b != "" && t > 0 && b > 0)
        ratio = sprintf("%.2f", better[row] == "lower" ? b / t : t / b)
      printf "| %s | %s | %s | %s | %s | %s |\n", p[1], p[2], shown(t), shown(b), shown(l), ratio
    }
  }' "$RESULTS"
