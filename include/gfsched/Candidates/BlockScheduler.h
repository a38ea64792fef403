//===- BlockScheduler.h - The pass's choice for one block -------*- C++ -*-===//
//
// What gflownet-schedule does with the scheduling problem of one block,
// without MLIR: draw candidates from the policy (window by window for a large
// block, within a sampling budget), choose among them on the proxy and the
// target (chooseBest) beside a few heuristic candidates, close the seams
// between windows, and with mode=best never deliver a schedule slower on the
// target than the original order. The pass wires it to the IR; C++ users can
// call it on any Problem.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_CANDIDATES_BLOCKSCHEDULER_H
#define GFSCHED_CANDIDATES_BLOCKSCHEDULER_H

#include "gfsched/Candidates/Candidates.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace gfsched {

class GFlowNetModel;

/// The pass's options that shape the choice (docs/passes.md names them).
struct BlockSchedulerOptions {
  PolicyKind policy = PolicyKind::GFlowNet;
  /// `temp`: sigma of the GFlowNet's draws.
  double temperature = 0.01;
  unsigned samples = 1000;
  /// `topk`: how many distinct candidates are judged on the target.
  unsigned topK = 100;
  /// `mode=sample`: deliver one draw instead of the best of the top k.
  bool sampleMode = false;
  /// `spread` and `local`.
  KeepPolicy keep = {/*spread=*/0.01, /*localShare=*/0.5};
  /// `explore`: the share of the GFlowNet's draws at the warmer temperature.
  double exploreShare = 0.5;
  /// Blocks of more ops are scheduled window by window.
  unsigned window = 128;
  /// The largest window the GFlowNet takes: its encoder attends over every
  /// pair of a window's ops, so memory grows with the square (about 1.3 GB
  /// for 4096 ops), and a larger window would exhaust it rather than fail.
  static constexpr unsigned kMaxGFlowNetWindow = 4096;
  /// Op-samples (ops x samples) the policy may draw for all the blocks one
  /// BlockScheduler schedules; windows beyond it use list scheduling.
  uint64_t budget = 2000000;
  /// Every random stream (draws, the noisy target's durations) derives from
  /// it and the block's stream key.
  uint64_t seed = 0;

  /// Rejects values no schedule can be chosen with, naming the option.
  llvm::Error validate() const;
};

/// How the winner of a block or window was picked.
enum class WindowPick {
  ListPolicy, ///< policy=list: the list schedule is the only candidate.
  SingleDraw, ///< mode=sample: the one draw, whatever it is worth.
  BestOfTopK, ///< The top-k candidate that is fastest on the target.
  Heuristic   ///< A heuristic candidate, faster on the target than all top-k.
};

/// What is known about the candidates of one block or window, for reports.
struct WindowReport {
  CandidateSummary candidates;
  WindowPick pick;
  /// The target makespan of the best of the top-k candidates.
  double bestDrawnTarget;
  /// The fastest target makespan of the heuristic candidates (the list
  /// schedule, the tightened forms of it and of the original order), where
  /// they were judged.
  std::optional<double> heuristicTarget;
  /// The original order's target makespan.
  double originalTarget;
  /// The winner's proxy and target makespans.
  double chosenProxy, chosenTarget;
  double seconds;
};

/// How the windows of a block were joined.
struct JoinReport {
  unsigned numWindows = 0;
  /// The windows' concatenation.
  double joinedProxy = 0, joinedTarget = 0;
  /// The fastest target makespan of the whole block's heuristic candidates
  /// (mode=best only).
  std::optional<double> heuristicTarget;
  double chosenProxy = 0, chosenTarget = 0;
};

/// Told about each window and join as they are decided. Summarizing the
/// candidates simulates each once more, so it is done only for an observer.
class BlockObserver {
public:
  virtual ~BlockObserver();
  virtual void onWindow(llvm::StringRef streamKey,
                        const WindowReport &report) = 0;
  virtual void onJoin(llvm::StringRef streamKey, const JoinReport &report) = 0;
};

/// The schedule chosen for a block, and the original order it replaces.
struct BlockChoice {
  Choice chosen;
  /// The original order's schedule (programOrderSchedule) and makespans.
  Schedule original;
  double proxyBefore = 0, targetBefore = 0;
  /// With mode=best, when no candidate beat the original order on the
  /// target, `chosen` is the original order's schedule and this is the
  /// target makespan of the best candidate, which lost.
  std::optional<double> rejectedTarget;
};

/// Schedules blocks as the pass does. One per function: the budget spans the
/// blocks it schedules. Not thread-safe; it spreads its own work over `pool`.
class BlockScheduler {
public:
  /// `model` is required for PolicyKind::GFlowNet. Draws, checks and
  /// simulates on `pool` when there is one, with the same result.
  static llvm::Expected<BlockScheduler>
  create(const BlockSchedulerOptions &options,
         std::shared_ptr<const GFlowNetModel> model,
         llvm::ThreadPoolInterface *pool = nullptr);

  BlockScheduler(BlockScheduler &&) = default;
  ~BlockScheduler();

  /// Chooses a schedule for `problem` on the target model of `targetKind`
  /// (a problem without ops gets the empty schedule). `streamKey` names the
  /// block in every random stream, so that its choice depends on nothing else
  /// the scheduler did. Fails when the policy draws nothing or an invalid
  /// schedule.
  llvm::Expected<BlockChoice> schedule(const Problem &problem,
                                       llvm::StringRef streamKey,
                                       ModelKind targetKind,
                                       BlockObserver *observer = nullptr);

  /// The noise seed of the target model that judges the block (or window)
  /// of `streamKey`: one "real machine" per block, whatever else was drawn.
  uint64_t getTargetNoiseSeed(llvm::StringRef streamKey) const;
  /// How many windows a block of `numOps` ops is cut into.
  unsigned countWindows(unsigned numOps) const;
  /// How many windows went to list scheduling because the budget ran out.
  unsigned getNumFallbacks() const { return numFallbacks; }

private:
  BlockScheduler(const BlockSchedulerOptions &options,
                 std::unique_ptr<CandidateSource> policy,
                 llvm::ThreadPoolInterface *pool);

  llvm::Expected<std::vector<Schedule>> drawCandidates(const Problem &problem,
                                                       llvm::StringRef key);
  /// The choice for a window, or for a whole block that needs none;
  /// `original` is its original order's schedule.
  llvm::Expected<Choice>
  chooseInWindow(const Problem &problem, const Schedule &original,
                 llvm::StringRef key, const LatencyModel &proxy,
                 const LatencyModel &target, BlockObserver *observer);
  /// Each window's choice, and the join of them (joinWindows).
  llvm::Expected<Choice>
  chooseWindowed(const Problem &problem, const Schedule &original,
                 llvm::StringRef key, const LatencyModel &proxy,
                 const LatencyModel &target, BlockObserver *observer);
  Choice joinWindows(const Problem &problem, Schedule joined,
                     const Schedule &original, const LatencyModel &proxy,
                     const LatencyModel &target, JoinReport *report) const;

  BlockSchedulerOptions options;
  std::unique_ptr<CandidateSource> policy;
  /// The list scheduler: for windows beyond the budget.
  std::unique_ptr<CandidateSource> fallback;
  llvm::ThreadPoolInterface *pool;
  uint64_t remainingOpSamples;
  unsigned numFallbacks = 0;
};

} // namespace gfsched

#endif // GFSCHED_CANDIDATES_BLOCKSCHEDULER_H
