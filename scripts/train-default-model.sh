#!/usr/bin/env bash
# Trains the default GFlowNet policy, models/gflownet.pt, exactly as shipped
# (models/README.md gives the figures of the run), in three steps:
#   1. the paper's recipe: LPV in the paper's MDP (any unit) on 1000 synthetic
#      graphs (Erdos-Renyi + layered; half of 50 ops, the others of 6, 12 and
#      25), reward = proxy speedup;
#   2. 8000 more updates on the same graphs, rewarding the proxy speedup of
#      the schedule the sampler delivers (--reward=tightened,
#      docs/gflownet.md);
#   3. no further update: the model is switched to best-fit units, the MDP it
#      is sampled in (docs/gflownet.md, "Best-fit units"). Fine-tuning in
#      that MDP, with or without corpus graphs and the locality term, measured
#      worse on the unseen graphs (models/README.md).
# About 4 minutes on the 2-core machine; it gives the shipped model (the run
# is deterministic on one machine; models/README.md).
# Writes the model, a CSV log and the training-curve picture to
# build/training/ unless an output folder is given; copy gflownet.pt to
# models/ and rebuild to embed it.
#
#   bash scripts/train-default-model.sh [output folder]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}
out=${1:-$build/training}
mkdir -p "$out"
# Half the graphs of 50 ops, the others of 6, 12 and 25 (docs/gflownet.md,
# "Does it sample in proportion to the reward?"); seeds 2 and 3 were chosen
# over 0 and 1 on held-out graphs (models/README.md).
sizes=6,12,25,50,50,50
seed1=${GFSCHED_TRAIN_SEED1:-2}
seed2=${GFSCHED_TRAIN_SEED2:-3}
# The checkpoints let an interrupted run resume where it stopped; they are
# named by seed, so that a run with other seeds starts afresh rather than
# resuming a finished run of the old ones.

"$build/bin/gfsched-train" --unit-choice=any \
  --synthetic=erdos-renyi,layered --synthetic-count=1000 --synthetic-nodes="$sizes" \
  --steps=15000 --batch=100 --lr=3e-4 --constant-lr \
  --sigma-min=0.003 --sigma-max=1 --seed="$seed1" --jobs=2 \
  --checkpoint="$out/gflownet-any-seed$seed1.ckpt" --csv="$out/training.csv" \
  -o "$out/gflownet-any.pt"
# Stage 2: the reward of the delivered (tightened) schedule, graphs drawn the
# same way.
"$build/bin/gfsched-train" --init="$out/gflownet-any.pt" --unit-choice=any \
  --reward=tightened \
  --synthetic=erdos-renyi,layered --synthetic-count=1000 --synthetic-nodes="$sizes" \
  --steps=8000 --batch=100 --lr=1e-4 --constant-lr \
  --sigma-min=0.003 --sigma-max=1 --seed="$seed2" --jobs=2 \
  --checkpoint="$out/gflownet-tightened-seed$seed1-$seed2.ckpt" \
  --csv="$out/training-tightened.csv" -o "$out/gflownet-tightened.pt"
"$build/bin/gfsched-train" --init="$out/gflownet-tightened.pt" \
  --unit-choice=best-fit --steps=0 --synthetic=erdos-renyi --synthetic-count=1 \
  -o "$out/gflownet.pt"
python3 "$root/scripts/plot_training.py" "$out/training.csv" \
  "$out/training-curve.svg" --title "gflownet.pt: LPV training on ER + layered graphs of 6-50 ops"
echo "Model: $out/gflownet.pt; curve: $out/training-curve.svg"
