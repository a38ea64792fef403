//===- ReadyQueue.h - Ready ops by priority ---------------------*- C++ -*-===//
//
// Serial list schedulers (the BRKGA's decoder, the earliest-finish replay of
// tightenSample) place one ready op at a time, the one of highest priority.
// This is their shared ready set.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_LIB_SEARCH_READYQUEUE_H
#define GFSCHED_LIB_SEARCH_READYQUEUE_H

#include "gfsched/Graph/DepGraph.h"

#include "llvm/ADT/ArrayRef.h"

#include <queue>
#include <vector>

namespace gfsched {

/// The ops of a DAG whose predecessors have all been taken, highest priority
/// first (ties: lower op id).
class ReadyQueue {
public:
  /// `priority` has an entry for each op of `graph` (extra entries are
  /// ignored) and must outlive the queue.
  ReadyQueue(const DepGraph &graph, llvm::ArrayRef<double> priority)
      : graph(graph), missingPreds(graph.size()), ready(Lower{priority}) {
    for (NodeId op = 0; op < graph.size(); ++op) {
      missingPreds[op] = graph.preds(op).size();
      if (missingPreds[op] == 0)
        ready.push(op);
    }
  }

  bool empty() const { return ready.empty(); }

  /// Takes the best ready op; the successors whose last predecessor it was
  /// become ready.
  NodeId take() {
    NodeId op = ready.top();
    ready.pop();
    for (NodeId succ : graph.succs(op))
      if (--missingPreds[succ] == 0)
        ready.push(succ);
    return op;
  }

private:
  /// Lower priority, then higher op id: the top of the max-heap is the best.
  struct Lower {
    llvm::ArrayRef<double> priority;
    bool operator()(NodeId a, NodeId b) const {
      return priority[a] != priority[b] ? priority[a] < priority[b] : a > b;
    }
  };

  const DepGraph &graph;
  std::vector<unsigned> missingPreds;
  std::priority_queue<NodeId, std::vector<NodeId>, Lower> ready;
};

} // namespace gfsched

#endif // GFSCHED_LIB_SEARCH_READYQUEUE_H
