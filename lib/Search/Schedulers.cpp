//===- Schedulers.cpp - Classic schedulers --------------------------------===//

#include "gfsched/Search/Schedulers.h"

#include "ReadyQueue.h"

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Locality.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <limits>
#include <queue>
#include <set>

using namespace gfsched;

namespace {

/// The allowed unit of `op` where `cost(unit)` is lowest, with that cost;
/// ties go to the lower unit. kUnplaced (at infinity) if every cost is
/// infinite.
template <typename CostFn>
std::pair<unsigned, double> cheapestUnit(const Problem &problem, NodeId op,
                                         CostFn cost) {
  std::pair<unsigned, double> best = {Schedule::kUnplaced,
                                      std::numeric_limits<double>::infinity()};
  for (unsigned unit : problem.allowedUnits(op)) {
    double value = cost(unit);
    if (value < best.second)
      best = {unit, value};
  }
  return best;
}

/// A partial schedule built one MDP step at a time, with the proxy times of
/// its placed ops. Placing an op only needs its predecessors and its unit's
/// last op, so the proxy start of every placed op is final.
class ProxyState {
public:
  explicit ProxyState(const Problem &problem)
      : problem(problem), schedule(problem.numOps(), problem.numUnits()),
        finish(problem.numOps(), 0.0), unitFree(problem.numUnits(), 0.0),
        missingPreds(problem.numOps()) {
    const DepGraph &graph = problem.getGraph();
    for (NodeId op = 0; op < problem.numOps(); ++op) {
      missingPreds[op] = graph.preds(op).size();
      if (missingPreds[op] == 0)
        ready.push_back(op);
    }
  }

  /// Ops whose predecessors are all placed, in a deterministic order.
  llvm::ArrayRef<NodeId> readyOps() const { return ready; }
  bool isReady(NodeId op) const {
    return missingPreds[op] == 0 && !schedule.isPlaced(op);
  }
  bool isComplete() const { return schedule.isComplete(); }
  double unitFreeTime(unsigned unit) const { return unitFree[unit]; }

  /// When all of `op`'s inputs are available (its predecessors are placed).
  double readyTime(NodeId op) const {
    double time = 0;
    for (NodeId pred : problem.getGraph().preds(op))
      time = std::max(time, finish[pred]);
    return time;
  }
  double startOn(NodeId op, unsigned unit) const {
    return std::max(unitFree[unit], readyTime(op));
  }

  /// The allowed unit where `op` starts earliest; ties go to the lower unit.
  unsigned earliestStartUnit(NodeId op) const {
    return cheapestUnit(problem, op,
                        [&](unsigned unit) { return startOn(op, unit); })
        .first;
  }

  /// Places a ready `op` last on `unit`; returns its finish time.
  double place(NodeId op, unsigned unit) {
    auto it = llvm::find(ready, op);
    assert(it != ready.end() && "op is not ready");
    return placeReady(it - ready.begin(), unit);
  }

  /// Places readyOps()[index] last on `unit`; returns its finish time.
  double placeReady(size_t index, unsigned unit) {
    NodeId op = ready[index];
    assert(problem.isAllowed(op, unit) && "unit may not run op");
    // Swap-and-pop keeps the order deterministic without shifting.
    std::swap(ready[index], ready.back());
    ready.pop_back();
    finish[op] = startOn(op, unit) + problem.duration(op, unit);
    unitFree[unit] = finish[op];
    schedule.append(op, unit);
    for (NodeId succ : problem.getGraph().succs(op))
      if (--missingPreds[succ] == 0)
        ready.push_back(succ);
    return finish[op];
  }

  Schedule take() && {
    assert(isComplete() && "the schedule is not complete");
    return std::move(schedule);
  }

private:
  const Problem &problem;
  Schedule schedule;
  std::vector<double> finish, unitFree;
  std::vector<unsigned> missingPreds;
  std::vector<NodeId> ready;
};

//===----------------------------------------------------------------------===//
// List scheduling
//===----------------------------------------------------------------------===//

/// Event-driven list scheduling: at each event time, idle units take the
/// ready ops of highest priority; when no pair of a ready op and an idle unit
/// allowed to run it is left, time advances to the next finish.
class ListScheduler {
public:
  ListScheduler(const Problem &problem, llvm::ArrayRef<double> priority)
      : problem(problem), state(problem), byPriority(Higher{priority}),
        readyAt(problem.numOps(), 0.0) {
    for (NodeId op : state.readyOps())
      byPriority.insert(op);
  }

  Schedule run() && {
    double now = 0;
    while (!state.isComplete()) {
      if (assignOne(now))
        continue;
      assert(!finishTimes.empty() && "no op can ever start");
      now = finishTimes.top();
      while (!finishTimes.empty() && finishTimes.top() <= now)
        finishTimes.pop();
    }
    return std::move(state).take();
  }

private:
  struct Higher {
    llvm::ArrayRef<double> priority;
    bool operator()(NodeId a, NodeId b) const {
      return priority[a] != priority[b] ? priority[a] > priority[b] : a < b;
    }
  };

  /// Queues the successors of `op` that placing it made ready. Their inputs
  /// are all placed, so the time they become available is final.
  void addNewlyReady(NodeId op) {
    for (NodeId succ : problem.getGraph().succs(op)) {
      if (!state.isReady(succ))
        continue;
      readyAt[succ] = state.readyTime(succ);
      byPriority.insert(succ);
    }
  }

  bool anyUnitIdle(double now) const {
    for (unsigned unit = 0; unit < problem.numUnits(); ++unit)
      if (state.unitFreeTime(unit) <= now)
        return true;
    return false;
  }

  /// The idle allowed unit where `op` would finish first (lowest on ties),
  /// or kUnplaced if every allowed unit is busy at `now`.
  unsigned pickIdleUnit(NodeId op, double now) const {
    return cheapestUnit(problem, op,
                        [&](unsigned unit) {
                          return state.unitFreeTime(unit) > now
                                     ? std::numeric_limits<double>::infinity()
                                     : now + problem.duration(op, unit);
                        })
        .first;
  }

  /// Assigns the best ready op that has an idle allowed unit at `now`.
  bool assignOne(double now) {
    if (!anyUnitIdle(now))
      return false;
    for (NodeId op : byPriority) {
      if (readyAt[op] > now)
        continue;
      unsigned unit = pickIdleUnit(op, now);
      if (unit == Schedule::kUnplaced)
        continue;
      byPriority.erase(op);
      finishTimes.push(state.place(op, unit));
      addNewlyReady(op);
      return true;
    }
    return false;
  }

  const Problem &problem;
  ProxyState state;
  /// Ops whose predecessors are all placed, best first.
  std::set<NodeId, Higher> byPriority;
  /// When each queued op's inputs are all available.
  std::vector<double> readyAt;
  std::priority_queue<double, std::vector<double>, std::greater<double>>
      finishTimes;
};

} // namespace

Schedule gfsched::listSchedule(const Problem &problem) {
  std::vector<double> bottomLevels(problem.numOps());
  for (NodeId op = 0; op < problem.numOps(); ++op)
    bottomLevels[op] = problem.bottomLevel(op);
  return listScheduleByPriority(problem, bottomLevels);
}

Schedule gfsched::listScheduleByPriority(const Problem &problem,
                                         llvm::ArrayRef<double> priority) {
  assert(priority.size() == problem.numOps() && "one priority per op");
  return ListScheduler(problem, priority).run();
}

Schedule gfsched::earliestFinishByPriority(const Problem &problem,
                                           llvm::ArrayRef<double> priority,
                                           TransferCost transfer) {
  assert(priority.size() == problem.numOps() && "one priority per op");
  const DepGraph &graph = problem.getGraph();
  Schedule schedule(problem.numOps(), problem.numUnits());
  std::vector<double> finish(problem.numOps(), 0.0);
  std::vector<double> unitFree(problem.numUnits(), 0.0);
  auto finishOn = [&](NodeId op, unsigned unit) {
    double inputs = 0;
    for (auto [pred, bytes] : llvm::zip(graph.preds(op), graph.predBytes(op)))
      inputs = std::max(
          inputs,
          finish[pred] + transfer.between(schedule.unitOf(pred), unit, bytes));
    return std::max(inputs, unitFree[unit]) + problem.duration(op, unit);
  };
  // Where a successor may not run on the unit, the result must leave it
  // too, which finishing first alone does not see: on a heterogeneous device
  // a copy put on the DMA engine between two vector ops costs a transfer
  // each way.
  auto sendAway = [&](NodeId op, unsigned unit) {
    return problem.resultMustLeave(op, unit)
               ? transfer.cost(problem.largestOutputBytes(op))
               : 0.0;
  };
  ReadyQueue ready(graph, priority);
  while (!ready.empty()) {
    NodeId op = ready.take();
    unsigned unit = cheapestUnit(problem, op, [&](unsigned candidate) {
                      return finishOn(op, candidate) + sendAway(op, candidate);
                    }).first;
    finish[op] = finishOn(op, unit);
    unitFree[unit] = finish[op];
    schedule.append(op, unit);
  }
  assert(schedule.isComplete() && "the graph has a cycle");
  return schedule;
}

/// tightenSample(), and with `replayOut` the transfer-aware replay too.
static Schedule tighten(const Problem &problem, const Schedule &sample,
                        TransferCost transfer, Schedule *replayOut) {
  LatencyModel proxy(problem, ModelKind::Proxy);
  std::optional<Timing> timing = proxy.simulate(sample);
  assert(timing && "a sample is feasible");
  std::vector<double> priority(problem.numOps());
  for (NodeId op = 0; op < problem.numOps(); ++op)
    priority[op] = -timing->start[op];
  Schedule best = sample;
  Timing bestTiming = std::move(*timing);
  auto simulate = [&](const Schedule &replay) {
    std::optional<Timing> replayTiming = proxy.simulate(replay);
    assert(replayTiming && "a list schedule is feasible");
    return std::move(*replayTiming);
  };
  // Only if strictly shorter: on a tie the sample's own choices stay.
  auto isShorter = [&](const Timing &replayTiming) {
    return replayTiming.makespan < bestTiming.makespan;
  };
  auto consider = [&](Schedule replay, Timing replayTiming) {
    if (isShorter(replayTiming)) {
      best = std::move(replay);
      bestTiming = std::move(replayTiming);
    }
  };
  Schedule listReplay = listScheduleByPriority(problem, priority);
  Timing listTiming = simulate(listReplay);
  consider(std::move(listReplay), std::move(listTiming));
  Schedule replay = earliestFinishByPriority(problem, priority, transfer);
  Timing replayTiming = simulate(replay);
  if (!replayOut) {
    consider(std::move(replay), std::move(replayTiming));
    return keepDataLocal(problem, best, bestTiming, transfer);
  }
  // The replay's labels serve both results when the proxy prefers it too.
  *replayOut = keepDataLocal(problem, replay, replayTiming, transfer);
  if (isShorter(replayTiming))
    return *replayOut;
  return keepDataLocal(problem, best, bestTiming, transfer);
}

Schedule gfsched::tightenSample(const Problem &problem, const Schedule &sample,
                                TransferCost transfer) {
  return tighten(problem, sample, transfer, /*replayOut=*/nullptr);
}

double gfsched::tightenedProxySpeedup(const Problem &problem,
                                      const Schedule &sample) {
  Schedule delivered = tightenSample(problem, sample, TransferCost());
  return problem.speedup(
      LatencyModel(problem, ModelKind::Proxy).makespan(delivered));
}

TightenedSample gfsched::tightenSampleWithReplay(const Problem &problem,
                                                 const Schedule &sample,
                                                 TransferCost transfer) {
  TightenedSample result;
  result.tightened =
      tighten(problem, sample, transfer, &result.transferAwareReplay);
  return result;
}

TransferCost gfsched::getTighteningTransfer(const Device &device,
                                            size_t index) {
  return index % 2 ? device.latency : device.bandwidth;
}

Schedule gfsched::programOrderSchedule(const Problem &problem) {
  ProxyState state(problem);
  // The topological order is the program order for graphs extracted from IR,
  // whose edges all point forward.
  for (NodeId op : problem.getGraph().topologicalOrder())
    state.place(op, state.earliestStartUnit(op));
  return std::move(state).take();
}

Schedule gfsched::randomSchedule(const Problem &problem, Rng &rng) {
  ProxyState state(problem);
  while (!state.isComplete()) {
    size_t index = uniformIndex(rng, state.readyOps().size());
    llvm::ArrayRef<unsigned> units =
        problem.allowedUnits(state.readyOps()[index]);
    state.placeReady(index, units[uniformIndex(rng, units.size())]);
  }
  return std::move(state).take();
}

Schedule gfsched::randomListSchedule(const Problem &problem, Rng &rng) {
  ProxyState state(problem);
  while (!state.isComplete()) {
    size_t index = uniformIndex(rng, state.readyOps().size());
    NodeId op = state.readyOps()[index];
    state.placeReady(index, state.earliestStartUnit(op));
  }
  return std::move(state).take();
}

//===----------------------------------------------------------------------===//
// Branch and bound
//===----------------------------------------------------------------------===//

namespace {

/// Depth-first branch and bound over the MDP. Two reductions keep it small
/// without losing any schedule's makespan:
///  - canonical order: ops are placed in order of (proxy start, op id),
///    except that an op may directly follow, at the same start, the op it
///    waits on. Every schedule has exactly such a trajectory (take its ops by
///    (start, id) among those whose predecessors and chain predecessor were
///    taken), and in it starts never decrease, which also bounds every
///    future start from below;
///  - symmetry: of several empty units of one type, only the first is tried.
class BranchAndBound {
public:
  BranchAndBound(const Problem &problem, uint64_t nodeLimit)
      : problem(problem), nodeLimit(nodeLimit),
        current(problem.numOps(), problem.numUnits()),
        finish(problem.numOps(), 0.0), unitFree(problem.numUnits(), 0.0),
        missingPreds(problem.numOps()) {
    const DepGraph &graph = problem.getGraph();
    for (NodeId op = 0; op < problem.numOps(); ++op) {
      missingPreds[op] = graph.preds(op).size();
      remainingWork += problem.minDuration(op);
      if (missingPreds[op] == 0)
        ready.push_back(op);
    }
  }

  std::optional<Schedule> run() && {
    best = listSchedule(problem);
    bestMakespan = LatencyModel(problem, ModelKind::Proxy).makespan(best);
    search(kNoOp, 0.0, 0.0);
    if (aborted)
      return std::nullopt;
    return std::move(best);
  }

private:
  static constexpr NodeId kNoOp = ~NodeId(0);

  /// A lower bound on the makespan of every completion of `current`.
  double lowerBound(double lastStart, double makespan) const {
    double bound = makespan;
    // Every unit ends at least at its free time plus the work it still gets.
    double sumFree = 0;
    for (double free : unitFree)
      sumFree += free;
    bound = std::max(bound, (sumFree + remainingWork) / problem.numUnits());
    // A ready op starts no earlier than its inputs, its fastest-free allowed
    // unit and (canonical order) the last start; its bottom level follows.
    // Every other unplaced op is covered by a ready ancestor's bottom level.
    for (NodeId op : ready) {
      double earliest = std::max(lastStart, readyTime(op));
      double freeUnit = std::numeric_limits<double>::infinity();
      for (unsigned unit : problem.allowedUnits(op))
        freeUnit = std::min(freeUnit, unitFree[unit]);
      earliest = std::max(earliest, freeUnit);
      bound = std::max(bound, earliest + problem.bottomLevel(op));
    }
    return bound;
  }

  double readyTime(NodeId op) const {
    double time = 0;
    for (NodeId pred : problem.getGraph().preds(op))
      time = std::max(time, finish[pred]);
    return time;
  }

  /// Whether placing `op` at `opStart` on `unit` right after `last` (placed
  /// at `lastStart`) follows the canonical order.
  bool isCanonical(NodeId op, unsigned unit, double opStart, NodeId last,
                   double lastStart) const {
    if (last == kNoOp || opStart > lastStart)
      return true;
    if (opStart < lastStart)
      return false;
    if (op > last || current.unitOf(last) == unit)
      return true;
    return llvm::is_contained(problem.getGraph().preds(op), last);
  }

  /// Units worth trying for `op`: allowed, and not an empty unit whose type
  /// already has a lower empty unit (identical empty units are
  /// interchangeable).
  std::vector<unsigned> candidateUnits(NodeId op) const {
    std::vector<unsigned> units;
    std::vector<unsigned> emptyTypesTried;
    const Device &device = problem.getDevice();
    for (unsigned unit : problem.allowedUnits(op)) {
      if (current.unitOrder(unit).empty()) {
        unsigned type = device.unitTypeOf(unit);
        if (llvm::is_contained(emptyTypesTried, type))
          continue;
        emptyTypesTried.push_back(type);
      }
      units.push_back(unit);
    }
    return units;
  }

  void search(NodeId last, double lastStart, double makespan) {
    if (aborted)
      return;
    if (++nodes > nodeLimit) {
      aborted = true;
      return;
    }
    if (ready.empty()) {
      if (makespan < bestMakespan) {
        bestMakespan = makespan;
        best = current;
      }
      return;
    }
    if (lowerBound(lastStart, makespan) >= bestMakespan)
      return;
    // Critical ops first finds good schedules early and prunes more.
    std::vector<NodeId> ops = ready;
    llvm::sort(ops, [&](NodeId a, NodeId b) {
      double levelA = problem.bottomLevel(a), levelB = problem.bottomLevel(b);
      return levelA != levelB ? levelA > levelB : a < b;
    });
    for (NodeId op : ops) {
      double inputs = readyTime(op);
      for (unsigned unit : candidateUnits(op)) {
        double opStart = std::max(unitFree[unit], inputs);
        if (!isCanonical(op, unit, opStart, last, lastStart))
          continue;
        descend(op, unit, opStart, makespan);
        if (aborted)
          return;
      }
    }
  }

  /// Places `op` on `unit`, searches below, and undoes the placement.
  void descend(NodeId op, unsigned unit, double opStart, double makespan) {
    size_t readyIndex = llvm::find(ready, op) - ready.begin();
    std::swap(ready[readyIndex], ready.back());
    ready.pop_back();
    size_t readyBefore = ready.size();
    for (NodeId succ : problem.getGraph().succs(op))
      if (--missingPreds[succ] == 0)
        ready.push_back(succ);
    // Saved rather than recomputed, so that undoing is exact.
    double oldFree = unitFree[unit], oldWork = remainingWork;
    finish[op] = opStart + problem.duration(op, unit);
    unitFree[unit] = finish[op];
    remainingWork -= problem.minDuration(op);
    current.append(op, unit);

    search(op, opStart, std::max(makespan, finish[op]));

    current.removeLast(unit);
    remainingWork = oldWork;
    unitFree[unit] = oldFree;
    ready.resize(readyBefore);
    for (NodeId succ : problem.getGraph().succs(op))
      ++missingPreds[succ];
    ready.push_back(op);
    std::swap(ready[readyIndex], ready.back());
  }

  const Problem &problem;
  uint64_t nodeLimit;
  uint64_t nodes = 0;
  bool aborted = false;
  Schedule current, best;
  double bestMakespan = std::numeric_limits<double>::infinity();
  std::vector<double> finish, unitFree;
  std::vector<unsigned> missingPreds;
  std::vector<NodeId> ready;
  double remainingWork = 0;
};

} // namespace

std::optional<Schedule> gfsched::optimalSchedule(const Problem &problem,
                                                 uint64_t nodeLimit) {
  return BranchAndBound(problem, nodeLimit).run();
}
