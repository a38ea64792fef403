//===- Schedule.cpp - A unit per op and an order per unit -----------------===//

#include "gfsched/Schedule/Schedule.h"

#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cassert>

using namespace gfsched;

void Schedule::append(NodeId op, unsigned unit) {
  assert(op < numOps() && unit < numUnits() && "op or unit out of range");
  assert(!isPlaced(op) && "op is already placed");
  unitOfOp[op] = unit;
  unitOrders[unit].push_back(op);
  ++placed;
}

void Schedule::removeLast(unsigned unit) {
  assert(unit < numUnits() && !unitOrders[unit].empty() &&
         "removeLast needs a non-empty unit");
  unitOfOp[unitOrders[unit].back()] = kUnplaced;
  unitOrders[unit].pop_back();
  --placed;
}

std::vector<NodeId> gfsched::getChainSuccessors(const Schedule &schedule) {
  std::vector<NodeId> successors(schedule.numOps(), kNoChainSuccessor);
  for (unsigned unit = 0; unit < schedule.numUnits(); ++unit) {
    llvm::ArrayRef<NodeId> order = schedule.unitOrder(unit);
    for (size_t i = 0; i + 1 < order.size(); ++i)
      successors[order[i]] = order[i + 1];
  }
  return successors;
}

/// For every op, the op before it on its unit, or kNone.
static constexpr NodeId kNone = ~NodeId(0);

static std::vector<NodeId> chainPredecessors(const Schedule &schedule) {
  std::vector<NodeId> chainPred(schedule.numOps(), kNone);
  for (unsigned unit = 0; unit < schedule.numUnits(); ++unit) {
    llvm::ArrayRef<NodeId> order = schedule.unitOrder(unit);
    for (size_t i = 1; i < order.size(); ++i)
      chainPred[order[i]] = order[i - 1];
  }
  return chainPred;
}

std::vector<NodeId> gfsched::executionOrder(const DepGraph &graph,
                                            const Schedule &schedule) {
  assert(schedule.isComplete() && schedule.numOps() == graph.size() &&
         "executionOrder needs a complete schedule of this graph");
  // Every simulation starts here, several times per sample: an op waits for
  // its inputs and for its chain predecessor, and releases its chain
  // successor.
  unsigned numOps = graph.size();
  std::vector<NodeId> chainSucc = getChainSuccessors(schedule);
  std::vector<unsigned> missing(numOps, 0);
  for (NodeId succ : chainSucc)
    if (succ != kNoChainSuccessor)
      missing[succ] = 1;
  std::vector<NodeId> ready, order;
  order.reserve(numOps);
  for (NodeId op = 0; op < numOps; ++op) {
    missing[op] += graph.preds(op).size();
    if (missing[op] == 0)
      ready.push_back(op);
  }
  while (!ready.empty()) {
    NodeId op = ready.back();
    ready.pop_back();
    order.push_back(op);
    for (NodeId succ : graph.succs(op))
      if (--missing[succ] == 0)
        ready.push_back(succ);
    if (chainSucc[op] != kNoChainSuccessor && --missing[chainSucc[op]] == 0)
      ready.push_back(chainSucc[op]);
  }
  return order;
}

static std::string describeUnit(const Problem &problem, unsigned unit) {
  return llvm::formatv("unit {0} ('{1}')", unit,
                       problem.getDevice().unitName(unit))
      .str();
}

static llvm::Error checkSizes(const Problem &problem,
                              const Schedule &schedule) {
  if (schedule.numOps() == problem.numOps() &&
      schedule.numUnits() == problem.numUnits())
    return llvm::Error::success();
  return llvm::createStringError(llvm::formatv(
      "schedule is sized for {0} ops and {1} units, but the problem has {2} "
      "ops and {3} units",
      schedule.numOps(), schedule.numUnits(), problem.numOps(),
      problem.numUnits()));
}

static llvm::Error disallowedError(const Problem &problem, NodeId op,
                                   unsigned unit) {
  const DepGraph &graph = problem.getGraph();
  const Device &device = problem.getDevice();
  OpClass opClass = graph.cost(op).opClass;
  std::string prefix = describeOp(graph, op) + " is on " +
                       describeUnit(problem, unit) + ", which cannot run ";
  if (!device.unitTypes[device.unitTypeOf(unit)]
           .runs[static_cast<unsigned>(opClass)])
    return llvm::createStringError(prefix + "class '" +
                                   getOpClassName(opClass) + "'");
  // The class is fine; the unit lacks a rate for the op's FLOPs or bytes.
  return llvm::createStringError(prefix + "it (no rate for its FLOPs or "
                                          "bytes)");
}

static llvm::Error checkPlacement(const Problem &problem,
                                  const Schedule &schedule) {
  const DepGraph &graph = problem.getGraph();
  std::vector<unsigned> seen(problem.numOps(), 0);
  for (unsigned unit = 0; unit < schedule.numUnits(); ++unit) {
    for (NodeId op : schedule.unitOrder(unit)) {
      if (op >= problem.numOps())
        return llvm::createStringError(
            llvm::formatv("{0} runs op {1}, which does not exist",
                          describeUnit(problem, unit), op));
      if (++seen[op] > 1)
        return llvm::createStringError(describeOp(graph, op) + " placed twice");
      if (schedule.unitOf(op) != unit)
        return llvm::createStringError(
            llvm::formatv("{0} is listed on {1} but recorded on unit {2}",
                          describeOp(graph, op), describeUnit(problem, unit),
                          schedule.unitOf(op)));
      if (!problem.isAllowed(op, unit))
        return disallowedError(problem, op, unit);
    }
  }
  for (NodeId op = 0; op < problem.numOps(); ++op)
    if (seen[op] == 0)
      return llvm::createStringError(describeOp(graph, op) + " is not placed");
  return llvm::Error::success();
}

/// Names an op on a cycle of precedence and chain edges, given the ops that
/// executionOrder() could order. Each unordered op waits on an unordered
/// predecessor (a graph predecessor or the op before it on its unit), so
/// following those must revisit an op, which lies on a cycle.
static NodeId findOpOnCycle(const DepGraph &graph, const Schedule &schedule,
                            llvm::ArrayRef<NodeId> order) {
  std::vector<char> ordered(graph.size(), false);
  for (NodeId op : order)
    ordered[op] = true;
  std::vector<NodeId> chainPred = chainPredecessors(schedule);
  auto unorderedPred = [&](NodeId op) {
    if (chainPred[op] != kNone && !ordered[chainPred[op]])
      return chainPred[op];
    for (NodeId pred : graph.preds(op))
      if (!ordered[pred])
        return pred;
    llvm_unreachable("an unordered op waits on an unordered predecessor");
  };
  NodeId op = 0;
  while (ordered[op])
    ++op;
  std::vector<char> visited(graph.size(), false);
  while (!visited[op]) {
    visited[op] = true;
    op = unorderedPred(op);
  }
  return op;
}

llvm::Error gfsched::verify(const Problem &problem, const Schedule &schedule) {
  if (llvm::Error err = checkSizes(problem, schedule))
    return err;
  if (llvm::Error err = checkPlacement(problem, schedule))
    return err;
  const DepGraph &graph = problem.getGraph();
  std::vector<NodeId> order = executionOrder(graph, schedule);
  if (order.size() == problem.numOps())
    return llvm::Error::success();
  return llvm::createStringError(
      "schedule is infeasible: the unit chains contradict the dependencies "
      "(cycle through " +
      describeOp(graph, findOpOnCycle(graph, schedule, order)) + ")");
}

llvm::hash_code gfsched::hash_value(const Schedule &schedule) {
  llvm::hash_code hash = llvm::hash_value(schedule.numUnits());
  for (unsigned unit = 0; unit < schedule.numUnits(); ++unit)
    hash = llvm::hash_combine(
        hash, llvm::hash_combine_range(schedule.unitOrder(unit)));
  return hash;
}

size_t DistinctSchedules::insert(llvm::ArrayRef<Schedule> schedules,
                                 size_t index) {
  llvm::SmallVector<size_t, 1> &sameHash = byHash[hash_value(schedules[index])];
  for (size_t other : sameHash)
    if (schedules[other] == schedules[index])
      return other;
  sameHash.push_back(index);
  return index;
}
