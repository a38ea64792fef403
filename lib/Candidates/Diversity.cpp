//===- Diversity.cpp - How different a set of schedules is ----------------===//

#include "gfsched/Candidates/Diversity.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>
#include <cmath>

using namespace gfsched;

double gfsched::chainEdgeDistance(llvm::ArrayRef<NodeId> successorsX,
                                  llvm::ArrayRef<NodeId> successorsY) {
  assert(successorsX.size() == successorsY.size() &&
         "schedules of different problems");
  // An op has at most one chain successor, so the edge (a, b) of D(x) is in
  // D(y) exactly when a has the same successor b in y. Branch-free, so that
  // it vectorizes: rankDistinct calls it for every pair it weighs.
  size_t edgesX = 0, edgesY = 0, different = 0;
  for (auto [nextX, nextY] : llvm::zip_equal(successorsX, successorsY)) {
    unsigned hasX = nextX != kNoChainSuccessor;
    unsigned hasY = nextY != kNoChainSuccessor;
    edgesX += hasX;
    edgesY += hasY;
    different += (nextX != nextY) * (hasX + hasY);
  }
  if (edgesX + edgesY == 0)
    return 0;
  return double(different) / double(edgesX + edgesY);
}

double gfsched::chainEdgeDistance(const Schedule &x, const Schedule &y) {
  return chainEdgeDistance(getChainSuccessors(x), getChainSuccessors(y));
}

static double squaredDistance(llvm::ArrayRef<double> a,
                              llvm::ArrayRef<double> b) {
  assert(a.size() == b.size() && "vectors of different sizes");
  double sum = 0;
  for (auto [x, y] : llvm::zip_equal(a, b))
    sum += (x - y) * (x - y);
  return sum;
}

double gfsched::startTimeDistance(llvm::ArrayRef<double> startsX,
                                  llvm::ArrayRef<double> startsY) {
  return std::sqrt(squaredDistance(startsX, startsY));
}

/// Ops on different units: each contributes (1 - 0)^2 + (0 - 1)^2 = 2 to the
/// squared distance of the one-hot placements.
static unsigned countMoved(const Schedule &x, const Schedule &y) {
  assert(x.numOps() == y.numOps() && "schedules of different problems");
  unsigned moved = 0;
  for (NodeId op = 0; op < x.numOps(); ++op)
    moved += x.unitOf(op) != y.unitOf(op);
  return moved;
}

double gfsched::placementDistance(const Schedule &x,
                                  llvm::ArrayRef<double> startsX,
                                  const Schedule &y,
                                  llvm::ArrayRef<double> startsY) {
  return std::sqrt(squaredDistance(startsX, startsY) + 2.0 * countMoved(x, y));
}

Diversity
gfsched::measureDiversity(llvm::ArrayRef<Schedule> schedules,
                          llvm::ArrayRef<std::vector<double>> startTimes) {
  assert(schedules.size() == startTimes.size() &&
         "one start-time vector per schedule");
  Diversity result;
  size_t count = schedules.size();
  result.numSchedules = count;
  std::vector<std::vector<NodeId>> successors;
  successors.reserve(count);
  for (const Schedule &schedule : schedules)
    successors.push_back(getChainSuccessors(schedule));

  double chainEdge = 0, startTime = 0, placement = 0;
  for (size_t j = 0; j < count; ++j) {
    bool distinct = true;
    for (size_t i = 0; i < j; ++i) {
      chainEdge += chainEdgeDistance(successors[i], successors[j]);
      double squared = squaredDistance(startTimes[i], startTimes[j]);
      startTime += std::sqrt(squared);
      placement +=
          std::sqrt(squared + 2.0 * countMoved(schedules[i], schedules[j]));
      if (distinct && schedules[i] == schedules[j])
        distinct = false;
    }
    result.numDistinct += distinct;
  }
  if (count >= 2) {
    double pairs = double(count) * double(count - 1) / 2;
    result.chainEdge = chainEdge / pairs;
    result.startTime = startTime / pairs;
    result.placement = placement / pairs;
  }
  return result;
}

Diversity gfsched::measureDiversity(llvm::ArrayRef<Schedule> schedules,
                                    const LatencyModel &proxy) {
  std::vector<std::vector<double>> startTimes;
  startTimes.reserve(schedules.size());
  for (const Schedule &schedule : schedules) {
    std::optional<Timing> timing = proxy.simulate(schedule);
    assert(timing && "schedules must be feasible");
    startTimes.push_back(timing ? std::move(timing->start)
                                : std::vector<double>(schedule.numOps(), 0.0));
  }
  return measureDiversity(schedules, startTimes);
}
