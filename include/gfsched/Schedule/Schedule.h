//===- Schedule.h - A unit per op and an order per unit ---------*- C++ -*-===//
//
// The paper's schedule x: every op is assigned to a compute unit, and each
// unit runs its ops in a fixed order (one chain per unit). Start times are not
// part of the schedule; the latency models derive them.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SCHEDULE_SCHEDULE_H
#define GFSCHED_SCHEDULE_SCHEDULE_H

#include "gfsched/Graph/DepGraph.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace gfsched {

class Problem;

class Schedule {
public:
  static constexpr unsigned kUnplaced = ~0u;

  Schedule() = default;
  Schedule(unsigned numOps, unsigned numUnits)
      : unitOfOp(numOps, kUnplaced), unitOrders(numUnits) {}

  unsigned numOps() const { return unitOfOp.size(); }
  unsigned numUnits() const { return unitOrders.size(); }
  unsigned numPlaced() const { return placed; }
  bool isComplete() const { return placed == numOps(); }

  bool isPlaced(NodeId op) const { return unitOfOp[op] != kUnplaced; }
  /// The op's unit, or kUnplaced.
  unsigned unitOf(NodeId op) const { return unitOfOp[op]; }
  /// The ops on `unit`, in execution order.
  llvm::ArrayRef<NodeId> unitOrder(unsigned unit) const {
    return unitOrders[unit];
  }

  /// Places an unplaced op last on `unit`.
  void append(NodeId op, unsigned unit);
  /// Removes the op that is last on its unit.
  void removeLast(unsigned unit);

  friend bool operator==(const Schedule &a, const Schedule &b) {
    return a.unitOrders == b.unitOrders;
  }

private:
  std::vector<unsigned> unitOfOp;
  std::vector<std::vector<NodeId>> unitOrders;
  unsigned placed = 0;
};

/// Equal schedules (the same order on every unit) hash alike.
llvm::hash_code hash_value(const Schedule &schedule);

/// The distinct schedules of a list, by hash, then equality.
class DistinctSchedules {
public:
  /// The index of the first schedule inserted before that equals
  /// schedules[index]; `index` itself, now inserted, if none does.
  /// `schedules` may grow between calls, the inserted indices staying valid.
  size_t insert(llvm::ArrayRef<Schedule> schedules, size_t index);

private:
  llvm::DenseMap<llvm::hash_code, llvm::SmallVector<size_t, 1>> byHash;
};

/// For each op of a complete schedule, the op that runs right after it on
/// its unit, or kNoChainSuccessor if it is last on its unit: the schedule's
/// chain edges (op, result[op]).
constexpr NodeId kNoChainSuccessor = ~NodeId(0);
std::vector<NodeId> getChainSuccessors(const Schedule &schedule);

/// The ops of a complete schedule in an order that respects both the
/// precedence edges and the unit chains (Kahn's algorithm, O(ops + edges)).
/// Shorter than numOps() if the chains contradict the precedence edges.
std::vector<NodeId> executionOrder(const DepGraph &graph,
                                   const Schedule &schedule);

/// Checks that `schedule` is a valid answer to `problem`: sized for it,
/// complete (every op exactly once), every op on a unit allowed to run it, and
/// feasible (the precedence edges and the unit chains together are acyclic).
/// The error names the first violation found.
llvm::Error verify(const Problem &problem, const Schedule &schedule);

} // namespace gfsched

#endif // GFSCHED_SCHEDULE_SCHEDULE_H
