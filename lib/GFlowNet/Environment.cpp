//===- Environment.cpp - The scheduling MDP of the GFlowNet ---------------===//

#include "gfsched/GFlowNet/Environment.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>

namespace gfsched {

llvm::StringRef getUnitChoiceName(UnitChoice choice) {
  return choice == UnitChoice::Any ? "any" : "best-fit";
}

std::optional<UnitChoice> parseUnitChoice(llvm::StringRef name) {
  if (name == "any")
    return UnitChoice::Any;
  if (name == "best-fit")
    return UnitChoice::BestFit;
  return std::nullopt;
}

ScheduleEnv::ScheduleEnv(const Problem &problem, UnitChoice unitChoice)
    : problem(&problem), unitChoice(unitChoice),
      timeScale(problem.criticalPath() > 0 ? 1 / problem.criticalPath() : 1) {
  reset();
}

void ScheduleEnv::reset() {
  unsigned numOps = problem->numOps(), numUnits = problem->numUnits();
  const DepGraph &graph = problem->getGraph();
  starts.assign(numOps, 0);
  finishes.assign(numOps, 0);
  dataReady.assign(numOps, 0);
  unitOfOp.assign(numOps, Schedule::kUnplaced);
  latestPredUnit.assign(numOps, Schedule::kUnplaced);
  remainingPreds.resize(numOps);
  placedSuccs.assign(numOps, 0);
  previousOnUnit.assign(numOps, kNone);
  unitFreeTimes.assign(numUnits, 0);
  unitLast.assign(numUnits, kNone);
  ready.clear();
  placedOrder.clear();
  lowerBoundHistory.clear();
  currentMakespan = lowerBound = 0;
  for (NodeId op = 0; op < numOps; ++op) {
    remainingPreds[op] = graph.preds(op).size();
    if (remainingPreds[op] == 0)
      ready.push_back(op);
  }
}

void ScheduleEnv::getForwardActions(
    llvm::SmallVectorImpl<ForwardAction> &actions) const {
  actions.clear();
  for (NodeId op : ready)
    for (unsigned unit : problem->allowedUnits(op))
      if (unitChoice == UnitChoice::Any ||
          isBestFit(op, unit, unitFreeTimes[unit]))
        actions.push_back({op, unit});
}

void ScheduleEnv::getRemovableOps(llvm::SmallVectorImpl<NodeId> &ops) const {
  ops.clear();
  for (auto [unit, last] : llvm::enumerate(unitLast)) {
    if (last == kNone || placedSuccs[last] != 0)
      continue;
    if (unitChoice == UnitChoice::BestFit) {
      // In the state without `last`, its unit was free when the op before
      // it finished; every other unit is as it is now.
      NodeId previous = previousOnUnit[last];
      double freeBefore = previous == kNone ? 0 : finishes[previous];
      if (!isBestFit(last, unit, freeBefore))
        continue;
    }
    ops.push_back(last);
  }
}

bool ScheduleEnv::isBestFit(NodeId op, unsigned unit, double unitFree) const {
  double start = std::max(unitFree, dataReady[op]);
  double duration = problem->duration(op, unit);
  for (unsigned other : problem->allowedUnits(op)) {
    if (other == unit || problem->duration(op, other) != duration ||
        std::max(unitFreeTimes[other], dataReady[op]) != start)
      continue;
    double otherFree = unitFreeTimes[other];
    if (otherFree > unitFree || (otherFree == unitFree && other < unit))
      return false;
  }
  return true;
}

void ScheduleEnv::noteInput(NodeId op, double finish, unsigned unit) {
  // On a tie the lowest unit wins, whatever order the inputs were placed in:
  // the features must depend on the state only, not on the path to it.
  if (latestPredUnit[op] == Schedule::kUnplaced || finish > dataReady[op] ||
      (finish == dataReady[op] && unit < latestPredUnit[op])) {
    dataReady[op] = finish;
    latestPredUnit[op] = unit;
  }
}

void ScheduleEnv::step(ForwardAction action) {
  auto [op, unit] = action;
  assert(remainingPreds[op] == 0 && unitOfOp[op] == Schedule::kUnplaced &&
         problem->isAllowed(op, unit) && "illegal forward action");
  const DepGraph &graph = problem->getGraph();
  double duration = problem->duration(op, unit);
  double start = earliestStart(op, unit);
  starts[op] = start;
  finishes[op] = start + duration;
  unitOfOp[op] = unit;
  previousOnUnit[op] = unitLast[unit];
  unitLast[unit] = op;
  unitFreeTimes[unit] = finishes[op];
  currentMakespan = std::max(currentMakespan, finishes[op]);
  lowerBoundHistory.push_back(lowerBound);
  lowerBound =
      std::max(lowerBound, start + duration + problem->bottomLevel(op) -
                               problem->minDuration(op));
  ready.erase(std::find(ready.begin(), ready.end(), op));
  placedOrder.push_back(op);
  for (NodeId pred : graph.preds(op))
    ++placedSuccs[pred];
  for (NodeId succ : graph.succs(op)) {
    noteInput(succ, finishes[op], unit);
    if (--remainingPreds[succ] == 0)
      ready.push_back(succ);
  }
}

void ScheduleEnv::undo(NodeId op) {
  unsigned unit = unitOfOp[op];
  assert(unit != Schedule::kUnplaced && unitLast[unit] == op &&
         placedSuccs[op] == 0 && "illegal backward action");
  const DepGraph &graph = problem->getGraph();
  NodeId previous = previousOnUnit[op];
  unitLast[unit] = previous;
  unitFreeTimes[unit] = previous == kNone ? 0 : finishes[previous];
  unitOfOp[op] = Schedule::kUnplaced;
  previousOnUnit[op] = kNone;

  for (NodeId pred : graph.preds(op))
    --placedSuccs[pred];
  for (NodeId succ : graph.succs(op)) {
    if (remainingPreds[succ]++ == 0)
      ready.erase(std::find(ready.begin(), ready.end(), succ));
    // Recompute the inputs' arrival from the predecessors still placed.
    dataReady[succ] = 0;
    latestPredUnit[succ] = Schedule::kUnplaced;
    for (NodeId pred : graph.preds(succ))
      if (unitOfOp[pred] != Schedule::kUnplaced)
        noteInput(succ, finishes[pred], unitOfOp[pred]);
  }
  ready.push_back(op);

  bool wasLastStep = placedOrder.back() == op;
  placedOrder.erase(std::find(placedOrder.begin(), placedOrder.end(), op));
  if (wasLastStep) {
    lowerBound = lowerBoundHistory.back();
    lowerBoundHistory.pop_back();
  } else {
    // The bounds before the later steps included `op`: rebuild them for the
    // remaining placement order, so that undoing those steps stays exact.
    lowerBoundHistory.clear();
    lowerBound = 0;
    for (NodeId placed : placedOrder) {
      lowerBoundHistory.push_back(lowerBound);
      lowerBound =
          std::max(lowerBound, finishes[placed] + problem->bottomLevel(placed) -
                                   problem->minDuration(placed));
    }
  }
  currentMakespan =
      *std::max_element(unitFreeTimes.begin(), unitFreeTimes.end());
}

void ScheduleEnv::forwardFeatures(ForwardAction action, float *out) const {
  auto [op, unit] = action;
  double duration = problem->duration(op, unit);
  double start = earliestStart(op, unit);
  double finish = start + duration;
  double remaining = problem->bottomLevel(op) - problem->minDuration(op);
  // Relative to the earliest free unit that could run the op: on a
  // heterogeneous device a unit of another kind (an idle DMA engine) says
  // nothing about this op.
  double earliestFree = unitFreeTimes[unit];
  for (unsigned allowed : problem->allowedUnits(op))
    earliestFree = std::min(earliestFree, unitFreeTimes[allowed]);
  out[0] = (start - earliestFree) * timeScale;
  out[1] = (unitFreeTimes[unit] - earliestFree) * timeScale;
  out[2] = latestPredUnit[op] == unit ? 1 : 0;
  out[3] = static_cast<float>(numPlaced()) / problem->numOps();
  out[4] = (start - unitFreeTimes[unit]) * timeScale;
  out[5] = std::max(0.0, finish - currentMakespan) * timeScale;
  out[6] = std::max(0.0, finish + remaining - lowerBound) * timeScale;
  out[7] = duration * timeScale;
  out[8] = (duration - problem->minDuration(op)) * timeScale;
}

void ScheduleEnv::backwardFeatures(NodeId op, float *out) const {
  NodeId previous = previousOnUnit[op];
  double previousFinish = previous == kNone ? 0 : finishes[previous];
  out[0] = (currentMakespan - finishes[op]) * timeScale;
  out[1] = (finishes[op] - starts[op]) * timeScale;
  out[2] = static_cast<float>(numPlaced()) / problem->numOps();
  out[3] = (starts[op] - previousFinish) * timeScale;
}

Schedule ScheduleEnv::toSchedule() const {
  Schedule schedule(problem->numOps(), problem->numUnits());
  for (NodeId op : placedOrder)
    schedule.append(op, unitOfOp[op]);
  return schedule;
}

} // namespace gfsched
