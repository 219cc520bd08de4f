#!/usr/bin/env bash
# The web benchmark: `tally serve` over 100,000 synthetic documents, loaded with wrk on the
# document page and the search page; p99 latency must stay under 50 ms on a 2-core machine.
#
#   bash bench/web/run.sh [N_DOCS] [DURATION]      (defaults: 100000, 30s)
#
# Needs wrk (Debian package `wrk`; installed through apt-get when missing and run as root). Seeds the data folder once (kept in
# target/bench-web-data-N; delete it to reseed), starts the server on a free local port,
# runs wrk twice (2 threads, 16 connections) and stops the server. Prints wrk's reports; the
# figures go into bench/RESULTS.md by hand, with the machine they were measured on.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
DURATION=${2:-30s}
DATA="target/bench-web-data-$N"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench/web: installing wrk" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >&2
  fi
  command -v wrk >/dev/null || { echo "bench/web: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
fi
cargo build --release -q -p tally -p tally-web --example bench_seed
if [ ! -f "$DATA/bench-ids" ]; then
  rm -rf "$DATA"
  /usr/bin/time -v target/release/examples/bench_seed "$DATA" "$N" 2> >(grep -E "stored in|indexed in|Maximum resident" >&2)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
target/release/tally --data "$DATA" serve --addr "127.0.0.1:$PORT" > /dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
export TALLY_BENCH_IDS="$DATA/bench-ids" TALLY_BENCH_TOKEN
TALLY_BENCH_TOKEN=$(cat "$DATA/bench-token")
echo "== $N documents; $(nproc) cores; $(date -u '+%F %H:%M UTC'); commit $(git rev-parse --short HEAD)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm the caches the way a working server has them warm.
wrk -t2 -c4 -d3s -s bench/web/doc.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t2 -c4 -d3s -s bench/web/search.lua "http://127.0.0.1:$PORT" >/dev/null
echo "== document page"
wrk -t2 -c16 -d"$DURATION" --latency -s bench/web/doc.lua "http://127.0.0.1:$PORT"
echo "== search"
wrk -t2 -c16 -d"$DURATION" --latency -s bench/web/search.lua "http://127.0.0.1:$PORT"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
