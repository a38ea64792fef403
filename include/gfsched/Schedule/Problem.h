//===- Problem.h - A graph on a device: the scheduling problem --*- C++ -*-===//
//
// Binds a DepGraph to a Device: which units each op may run on and how long it
// takes there, plus the static quantities every scheduler needs (total work,
// bottom levels, critical path). As in CIRCT's scheduling library, the problem
// is checked once on creation and the algorithms are free functions over it.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SCHEDULE_PROBLEM_H
#define GFSCHED_SCHEDULE_PROBLEM_H

#include "gfsched/Device/Device.h"
#include "gfsched/Graph/DepGraph.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace gfsched {

class Problem {
public:
  /// Fails if some op can run on no unit of the device (naming the op and its
  /// class). Keeps references: graph and device must outlive the problem.
  static llvm::Expected<Problem> create(const DepGraph &graph,
                                        const Device &device);

  const DepGraph &getGraph() const { return *graph; }
  const Device &getDevice() const { return *device; }
  unsigned numOps() const { return graph->size(); }
  unsigned numUnits() const { return device->numUnits(); }

  bool isAllowed(NodeId op, unsigned unit) const {
    return allowed[op * numUnits() + unit];
  }
  /// Units that may run `op`, ascending.
  llvm::ArrayRef<unsigned> allowedUnits(NodeId op) const {
    return llvm::ArrayRef(allowedUnitIds)
        .slice(allowedBegin[op], allowedBegin[op + 1] - allowedBegin[op]);
  }
  /// Duration of `op` on `unit`; only meaningful where isAllowed().
  double duration(NodeId op, unsigned unit) const {
    return durations[op * numUnits() + unit];
  }
  /// The shortest duration of `op` over its allowed units.
  double minDuration(NodeId op) const { return minDurations[op]; }
  /// Whether some successor of `op` may not run on `unit`, so that `op`'s
  /// result must leave `unit` (a copy on a DMA engine feeding a vector op).
  bool resultMustLeave(NodeId op, unsigned unit) const {
    return mustLeave[op * numUnits() + unit];
  }
  /// The most bytes on an edge out of `op` (0 for a sink).
  double largestOutputBytes(NodeId op) const { return outputBytes[op]; }

  /// Sum of minDuration over all ops: the numerator of the speedup.
  double totalWork() const { return work; }
  /// Longest path (sum of minDuration) from `op` to a sink, `op` included.
  double bottomLevel(NodeId op) const { return bottomLevels[op]; }
  /// Longest path from a source to `op`, `op` excluded.
  double topLevel(NodeId op) const { return topLevels[op]; }
  /// The critical path length: a lower bound on any makespan.
  double criticalPath() const { return critical; }

  /// totalWork() / makespan (the paper's U(x); at most numUnits() on a
  /// homogeneous device). 0 for a zero makespan.
  double speedup(double makespan) const;

private:
  Problem() = default;
  /// Fills the levels, total work and critical path from minDurations.
  void computeLevels();
  /// Fills mustLeave and outputBytes from the graph and `allowed`.
  void computeOutputs();

  const DepGraph *graph = nullptr;
  const Device *device = nullptr;
  std::vector<double> durations;
  std::vector<char> allowed, mustLeave;
  std::vector<uint32_t> allowedBegin;
  std::vector<unsigned> allowedUnitIds;
  std::vector<double> minDurations, bottomLevels, topLevels, outputBytes;
  double work = 0, critical = 0;
};

} // namespace gfsched

#endif // GFSCHED_SCHEDULE_PROBLEM_H
