//===- Locality.cpp - Unit labels that keep data on its unit --------------===//

#include "gfsched/Schedule/Locality.h"

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <tuple>

namespace gfsched {

namespace {

/// The greedy interval colouring behind keepDataLocal().
class LocalityRelabeller {
public:
  LocalityRelabeller(const Problem &problem, const Schedule &schedule,
                     const Timing &timing)
      : problem(problem), graph(problem.getGraph()), schedule(schedule),
        timing(timing), newUnit(problem.numOps(), Schedule::kUnplaced),
        waitingSuccs(problem.numOps()),
        unitFree(problem.numUnits(), -std::numeric_limits<double>::infinity()),
        unitLast(problem.numUnits(), kNone) {
    for (NodeId op = 0; op < problem.numOps(); ++op)
      waitingSuccs[op] = graph.succs(op).size();
  }

  /// The relabelled schedule, or std::nullopt if some op found no free unit
  /// of its duration.
  std::optional<Schedule> run() {
    Schedule result(problem.numOps(), problem.numUnits());
    for (NodeId op : opsByStart()) {
      std::optional<unsigned> unit = chooseUnit(op);
      if (!unit)
        return std::nullopt;
      assign(op, *unit);
      result.append(op, *unit);
    }
    return result;
  }

private:
  static constexpr NodeId kNone = ~0u;

  /// Ops by proxy start, then finish (a zero-length op before the op that
  /// starts as it ends), then their order of execution in the schedule.
  std::vector<NodeId> opsByStart() const {
    std::vector<NodeId> ops = executionOrder(graph, schedule);
    std::vector<unsigned> position(problem.numOps());
    for (auto [index, op] : llvm::enumerate(ops))
      position[op] = index;
    llvm::sort(ops, [&](NodeId a, NodeId b) {
      return std::tie(timing.start[a], timing.finish[a], position[a]) <
             std::tie(timing.start[b], timing.finish[b], position[b]);
    });
    return ops;
  }

  /// What keeping `op` on `unit` saves, from the inputs already there: the
  /// delay the transfers would add on the bandwidth and latency targets
  /// beyond the slack each input has, then their whole cost, then how many
  /// edges they are.
  std::tuple<double, double, unsigned> inputsOn(NodeId op,
                                                unsigned unit) const {
    const Device &device = problem.getDevice();
    double delay = 0, cost = 0;
    unsigned count = 0;
    for (auto [pred, bytes] : llvm::zip(graph.preds(op), graph.predBytes(op))) {
      if (newUnit[pred] != unit)
        continue;
      double slack = timing.start[op] - timing.finish[pred];
      for (const TransferCost &transfer : {device.bandwidth, device.latency}) {
        delay += std::max(0.0, transfer.cost(bytes) - slack);
        cost += transfer.cost(bytes);
      }
      ++count;
    }
    return {delay, cost, count};
  }

  std::optional<unsigned> chooseUnit(NodeId op) const {
    unsigned oldUnit = schedule.unitOf(op);
    double duration = problem.duration(op, oldUnit);
    std::optional<unsigned> best;
    auto key = [&](unsigned unit) {
      auto [delay, cost, count] = inputsOn(op, unit);
      NodeId last = unitLast[unit];
      bool lastStillFeeds = last != kNone && waitingSuccs[last] > 0;
      return std::make_tuple(delay, cost, count, !lastStillFeeds,
                             unitFree[unit]);
    };
    for (unsigned unit : problem.allowedUnits(op)) {
      if (problem.duration(op, unit) != duration ||
          unitFree[unit] > timing.start[op])
        continue;
      // Strictly better only, so that ties keep the lowest unit.
      if (!best || key(unit) > key(*best))
        best = unit;
    }
    return best;
  }

  void assign(NodeId op, unsigned unit) {
    newUnit[op] = unit;
    unitFree[unit] = timing.finish[op];
    unitLast[unit] = op;
    for (NodeId pred : graph.preds(op))
      --waitingSuccs[pred];
  }

  const Problem &problem;
  const DepGraph &graph;
  const Schedule &schedule;
  const Timing &timing;
  std::vector<unsigned> newUnit;
  std::vector<unsigned> waitingSuccs;
  std::vector<double> unitFree;
  std::vector<NodeId> unitLast;
};

} // namespace

Schedule keepDataLocal(const Problem &problem, const Schedule &schedule) {
  LatencyModel proxy(problem, ModelKind::Proxy);
  std::optional<Timing> timing = proxy.simulate(schedule);
  if (!timing)
    return schedule;
  std::optional<Schedule> relabelled =
      LocalityRelabeller(problem, schedule, *timing).run();
  if (!relabelled)
    return schedule;
  assert(proxy.makespan(*relabelled) <= timing->makespan &&
         "relabelling kept every proxy interval, so no op can start later");
  return std::move(*relabelled);
}

unsigned countCrossUnitEdges(const DepGraph &graph, const Schedule &schedule) {
  unsigned count = 0;
  for (NodeId op = 0; op < graph.size(); ++op)
    for (NodeId pred : graph.preds(op))
      count += schedule.unitOf(pred) != schedule.unitOf(op);
  return count;
}

} // namespace gfsched
