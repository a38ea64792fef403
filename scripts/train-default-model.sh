#!/usr/bin/env bash
# Trains the default GFlowNet policy, models/gflownet.pt, exactly as shipped
# (models/README.md gives the figures of the run), in two stages:
#   1. the paper's recipe: LPV on 1000 synthetic graphs of 50 ops
#      (Erdos-Renyi + layered), reward = proxy speedup (about 9 minutes);
#   2. fine-tuning on those graphs mixed half and half with windows of the
#      corpus's training models (scripts/corpus-split.sh), with the locality
#      term in the reward (about 5 minutes).
# About 15 minutes on the 2-core machine. Writes both models, the graph
# datasets, CSV logs and the training-curve pictures to build/training/
# unless an output folder is given; copy gflownet.pt to models/ and rebuild
# to embed it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}
out=${1:-$build/training}
corpus=${GFSCHED_CORPUS_DIR:-$root/../shared/corpus}
source "$root/scripts/corpus-split.sh"
mkdir -p "$out/corpus-train"

synthetic=(--synthetic=erdos-renyi,layered --synthetic-count=1000
  --synthetic-nodes=50)

"$build/bin/gfsched-train" "${synthetic[@]}" \
  --steps=15000 --batch=100 --lr=3e-4 --constant-lr \
  --sigma-min=0.003 --sigma-max=1 --seed=0 --jobs=2 \
  --checkpoint="$out/stage1.ckpt" --csv="$out/stage1.csv" \
  -o "$out/stage1.pt"

# The training side of the corpus, as the pass sees it.
datasets=()
for model in "${GFSCHED_CORPUS_TRAIN[@]}"; do
  name=$(basename "$model" .mlir)
  "$build/bin/gfsched-graph-dump" "$corpus/$model" --min-ops=8 \
    -o "$out/corpus-train/$name.json"
  datasets+=(--graphs="$out/corpus-train/$name.json")
done

"$build/bin/gfsched-train" "${synthetic[@]}" "${datasets[@]}" \
  --graphs-share=0.5 --subgraph-max=150 --locality-weight=0.3 \
  --init="$out/stage1.pt" --steps=8000 --batch=100 --lr=3e-4 --constant-lr \
  --sigma-min=0.003 --sigma-max=1 --seed=1 --jobs=2 \
  --checkpoint="$out/stage2.ckpt" --csv="$out/stage2.csv" \
  -o "$out/gflownet.pt"

for stage in stage1 stage2; do
  python3 "$root/scripts/plot_training.py" "$out/$stage.csv" \
    "$out/training-curve-$stage.svg" \
    --title "gflownet.pt, $stage: LPV training (scripts/train-default-model.sh)"
done
echo "Model: $out/gflownet.pt; curves: $out/training-curve-stage{1,2}.svg"
