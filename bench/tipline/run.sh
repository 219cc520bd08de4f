#!/usr/bin/env bash
# Tip-line load benchmark (issue 6): 200 concurrent submissions of 100 KiB each over
# loopback to the real router, every one then decrypted and compared with what was sent.
# Prints p50/p90/p99/max latency and throughput; fails if any submission was lost.
#   bench/tipline/run.sh                       # the issue's load
#   TIPLINE_BENCH_N=500 TIPLINE_BENCH_KB=20 bench/tipline/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
exec cargo bench -p tally-tipline --bench load
