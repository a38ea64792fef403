#!/usr/bin/env bash
# Trains the default GFlowNet policy, models/gflownet.pt, exactly as shipped
# (models/README.md gives the figures of the run). About 15 minutes on the
# 2-core machine. Writes the model, a CSV log and the training-curve picture
# to build/training/ unless an output folder is given; copy the model to
# models/gflownet.pt and rebuild to embed it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}
out=${1:-$build/training}
mkdir -p "$out"

"$build/bin/gfsched-train" \
  --synthetic=erdos-renyi,layered --synthetic-count=1000 --synthetic-nodes=50 \
  --steps=15000 --batch=100 --lr=3e-4 --constant-lr \
  --sigma-min=0.003 --sigma-max=1 --seed=0 --jobs=2 \
  --checkpoint="$out/gflownet.ckpt" --csv="$out/training.csv" \
  -o "$out/gflownet.pt"
python3 "$root/scripts/plot_training.py" "$out/training.csv" \
  "$out/training-curve.svg" --title "gflownet.pt: LPV training on ER + layered graphs"
echo "Model: $out/gflownet.pt; curve: $out/training-curve.svg"
