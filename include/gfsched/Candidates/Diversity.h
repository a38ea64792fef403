//===- Diversity.h - How different a set of schedules is --------*- C++ -*-===//
//
// The paper's diversity metrics (PAPER.md, "Evaluation protocol") over a set
// of complete schedules of one problem, each the mean over unordered pairs
// {x, y} of the set (0 for fewer than two schedules). Duplicates count as
// they come: a set of 100 copies of one schedule has diversity 0.
//
// GED, the chain-edge distance. D(x) is the set of chain edges of x: the
// pairs (a, b) such that b runs right after a on the same unit. It does not
// say which unit, so renaming units leaves it unchanged. Then
//
//   GED(x, y) = |D(x) symmetric-difference D(y)| / (|D(x)| + |D(y)|)
//
// in [0, 1] (0 when both sets are empty): 0 for the same chains, 1 when no
// op has the same chain successor in both. A schedule of n ops that uses u
// units has n - u chain edges. The paper leaves the normalisation open
// ("normalised by the edge count"); normalising by the two sets' sizes makes
// the metric comparable across graph sizes. Reports print it in percent.
//
// d_inv, the start-time distance: the L2 distance between the vectors of
// proxy start times (microseconds) of x and y. Invariant to renaming units.
//
// d_sen, the placement-sensitive distance: the L2 distance between the start
// times concatenated with the flattened one-hot unit placement (n x units
// entries): sqrt(d_inv^2 + 2 * #ops placed on different units). Sensitive to
// renaming units.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_CANDIDATES_DIVERSITY_H
#define GFSCHED_CANDIDATES_DIVERSITY_H

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Schedule.h"

#include "llvm/ADT/ArrayRef.h"

#include <vector>

namespace gfsched {

/// GED(x, y) above, from getChainSuccessors (Schedule.h) of x and y (same
/// size): D(x) is the pairs (op, successors[op]) with a successor.
double chainEdgeDistance(llvm::ArrayRef<NodeId> successorsX,
                         llvm::ArrayRef<NodeId> successorsY);
double chainEdgeDistance(const Schedule &x, const Schedule &y);

/// d_inv(x, y) above: the L2 distance between two start-time vectors.
double startTimeDistance(llvm::ArrayRef<double> startsX,
                         llvm::ArrayRef<double> startsY);

/// d_sen(x, y) above, from the schedules (for their units) and their start
/// times.
double placementDistance(const Schedule &x, llvm::ArrayRef<double> startsX,
                         const Schedule &y, llvm::ArrayRef<double> startsY);

struct Diversity {
  /// Mean pairwise GED, in [0, 1].
  double chainEdge = 0;
  /// Mean pairwise d_inv, in microseconds.
  double startTime = 0;
  /// Mean pairwise d_sen.
  double placement = 0;
  unsigned numSchedules = 0;
  /// Schedules that differ (Schedule::operator==: same unit orders) from
  /// every schedule before them in the set.
  unsigned numDistinct = 0;
};

/// The metrics above over `schedules` (complete schedules of one problem),
/// startTimes[i] being the proxy start times of schedules[i]. O(k^2 n) for
/// k schedules of n ops.
Diversity measureDiversity(llvm::ArrayRef<Schedule> schedules,
                           llvm::ArrayRef<std::vector<double>> startTimes);
/// The same, simulating each schedule (complete and feasible) on `proxy`.
Diversity measureDiversity(llvm::ArrayRef<Schedule> schedules,
                           const LatencyModel &proxy);

} // namespace gfsched

#endif // GFSCHED_CANDIDATES_DIVERSITY_H
