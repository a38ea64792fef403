//===- Environment.h - The scheduling MDP of the GFlowNet -------*- C++ -*-===//
//
// PAPER.md's MDP over partial schedules. A state is a partial schedule; a
// forward action places a ready op (all predecessors placed) last on a unit
// allowed to run it; a backward action removes an op that is last on its unit
// and has no placed successor. Proxy start times are kept incrementally: an
// op placed last on its unit starts when the unit is free and its inputs are
// done, which is exactly the proxy model's as-soon-as-possible time for the
// unit chains, so a complete trajectory's times equal LatencyModel::simulate.
//
// The environment also computes the per-step features the policy heads read
// (docs/gflownet.md). Plain C++: no torch.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_ENVIRONMENT_H
#define GFSCHED_GFLOWNET_ENVIRONMENT_H

#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <vector>

namespace gfsched {

/// Features of a forward action (ready op i on unit d), all times divided by
/// the critical path:
///   0 earliest start on d minus the earliest time a unit allowed to run i
///     is free
///   1 d's free time minus that earliest free time
///   2 whether d holds i's latest-finishing predecessor (of several that
///     finish together, the one on the lowest unit)
///   3 fraction of ops placed
///   4 idle gap the action leaves on d
///   5 increase of the current makespan
///   6 increase of the critical-path lower bound
///   7 duration of i on d
///   8 duration of i on d minus its shortest duration (slow units)
constexpr unsigned kNumForwardFeatures = 9;

/// Features of a backward action (removing op j), times over the critical
/// path:
///   0 current makespan minus j's finish
///   1 j's duration
///   2 fraction of ops placed
///   3 idle gap before j on its unit
constexpr unsigned kNumBackwardFeatures = 4;

struct ForwardAction {
  NodeId op;
  unsigned unit;
  friend bool operator==(ForwardAction a, ForwardAction b) {
    return a.op == b.op && a.unit == b.unit;
  }
};

/// Which units a ready op may be placed on.
enum class UnitChoice {
  /// Any allowed unit: PAPER.md's MDP.
  Any,
  /// Of the allowed units where the op would start at the same time with the
  /// same duration, only the one free latest (the best fit; the lowest on
  /// ties). On the proxy this loses nothing: the other placements leave the
  /// same op times and a later-free unit, so they are dominated. It removes
  /// the arbitrary unit switches that cost transfers on a real device, and
  /// shrinks the action space (docs/gflownet.md, "Best-fit units").
  BestFit,
};
llvm::StringRef getUnitChoiceName(UnitChoice choice);
std::optional<UnitChoice> parseUnitChoice(llvm::StringRef name);

class ScheduleEnv {
public:
  explicit ScheduleEnv(const Problem &problem,
                       UnitChoice unitChoice = UnitChoice::Any);

  /// Back to the empty schedule.
  void reset();

  const Problem &getProblem() const { return *problem; }
  unsigned numPlaced() const { return placedOrder.size(); }
  bool isDone() const { return numPlaced() == problem->numOps(); }

  /// Ops whose predecessors are all placed, in the order they became ready.
  llvm::ArrayRef<NodeId> readyOps() const { return ready; }
  /// The forward mask: every (ready op, allowed unit), op-major; with
  /// UnitChoice::BestFit only the best-fit units.
  void getForwardActions(llvm::SmallVectorImpl<ForwardAction> &actions) const;
  /// The backward mask: ops last on their unit with no placed successor;
  /// with UnitChoice::BestFit only those whose placement was a best fit in
  /// the state without them, so that every backward action undoes a legal
  /// forward one.
  void getRemovableOps(llvm::SmallVectorImpl<NodeId> &ops) const;

  /// Places a ready op last on an allowed unit.
  void step(ForwardAction action);
  /// Removes a removable op (the backward action); undoes the step that
  /// placed it when that was the last step.
  void undo(NodeId op);

  /// Proxy times of placed ops.
  double start(NodeId op) const { return starts[op]; }
  double finish(NodeId op) const { return finishes[op]; }
  double makespan() const { return currentMakespan; }
  /// When `unit` is next free.
  double unitFree(unsigned unit) const { return unitFreeTimes[unit]; }
  /// The earliest proxy start of a ready op on `unit`.
  double earliestStart(NodeId op, unsigned unit) const {
    return std::max(unitFreeTimes[unit], dataReady[op]);
  }

  /// Writes kNumForwardFeatures values for `action` (a legal action).
  void forwardFeatures(ForwardAction action, float *out) const;
  /// Writes kNumBackwardFeatures values for removing `op` (removable).
  void backwardFeatures(NodeId op, float *out) const;

  /// The complete schedule (isDone()).
  Schedule toSchedule() const;
  /// Ops in the order they were placed.
  llvm::ArrayRef<NodeId> placementOrder() const { return placedOrder; }

private:
  /// Records that an input of the unplaced `op` arrives at `finish` from
  /// `unit` (dataReady and latestPredUnit).
  void noteInput(NodeId op, double finish, unsigned unit);
  /// Whether placing `op` on `unit`, free at `unitFree` (the other units as
  /// they are now), is a best fit: no other allowed unit starts it at the
  /// same time with the same duration and is free later (or as late and
  /// lower).
  bool isBestFit(NodeId op, unsigned unit, double unitFree) const;

  const Problem *problem;
  UnitChoice unitChoice;
  double timeScale; ///< 1 / critical path (1 if the path is 0)

  std::vector<double> starts, finishes, dataReady;
  std::vector<unsigned> unitOfOp, latestPredUnit, remainingPreds, placedSuccs;
  std::vector<NodeId> previousOnUnit; ///< The op before, or kNone.
  std::vector<double> unitFreeTimes;
  std::vector<NodeId> unitLast;
  std::vector<NodeId> ready;
  std::vector<NodeId> placedOrder;
  /// The lower bound max(start + remaining critical path) before each step,
  /// for undo().
  std::vector<double> lowerBoundHistory;
  double currentMakespan = 0, lowerBound = 0;

  static constexpr NodeId kNone = ~0u;
};

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_ENVIRONMENT_H
