#!/usr/bin/env bash
# Quick start, part 1: install, build, and schedule the example transformer
# block onto the 4-unit accelerator, printing the schedule's summary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
out="$build/transformer_block.scheduled.mlir"
"$build/bin/gfsched-opt" "$root/examples/transformer_block.mlir" \
  --gflownet-schedule="report=true" -mlir-pass-statistics -o "$out"
echo "Scheduled IR written to $out"
