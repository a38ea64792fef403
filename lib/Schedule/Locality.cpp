//===- Locality.cpp - Unit labels that keep data on its unit --------------===//

#include "gfsched/Schedule/Locality.h"

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <optional>
#include <tuple>

namespace gfsched {

namespace {

/// The greedy interval colouring behind keepDataLocal().
class LocalityRelabeller {
public:
  LocalityRelabeller(const Problem &problem, const Schedule &schedule,
                     const Timing &timing, TransferCost transfer)
      : problem(problem), graph(problem.getGraph()), schedule(schedule),
        timing(timing), transfer(transfer),
        newUnit(problem.numOps(), Schedule::kUnplaced),
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
    std::vector<NodeId> ops = opsByStart();
    for (size_t begin = 0, end; begin < ops.size(); begin = end) {
      end = begin + 1;
      while (end < ops.size() &&
             timing.start[ops[end]] == timing.start[ops[begin]])
        ++end;
      if (!assignGroup(llvm::MutableArrayRef(ops).slice(begin, end - begin),
                       result))
        return std::nullopt;
    }
    return result;
  }

private:
  static constexpr NodeId kNone = ~0u;
  /// How much placing an op on a unit keeps local, compared
  /// lexicographically (see chooseUnit).
  using Score = std::tuple<double, double, unsigned, double, bool, double>;

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

  /// Assigns ops that start at the same time. Zero-length ops go first, in
  /// order (one may feed the next); they leave their unit free. Then, of the
  /// others, the (op, unit) pair with the best score goes first, so that the
  /// op that loses most by leaving its input's unit gets it, not whichever
  /// op is shorter.
  bool assignGroup(llvm::MutableArrayRef<NodeId> group, Schedule &result) {
    auto firstLong = llvm::find_if(
        group, [&](NodeId op) { return timing.finish[op] > timing.start[op]; });
    for (NodeId op : llvm::make_range(group.begin(), firstLong)) {
      std::optional<std::pair<unsigned, Score>> choice = chooseUnit(op);
      if (!choice)
        return false;
      assign(op, choice->first, result);
    }
    llvm::SmallVector<NodeId> pending(firstLong, group.end());
    while (!pending.empty()) {
      std::optional<std::tuple<Score, size_t, unsigned>> best;
      for (auto [index, op] : llvm::enumerate(pending)) {
        std::optional<std::pair<unsigned, Score>> choice = chooseUnit(op);
        if (!choice)
          return false;
        if (!best || choice->second > std::get<0>(*best))
          best = {choice->second, index, choice->first};
      }
      auto [score, index, unit] = *best;
      assign(pending[index], unit, result);
      pending.erase(pending.begin() + index);
    }
    return true;
  }

  /// What keeping `op` on `unit` saves, from the inputs already there: the
  /// delay their transfers would add beyond the slack each input has, their
  /// whole transfer cost, and how many edges they are.
  std::tuple<double, double, unsigned> inputsOn(NodeId op,
                                                unsigned unit) const {
    double delay = 0, cost = 0;
    unsigned count = 0;
    for (auto [pred, bytes] : llvm::zip(graph.preds(op), graph.predBytes(op))) {
      if (newUnit[pred] != unit)
        continue;
      double slack = timing.start[op] - timing.finish[pred];
      delay += std::max(0.0, transfer.cost(bytes) - slack);
      cost += transfer.cost(bytes);
      ++count;
    }
    return {delay, cost, count};
  }

  /// The free unit of the op's duration where it keeps the most local, with
  /// its score: the transfer delay avoided, the transfer cost avoided, the
  /// edges kept, the op's bottom level (on a tie the op on the critical path
  /// keeps its input's unit), a unit whose last op has no successor waiting,
  /// and the unit free latest (best fit). Ties keep the lowest unit.
  std::optional<std::pair<unsigned, Score>> chooseUnit(NodeId op) const {
    double duration = problem.duration(op, schedule.unitOf(op));
    std::optional<std::pair<unsigned, Score>> best;
    for (unsigned unit : problem.allowedUnits(op)) {
      if (problem.duration(op, unit) != duration ||
          unitFree[unit] > timing.start[op])
        continue;
      auto [delay, cost, count] = inputsOn(op, unit);
      NodeId last = unitLast[unit];
      bool lastStillFeeds = last != kNone && waitingSuccs[last] > 0;
      Score score = {delay,           cost,
                     count,           problem.bottomLevel(op),
                     !lastStillFeeds, unitFree[unit]};
      if (!best || score > best->second)
        best = {unit, score};
    }
    return best;
  }

  void assign(NodeId op, unsigned unit, Schedule &result) {
    newUnit[op] = unit;
    unitFree[unit] = timing.finish[op];
    unitLast[unit] = op;
    for (NodeId pred : graph.preds(op))
      --waitingSuccs[pred];
    result.append(op, unit);
  }

  const Problem &problem;
  const DepGraph &graph;
  const Schedule &schedule;
  const Timing &timing;
  TransferCost transfer;
  std::vector<unsigned> newUnit;
  std::vector<unsigned> waitingSuccs;
  std::vector<double> unitFree;
  std::vector<NodeId> unitLast;
};

} // namespace

Schedule keepDataLocal(const Problem &problem, const Schedule &schedule,
                       TransferCost transfer) {
  std::optional<Timing> timing =
      LatencyModel(problem, ModelKind::Proxy).simulate(schedule);
  if (!timing)
    return schedule;
  return keepDataLocal(problem, schedule, *timing, transfer);
}

Schedule keepDataLocal(const Problem &problem, const Schedule &schedule,
                       const Timing &proxyTiming, TransferCost transfer) {
  std::optional<Schedule> relabelled =
      LocalityRelabeller(problem, schedule, proxyTiming, transfer).run();
  if (!relabelled)
    return schedule;
  assert(LatencyModel(problem, ModelKind::Proxy).makespan(*relabelled) <=
             proxyTiming.makespan &&
         "relabelling kept every proxy interval, so no op can start later");
  return std::move(*relabelled);
}

CrossUnitTraffic measureCrossUnitTraffic(const DepGraph &graph,
                                         const Schedule &schedule) {
  CrossUnitTraffic traffic;
  for (NodeId op = 0; op < graph.size(); ++op)
    for (auto [pred, bytes] :
         llvm::zip_equal(graph.preds(op), graph.predBytes(op)))
      if (schedule.unitOf(pred) != schedule.unitOf(op)) {
        ++traffic.edges;
        traffic.bytes += bytes;
      }
  return traffic;
}

} // namespace gfsched
