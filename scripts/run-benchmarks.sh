#!/usr/bin/env bash
# The standard benchmark run behind docs/results.md: every method of
# gfsched-bench under the paper's protocol, on the synthetic test families,
# on small graphs against the exact optimum, and on the unseen real graphs of
# the corpus split (scripts/corpus-split.sh; cut into windows of at most 128
# ops, the paper's largest real test graph, as the pass cuts large blocks),
# on the homogeneous and the heterogeneous device, at the documented target
# severity and at a milder and a harsher one; the ablation of sample
# tightening; the baselines tightened like the learned policies' samples; and
# the BRKGA evolved on each target itself, as a reference; the unseen
# models whole through the pass; and the GFlowNet's exact distribution on
# graphs small enough to enumerate.
# About 7 minutes on the 2-core machine; docs/results.md gives the time of
# each part.
#
#   bash scripts/run-benchmarks.sh [output folder]     (default: docs/results)
#
# Writes Markdown and CSV (one row per method and graph) per part, the SVG
# plots, timings.txt, and summary.md: the paper-layout tables and the check
# of every claim of docs/results.md, made by scripts/summarize_results.py.
# Uses the binaries of $GFSCHED_BUILD_DIR (default build/; a Release build),
# the embedded GFlowNet and models/ppo.pt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}
out=${1:-$root/docs/results}
corpus=${GFSCHED_CORPUS_DIR:-$root/../shared/corpus}
source "$root/scripts/corpus-split.sh"

if [[ ! -f "$corpus/MANIFEST.md" ]]; then
  echo "run-benchmarks.sh: no corpus at $corpus (set GFSCHED_CORPUS_DIR)" >&2
  exit 1
fi
mkdir -p "$out"
: >"$out/timings.txt"

methods=list,random,random-list,brkga,ppo,gflownet
bench=(nice -n 5 "$build/bin/gfsched-bench" --jobs=2 --seed=0 --samples=1000
  --topk=100)
test_inputs=()
for model in "${GFSCHED_CORPUS_TEST[@]}"; do
  test_inputs+=(--input="$corpus/$model")
done
# The graph of the real-graph plots: small enough to read in a Gantt chart.
real_plot_graph="$corpus/buddy-mlir/transformer_subgraph0_timed.mlir:subgraph0#0"

# Runs gfsched-bench writing <name>.md and <name>.csv, and logs its time.
run() {
  local name=$1
  shift
  local start=$SECONDS
  echo "== $name"
  local ppo=()
  [[ " $* " =~ --methods=[^\ ]*ppo ]] && ppo=(--ppo-model="$root/models/ppo.pt")
  "${bench[@]}" "${ppo[@]}" "$@" --markdown="$out/$name.md" \
    --csv="$out/$name.csv" >/dev/null
  echo "$name $((SECONDS - start)) s" | tee -a "$out/timings.txt"
}

# Severities: name, transfer scale, noise scale.
severities=("standard 1 1" "mild 0.25 0.5" "harsh 4 2")

# 1. Synthetic test families (5 x 10 graphs of 50 ops) on accel4, with the
#    temperature trade-off and the plots of one graph.
run synthetic --methods=$methods \
  --sigma-sweep=0.003,0.005,0.01,0.03,0.1,0.3,1 \
  --svg-dir="$out" --svg-graph=layered-0
for severity in "${severities[@]:1}"; do
  set -- $severity
  run "synthetic-$1" --methods=$methods --transfer-scale="$2" --noise-scale="$3"
done

# 2. Small synthetic graphs (5 x 10 of 20 ops) against the exact proxy optimum.
run small-exact --methods=list,brkga,ppo,gflownet,exact --synthetic-nodes=20 \
  --synthetic-seed=2000

# 3. The unseen real graphs on accel4 at the three severities.
for severity in "${severities[@]}"; do
  set -- $severity
  extra=()
  [[ $1 == standard ]] && extra=(--svg-dir="$out" --svg-graph="$real_plot_graph")
  run "real-$1" --methods=$methods "${test_inputs[@]}" --window=128 \
    --transfer-scale="$2" --noise-scale="$3" "${extra[@]}"
done

# 4. The heterogeneous device (matrix, vector and DMA units), on the real
#    graphs: their op classes decide which units may run each op. (Synthetic
#    ops have one class and fixed durations: on accel-hetero they would see
#    four identical units, accel4 again.)
run hetero-real --methods=$methods --device=accel-hetero "${test_inputs[@]}" \
  --window=128

# 5. Ablation of the two additions to the paper's method (docs/gflownet.md):
#    the model before its second training stage (models/gflownet-paper-reward.pt,
#    the paper's reward) with samples as drawn, then tightened; the shipped
#    model, trained on the reward of the tightened schedule, is in part 3.
paper_model="$root/models/gflownet-paper-reward.pt"
for severity in "${severities[@]}"; do
  set -- $severity
  run "ablation-drawn-real-$1" --methods=gflownet --model="$paper_model" \
    --raw-samples "${test_inputs[@]}" --window=128 --transfer-scale="$2" \
    --noise-scale="$3"
  run "ablation-tightened-real-$1" --methods=gflownet --model="$paper_model" \
    "${test_inputs[@]}" --window=128 --transfer-scale="$2" --noise-scale="$3"
done

# 6. Fairness check: tightening (docs/gflownet.md) is not specific to a
#    learned policy, so the baselines' candidates tightened the same way
#    (--tighten-baselines), to set beside the gflownet and ppo rows of the
#    same graphs in summary.md.
baselines=list,random-list,brkga
run tightened-baselines-synthetic --methods=$baselines --tighten-baselines
run tightened-baselines-synthetic-harsh --methods=$baselines \
  --tighten-baselines --transfer-scale=4 --noise-scale=2
for severity in "${severities[@]}"; do
  set -- $severity
  run "tightened-baselines-real-$1" --methods=$baselines --tighten-baselines \
    "${test_inputs[@]}" --window=128 --transfer-scale="$2" --noise-scale="$3"
done
run tightened-baselines-hetero-real --methods=$baselines --tighten-baselines \
  --device=accel-hetero "${test_inputs[@]}" --window=128

# 7. A reference beyond the protocol: how good a schedule each target admits,
#    as far as a search on the target itself finds one. The BRKGA evolved on
#    the bandwidth, latency and full targets (--brkga-fitness) spends 20,000
#    target evaluations per graph where the protocol allows 100.
for target in bandwidth latency full; do
  for severity in "standard 1 1" "harsh 4 2"; do
    set -- $severity
    run "target-brkga-real-$1-$target" --methods=brkga \
      --brkga-fitness=$target "${test_inputs[@]}" --window=128 \
      --transfer-scale="$2" --noise-scale="$3"
  done
  run "target-brkga-hetero-real-$target" --methods=brkga \
    --brkga-fitness=$target --device=accel-hetero "${test_inputs[@]}" \
    --window=128
done

# 8. The unseen models whole, through the pass as a user runs it (windows of
#    128 ops joined, the budget, the list schedule judged beside the
#    candidates), against the pass with policy=list: pass-models.md.
start=$SECONDS
echo "== pass-models"
models=("${GFSCHED_CORPUS_TEST[@]}")
nice -n 5 python3 "$root/scripts/pass_on_models.py" \
  --opt="$build/bin/gfsched-opt" --corpus="$corpus" \
  --markdown="$out/pass-models.md" --csv="$out/pass-models.csv" "${models[@]}"
echo "pass-models $((SECONDS - start)) s" | tee -a "$out/timings.txt"

# 9. Does the GFlowNet sample in proportion to its reward? On graphs of 6 ops,
#    small enough to enumerate every trajectory, the exact distribution over
#    complete schedules against R / Z: a model trained on such graphs, the
#    shipped models (distribution.md; docs/gflownet.md).
start=$SECONDS
echo "== distribution"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
nice -n 5 "$build/bin/gfsched-train" --unit-choice=any \
  --synthetic=erdos-renyi,layered --synthetic-count=200 --synthetic-nodes=6 \
  --steps=10000 --batch=64 --lr=1e-3 --sigma-min=0.1 --sigma-max=1 --seed=0 \
  --jobs=2 -o "$scratch/gflownet-6ops.pt" >/dev/null 2>&1
distribution=(nice -n 5 "$build/bin/gfsched-bench" --distribution
  --synthetic=erdos-renyi --synthetic-count=10 --synthetic-nodes=6
  --synthetic-seed=7)
{
  echo "# Exact distributions on 10 Erdos-Renyi graphs of 6 ops"
  echo
  echo "The any-unit MDP (the one the GFlowNet is trained in); log R = (U - units) / sigma."
  echo
  echo "## A model trained on graphs of 6 ops, U as drawn"
  echo
  echo "gfsched-train --unit-choice=any --synthetic=erdos-renyi,layered --synthetic-count=200 --synthetic-nodes=6 --steps=10000 --batch=64 --lr=1e-3 --sigma-min=0.1 --sigma-max=1 --seed=0"
  echo
  "${distribution[@]}" --model="$scratch/gflownet-6ops.pt"
  echo
  echo "## The shipped first stage (models/gflownet-paper-reward.pt, trained on graphs of 6-50 ops), U as drawn"
  echo
  "${distribution[@]}" --model="$root/models/gflownet-paper-reward.pt"
  echo
  echo "## The shipped model (models/gflownet.pt), U of the tightened schedule (its second stage's reward)"
  echo
  "${distribution[@]}" --distribution-tightened
} >"$out/distribution.md"
echo "distribution $((SECONDS - start)) s" | tee -a "$out/timings.txt"

python3 "$root/scripts/summarize_results.py" "$out" >"$out/summary.md"
echo "Summary: $out/summary.md"
