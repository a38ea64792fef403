//===- Passes.td - gfsched pass definitions ----------------*- tablegen -*-===//

#ifndef GFSCHED_TRANSFORMS_PASSES
#define GFSCHED_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def GFlowNetSchedule : Pass<"gflownet-schedule", "mlir::func::FuncOp"> {
  let summary = "Reorder each block's ops into a schedule for a multi-unit "
                "accelerator";
  let description = [{
    For every block of the function with two or more movable ops (nested
    control-flow blocks included), builds the ops' dependency graph (SSA
    uses, memory effects, barriers; the terminator stays last), draws
    candidate schedules for the chosen device from the chosen policy (the
    GFlowNet's tightened on the proxy: no idle gaps, data kept on its unit;
    with `mode=best`, each sample's transfer-aware replay and the exploring
    samples as drawn too), ranks them with the proxy latency model,
    evaluates the best `topk` distinct ones on the `target` latency model
    and reorders the block into the winner (or, with `mode=sample`, into a
    single drawn schedule).

    With `mode=best`, heuristic candidates (the critical-path list
    schedule, and the forms tightening gives it and the original order's
    schedule) are always judged on the target beside the drawn candidates
    (except with policy=list, whose only candidate is the list schedule
    itself), and a block is never made slower
    on the target: when no candidate beats its original order, the schedule
    of that order (each op in turn on the unit where it can start first) is
    kept. Ops of negligible cost (constants, empty tensors, reshapes and
    other pure metadata ops) are not scheduled: each goes right before its
    first user. Blocks larger than `window` ops are scheduled window by
    window and the windows joined, the GFlowNet's join tightened to close
    the seams (with mode=best, judged on the target beside the block's
    heuristic candidates); once a function has spent its `budget` of
    sampling work, its remaining windows use list scheduling. With
    `annotate`, each scheduled op carries its compute unit (`gfsched.unit`)
    and predicted start time in microseconds (`gfsched.start`).

    Bad options, an unreadable device or model, or an op whose cost cannot
    be determined leave the IR untouched and fail the pass with a diagnostic.
  }];
  let options = [
    Option<"temp", "temp", "double", /*default=*/"0.01",
           "Sampling temperature sigma (> 0): lower is greedier, higher more "
           "diverse">,
    Option<"samples", "samples", "unsigned", /*default=*/"1000",
           "Schedules sampled per block (with mode=best, each GFlowNet "
           "sample also gives its transfer-aware replay, and the exploring "
           "ones themselves as drawn)">,
    Option<"topk", "topk", "unsigned", /*default=*/"100",
           "Distinct candidates, best by proxy, evaluated on the target "
           "model">,
    Option<"spread", "spread", "double", /*default=*/"0.01",
           "Candidates within this fraction of the best proxy makespan are "
           "near-best; when more than topk are, the kept ones are chosen "
           "among them for diversity rather than by proxy rank">,
    Option<"local", "local", "double", /*default=*/"0.5",
           "Share of the topk (in [0, 1)) kept for the candidates within 20% "
           "of the best proxy makespan that move the least data between "
           "units (fewest edges, fewest bytes, in turn): the proxy moves data "
           "for free, the target may not">,
    Option<"explore", "explore", "double", /*default=*/"0.5",
           "Share of the samples (in [0, 1]) the GFlowNet draws at "
           "temperature 0.3 instead of temp, for varied candidates">,
    Option<"mode", "mode", "std::string", /*default=*/"\"best\"",
           "best: rewrite into the best candidate; sample: into one draw">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "Seed of every random stream (combined with the function name)">,
    Option<"device", "device", "std::string", /*default=*/"\"accel4\"",
           "A builtin device name or the path of a device JSON file">,
    Option<"target", "target", "std::string", /*default=*/"\"full\"",
           "Target latency model: proxy, noisy, bandwidth, latency or full">,
    Option<"model", "model", "std::string", /*default=*/"\"\"",
           "Path of GFlowNet policy weights (default: the embedded model)">,
    Option<"policy", "policy", "std::string", /*default=*/"\"gflownet\"",
           "Candidate source: gflownet, list or random">,
    Option<"window", "window", "unsigned", /*default=*/"128",
           "Blocks with more ops are scheduled in consecutive windows of at "
           "most this many ops (of equal sizes), so that time grows linearly "
           "with the block; at most 4096 with policy=gflownet">,
    Option<"budget", "budget", "uint64_t", /*default=*/"2000000",
           "Sampling work allowed per function, in op-samples (ops x "
           "samples); windows beyond it use list scheduling. About 1.2 us per "
           "op-sample on a 2-core machine">,
    Option<"gantt", "gantt", "std::string", /*default=*/"\"\"",
           "Folder to write an SVG Gantt chart per scheduled function into "
           "(<function>.svg: each block's original-order and chosen "
           "schedules)">,
    Option<"annotate", "annotate", "bool", /*default=*/"true",
           "Attach gfsched.unit and gfsched.start to every scheduled op">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark per function with its makespans before and after">,
    Option<"checkDeps", "check-deps", "bool", /*default=*/"false",
           "Re-check every rewritten block against its dependencies with an "
           "independent checker (always on in debug builds)">,
  ];
  let statistics = [
    Statistic<"numOpsScheduled", "ops-scheduled", "Ops placed by a schedule">,
    Statistic<"numBlocksScheduled", "blocks-scheduled",
              "Blocks reordered into a schedule">,
    Statistic<"numCandidates", "candidates", "Candidate schedules drawn">,
    Statistic<"numBlocksKept", "blocks-kept",
              "Blocks whose original order no candidate beat on the target">,
    Statistic<"proxyBeforeNs", "proxy-makespan-before-ns",
              "Proxy makespan of the original order, ns, summed over blocks">,
    Statistic<"proxyAfterNs", "proxy-makespan-after-ns",
              "Proxy makespan of the chosen schedule, ns, summed over blocks">,
    Statistic<"targetBeforeNs", "target-makespan-before-ns",
              "Target makespan of the original order, ns, summed over blocks">,
    Statistic<"targetAfterNs", "target-makespan-after-ns",
              "Target makespan of the chosen schedule, ns, summed over blocks">,
  ];
}

#endif // GFSCHED_TRANSFORMS_PASSES
