#!/usr/bin/env bash
# benches/node/run.sh: Node.js 18 (Debian's, under /opt/ruv-node18; see
# .ci/run) on the system libuv and on ruv's release libuv.so.1, alternately.
# Usage: benches/node/run.sh [rounds=3] [seconds=5] [connections=32]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${RUV_NODE18_PREFIX:-/opt/ruv-node18}
NODE=$PREFIX/usr/bin/node
NODELIB=$PREFIX/usr/lib/x86_64-linux-gnu
ROUNDS=${1:-3}
[ -x "$NODE" ] || { echo "Debian's Node.js 18 is not unpacked under $PREFIX (see .ci/run)" >&2; exit 2; }
(cd "$ROOT" && cargo build --release -p ruv-ffi >/dev/null 2>&1)
run() { LD_LIBRARY_PATH=$1 "$NODE" "$ROOT/benches/node/http_bench.js" "${2:-5}" "${3:-32}" | sed -n 's/.*value=//p'; }
for round in $(seq "$ROUNDS"); do
  ruv=$(run "$ROOT/target/release:$NODELIB" "${@:2}")
  uv=$(run "$NODELIB" "${@:2}")
  echo "round $round: ruv $ruv req/s, libuv $uv req/s, ratio $(awk -v a="$ruv" -v b="$uv" 'BEGIN {printf "%.2f", a / b}')"
done
