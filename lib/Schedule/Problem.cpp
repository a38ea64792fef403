//===- Problem.cpp - A graph on a device: the scheduling problem ----------===//

#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <limits>

using namespace gfsched;

/// Why no unit of `device` runs an op of this cost, for the error message.
static std::string explainNoUnit(const OpCost &cost, const Device &device) {
  bool classRun = llvm::any_of(device.unitTypes, [&](const UnitType &type) {
    return type.runs[static_cast<unsigned>(cost.opClass)];
  });
  if (!classRun)
    return "no unit type runs its class";
  return llvm::formatv("the unit types that run its class cannot do its "
                       "{0} FLOPs and {1} bytes (zero rate)",
                       cost.flops, cost.bytes)
      .str();
}

llvm::Expected<Problem> Problem::create(const DepGraph &graph,
                                        const Device &device) {
  Problem problem;
  problem.graph = &graph;
  problem.device = &device;
  unsigned numOps = graph.size(), numUnits = device.numUnits();
  problem.durations.assign(size_t(numOps) * numUnits, 0.0);
  problem.allowed.assign(size_t(numOps) * numUnits, false);
  problem.allowedBegin.assign(numOps + 1, 0);
  problem.minDurations.assign(numOps, 0.0);

  for (NodeId op = 0; op < numOps; ++op) {
    const OpCost &cost = graph.cost(op);
    double minDuration = std::numeric_limits<double>::infinity();
    for (unsigned unit = 0; unit < numUnits; ++unit) {
      unsigned type = device.unitTypeOf(unit);
      if (!device.canRun(cost, type))
        continue;
      double duration = device.estimateDuration(cost, type);
      size_t slot = size_t(op) * numUnits + unit;
      problem.allowed[slot] = true;
      problem.durations[slot] = duration;
      problem.allowedUnitIds.push_back(unit);
      minDuration = std::min(minDuration, duration);
    }
    problem.allowedBegin[op + 1] = problem.allowedUnitIds.size();
    if (problem.allowedBegin[op + 1] == problem.allowedBegin[op])
      return llvm::createStringError(llvm::formatv(
          "{0} of class '{1}' cannot run on any unit of device '{2}': {3}",
          describeOp(graph, op), getOpClassName(cost.opClass), device.name,
          explainNoUnit(cost, device)));
    problem.minDurations[op] = minDuration;
  }
  problem.computeLevels();
  problem.computeOutputs();
  return problem;
}

void Problem::computeOutputs() {
  unsigned numOps = graph->size(), units = numUnits();
  outputBytes.assign(numOps, 0.0);
  mustLeave.assign(size_t(numOps) * units, false);
  for (NodeId op = 0; op < numOps; ++op) {
    for (auto [pred, bytes] :
         llvm::zip(graph->preds(op), graph->predBytes(op))) {
      outputBytes[pred] = std::max(outputBytes[pred], bytes);
      for (unsigned unit = 0; unit < units; ++unit)
        if (!isAllowed(op, unit))
          mustLeave[size_t(pred) * units + unit] = true;
    }
  }
}

void Problem::computeLevels() {
  unsigned numOps = graph->size();
  llvm::ArrayRef<NodeId> order = graph->topologicalOrder();
  topLevels.assign(numOps, 0.0);
  for (NodeId op : order)
    for (NodeId pred : graph->preds(op))
      topLevels[op] =
          std::max(topLevels[op], topLevels[pred] + minDurations[pred]);
  bottomLevels.assign(numOps, 0.0);
  for (NodeId op : llvm::reverse(order)) {
    double longestTail = 0;
    for (NodeId succ : graph->succs(op))
      longestTail = std::max(longestTail, bottomLevels[succ]);
    bottomLevels[op] = minDurations[op] + longestTail;
  }
  work = 0;
  critical = 0;
  for (NodeId op = 0; op < numOps; ++op) {
    work += minDurations[op];
    critical = std::max(critical, bottomLevels[op]);
  }
}

double Problem::speedup(double makespan) const {
  return makespan > 0 ? work / makespan : 0.0;
}
