//===- DepGraph.h - Operation dependency graph ------------------*- C++ -*-===//
//
// The scheduling problem's graph: one node per operation, an edge (i, j) when
// operation j may only start after operation i finished. Nodes carry the cost
// facts a device needs to estimate a duration; edges carry the bytes that move
// along them (0 for pure ordering edges such as memory effects).
//
// This layer knows nothing of MLIR or torch.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GRAPH_DEPGRAPH_H
#define GFSCHED_GRAPH_DEPGRAPH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gfsched {

using NodeId = uint32_t;

/// The coarse kind of work an operation does; devices say which unit types
/// run which classes.
enum class OpClass : uint8_t {
  Contraction, ///< Matmuls and convolutions.
  Elementwise, ///< Maps over tensors.
  Reduction,   ///< Reductions and pooling.
  Data,        ///< Copies, transposes, concatenations, gathers.
  Meta,        ///< Nearly free: constants, reshapes, slices, empty tensors.
  Other,       ///< Anything else, including ops with regions and calls.
};
constexpr unsigned kNumOpClasses = 6;

llvm::StringRef getOpClassName(OpClass opClass);
std::optional<OpClass> parseOpClass(llvm::StringRef name);

/// What an operation costs, independently of where it runs.
struct OpCost {
  OpClass opClass = OpClass::Other;
  double flops = 0;
  /// Bytes read plus bytes written.
  double bytes = 0;
  /// A duration in microseconds that overrides the device's estimate on every
  /// unit that may run the op (synthetic graphs, `gfsched.cost` attributes).
  std::optional<double> fixedDuration;
};

struct Edge {
  NodeId from;
  NodeId to;
  /// Bytes that travel from `from` to `to`; a transfer between units costs
  /// a * bytes + b in the target models.
  double bytes;
};

/// An immutable DAG in compressed adjacency form. Build it with
/// DepGraphBuilder.
class DepGraph {
public:
  DepGraph() = default;

  unsigned size() const { return costs.size(); }
  unsigned numEdges() const { return succIds.size(); }

  const OpCost &cost(NodeId node) const { return costs[node]; }
  llvm::StringRef name(NodeId node) const { return names[node]; }

  llvm::ArrayRef<NodeId> preds(NodeId node) const {
    return llvm::ArrayRef(predIds).slice(predBegin[node],
                                         predBegin[node + 1] - predBegin[node]);
  }
  llvm::ArrayRef<NodeId> succs(NodeId node) const {
    return llvm::ArrayRef(succIds).slice(succBegin[node],
                                         succBegin[node + 1] - succBegin[node]);
  }
  /// Bytes on the edges to preds(node), element for element.
  llvm::ArrayRef<double> predBytes(NodeId node) const {
    return llvm::ArrayRef(predEdgeBytes)
        .slice(predBegin[node], predBegin[node + 1] - predBegin[node]);
  }

  /// Every edge, sorted by (from, to).
  std::vector<Edge> edges() const;

  /// A topological order (ties broken by node id, so it is the identity for
  /// graphs whose edges all point forward).
  llvm::ArrayRef<NodeId> topologicalOrder() const { return topoOrder; }

private:
  friend class DepGraphBuilder;

  std::vector<OpCost> costs;
  std::vector<std::string> names;
  std::vector<uint32_t> predBegin, succBegin;
  std::vector<NodeId> predIds, succIds;
  std::vector<double> predEdgeBytes;
  std::vector<NodeId> topoOrder;
};

/// "op 3 ('name')", or "op 3" for an unnamed op: how diagnostics name an op.
std::string describeOp(NodeId node, llvm::StringRef name);
inline std::string describeOp(const DepGraph &graph, NodeId node) {
  return describeOp(node, graph.name(node));
}

/// The graph without the nodes marked in `remove`, each removed node's
/// predecessors joined to its successors (so every path between kept nodes
/// survives; an edge through removed nodes carries the bytes of its last
/// hop). keptIds[i] is the original id of new node i.
DepGraph contractNodes(const DepGraph &graph, llvm::ArrayRef<bool> remove,
                       std::vector<NodeId> &keptIds);

/// The induced subgraph on `count` consecutive nodes of `graph`'s
/// topological order starting at `first`: node i of the result is
/// graph.topologicalOrder()[first + i]. Every edge between two windows points
/// from the earlier to the later one, so schedules of consecutive windows
/// concatenate into a schedule of the whole graph.
DepGraph extractWindow(const DepGraph &graph, unsigned first, unsigned count);

/// Consecutive positions [first, first + count) of a topological order.
struct WindowSpan {
  unsigned first = 0, count = 0;
};

/// Cuts `numOps` ops into the fewest windows of at most `maxWindow` ops
/// (maxWindow > 0), sizes differing by at most one, so that no window is a
/// small remainder with nothing to schedule. No window for no op.
std::vector<WindowSpan> planWindows(unsigned numOps, unsigned maxWindow);

/// Collects nodes and edges, then checks and freezes them into a DepGraph.
class DepGraphBuilder {
public:
  NodeId addNode(OpCost cost, llvm::StringRef name = "");
  /// Adds an edge; adding the same edge again adds its bytes to the first.
  void addEdge(NodeId from, NodeId to, double bytes = 0);

  unsigned size() const { return costs.size(); }

  /// Fails on an edge to an unknown node, a self loop, a negative duration or
  /// a cycle, naming the offending nodes.
  llvm::Expected<DepGraph> build() &&;

private:
  std::vector<OpCost> costs;
  std::vector<std::string> names;
  std::vector<Edge> pendingEdges;
};

} // namespace gfsched

#endif // GFSCHED_GRAPH_DEPGRAPH_H
