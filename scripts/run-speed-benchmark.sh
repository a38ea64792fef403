#!/usr/bin/env bash
# Builds and runs the speed benchmarks (benchmarks/SpeedBenchmark.cpp),
# printing medians of 3 repetitions; docs/gflownet.md reports its figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
"$build/bin/gfsched-speed-bench" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true "$@"
