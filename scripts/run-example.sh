#!/usr/bin/env bash
# Quick start, part 1: install, build, and schedule the example Inception
# block onto the 4-unit accelerator with the embedded GFlowNet, printing the
# schedule's summary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
out="$build/inception_block.scheduled.mlir"
"$build/bin/gfsched-opt" "$root/examples/inception_block.mlir" \
  --gflownet-schedule="report=true" -o "$out"
echo "Scheduled IR written to $out"
