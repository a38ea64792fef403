//===- DepGraph.cpp - Operation dependency graph --------------------------===//

#include "gfsched/Graph/DepGraph.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <queue>

using namespace gfsched;

static constexpr llvm::StringLiteral kOpClassNames[kNumOpClasses] = {
    "contraction", "elementwise", "reduction", "data", "meta", "other"};

llvm::StringRef gfsched::getOpClassName(OpClass opClass) {
  return kOpClassNames[static_cast<unsigned>(opClass)];
}

std::optional<OpClass> gfsched::parseOpClass(llvm::StringRef name) {
  for (unsigned i = 0; i < kNumOpClasses; ++i)
    if (name == kOpClassNames[i])
      return static_cast<OpClass>(i);
  return std::nullopt;
}

std::string gfsched::describeOp(NodeId node, llvm::StringRef name) {
  if (name.empty())
    return llvm::formatv("op {0}", node).str();
  return llvm::formatv("op {0} ('{1}')", node, name).str();
}

std::vector<Edge> DepGraph::edges() const {
  std::vector<Edge> result;
  result.reserve(numEdges());
  for (NodeId to = 0; to < size(); ++to)
    for (auto [from, bytes] : llvm::zip_equal(preds(to), predBytes(to)))
      result.push_back({from, to, bytes});
  llvm::sort(result, [](const Edge &a, const Edge &b) {
    return std::make_pair(a.from, a.to) < std::make_pair(b.from, b.to);
  });
  return result;
}

NodeId DepGraphBuilder::addNode(OpCost cost, llvm::StringRef name) {
  costs.push_back(cost);
  names.push_back(name.str());
  return costs.size() - 1;
}

void DepGraphBuilder::addEdge(NodeId from, NodeId to, double bytes) {
  // Duplicates are merged in build(), once all edges are known.
  pendingEdges.push_back({from, to, bytes});
}

static bool isValidAmount(double value) {
  return std::isfinite(value) && value >= 0;
}

static llvm::Error checkAmount(double value, llvm::StringRef what, NodeId node,
                               llvm::StringRef name) {
  if (isValidAmount(value))
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::formatv("{0} has an invalid {1} {2} (must be finite and >= 0)",
                    describeOp(node, name), what, value));
}

static llvm::Error checkNodes(llvm::ArrayRef<OpCost> costs,
                              llvm::ArrayRef<std::string> names) {
  for (auto [id, cost] : llvm::enumerate(costs)) {
    NodeId node = id;
    if (cost.fixedDuration)
      if (llvm::Error err =
              checkAmount(*cost.fixedDuration, "duration", node, names[id]))
        return err;
    if (llvm::Error err =
            checkAmount(cost.flops, "flop count", node, names[id]))
      return err;
    if (llvm::Error err =
            checkAmount(cost.bytes, "byte count", node, names[id]))
      return err;
  }
  return llvm::Error::success();
}

static llvm::Error checkEdges(llvm::ArrayRef<Edge> edges,
                              llvm::ArrayRef<std::string> names) {
  unsigned numNodes = names.size();
  for (const Edge &edge : edges) {
    if (edge.from >= numNodes || edge.to >= numNodes)
      return llvm::createStringError(llvm::formatv(
          "edge {0} -> {1} names an unknown op (the graph has {2} ops)",
          edge.from, edge.to, numNodes));
    if (edge.from == edge.to)
      return llvm::createStringError(describeOp(edge.from, names[edge.from]) +
                                     " depends on itself");
    if (!isValidAmount(edge.bytes))
      return llvm::createStringError(llvm::formatv(
          "edge {0} -> {1} has an invalid byte count {2} (must be finite and "
          ">= 0)",
          describeOp(edge.from, names[edge.from]),
          describeOp(edge.to, names[edge.to]), edge.bytes));
  }
  return llvm::Error::success();
}

/// Sorts edges by (from, to) and merges duplicates by summing their bytes.
static std::vector<Edge> mergeEdges(std::vector<Edge> edges) {
  llvm::stable_sort(edges, [](const Edge &a, const Edge &b) {
    return std::make_pair(a.from, a.to) < std::make_pair(b.from, b.to);
  });
  std::vector<Edge> merged;
  for (const Edge &edge : edges) {
    if (!merged.empty() && merged.back().from == edge.from &&
        merged.back().to == edge.to) {
      merged.back().bytes += edge.bytes;
      continue;
    }
    merged.push_back(edge);
  }
  return merged;
}

/// Kahn's algorithm with a min-heap, so that ties go to the lowest node id.
/// Returns fewer than size() nodes if the graph has a cycle.
static std::vector<NodeId> kahnOrder(const DepGraph &graph) {
  std::vector<unsigned> missing(graph.size());
  std::priority_queue<NodeId, std::vector<NodeId>, std::greater<NodeId>> heap;
  for (NodeId node = 0; node < graph.size(); ++node) {
    missing[node] = graph.preds(node).size();
    if (missing[node] == 0)
      heap.push(node);
  }
  std::vector<NodeId> order;
  order.reserve(graph.size());
  while (!heap.empty()) {
    NodeId node = heap.top();
    heap.pop();
    order.push_back(node);
    for (NodeId succ : graph.succs(node))
      if (--missing[succ] == 0)
        heap.push(succ);
  }
  return order;
}

/// Names one cycle among the nodes that Kahn's algorithm could not order.
/// Every such node has an unordered predecessor, so walking predecessors
/// from any of them must revisit a node, which lies on a cycle.
static llvm::Error reportCycle(const DepGraph &graph,
                               llvm::ArrayRef<NodeId> order) {
  std::vector<char> ordered(graph.size(), false);
  for (NodeId node : order)
    ordered[node] = true;
  auto unorderedPred = [&](NodeId node) {
    for (NodeId pred : graph.preds(node))
      if (!ordered[pred])
        return pred;
    llvm_unreachable("an unordered node has an unordered predecessor");
  };
  NodeId start = 0;
  while (ordered[start])
    ++start;
  std::vector<int> visitedAt(graph.size(), -1);
  std::vector<NodeId> walk;
  NodeId node = start;
  while (visitedAt[node] < 0) {
    visitedAt[node] = walk.size();
    walk.push_back(node);
    node = unorderedPred(node);
  }
  // walk[visitedAt[node]..] is the cycle, against the edge direction.
  std::vector<NodeId> cycle(walk.begin() + visitedAt[node], walk.end());
  std::reverse(cycle.begin(), cycle.end());
  cycle.push_back(cycle.front());
  std::string text = llvm::join(
      llvm::map_range(cycle, [&](NodeId n) { return describeOp(graph, n); }),
      " -> ");
  return llvm::createStringError("dependency cycle: " + text);
}

llvm::Expected<DepGraph> DepGraphBuilder::build() && {
  if (llvm::Error err = checkNodes(costs, names))
    return std::move(err);
  if (llvm::Error err = checkEdges(pendingEdges, names))
    return std::move(err);
  std::vector<Edge> edges = mergeEdges(std::move(pendingEdges));

  DepGraph graph;
  unsigned numNodes = costs.size();
  graph.costs = std::move(costs);
  graph.names = std::move(names);

  // Successor lists come straight from the (from, to) order.
  graph.succBegin.assign(numNodes + 1, 0);
  for (const Edge &edge : edges)
    ++graph.succBegin[edge.from + 1];
  for (unsigned i = 0; i < numNodes; ++i)
    graph.succBegin[i + 1] += graph.succBegin[i];
  for (const Edge &edge : edges)
    graph.succIds.push_back(edge.to);

  // Predecessor lists: a counting sort by `to` keeps `from` ascending.
  graph.predBegin.assign(numNodes + 1, 0);
  for (const Edge &edge : edges)
    ++graph.predBegin[edge.to + 1];
  for (unsigned i = 0; i < numNodes; ++i)
    graph.predBegin[i + 1] += graph.predBegin[i];
  graph.predIds.resize(edges.size());
  graph.predEdgeBytes.resize(edges.size());
  std::vector<uint32_t> fill(graph.predBegin.begin(),
                             graph.predBegin.end() - 1);
  for (const Edge &edge : edges) {
    uint32_t slot = fill[edge.to]++;
    graph.predIds[slot] = edge.from;
    graph.predEdgeBytes[slot] = edge.bytes;
  }

  graph.topoOrder = kahnOrder(graph);
  if (graph.topoOrder.size() != numNodes)
    return reportCycle(graph, graph.topoOrder);
  return graph;
}

DepGraph gfsched::contractNodes(const DepGraph &graph,
                                llvm::ArrayRef<bool> remove,
                                std::vector<NodeId> &keptIds) {
  assert(remove.size() == graph.size() && "one flag per node");
  std::vector<NodeId> newId(graph.size(), ~0u);
  keptIds.clear();
  DepGraphBuilder builder;
  for (NodeId node = 0; node < graph.size(); ++node)
    if (!remove[node]) {
      newId[node] = builder.addNode(graph.cost(node), graph.name(node));
      keptIds.push_back(node);
    }
  // keptSources[r]: the kept nodes that reach removed node r through removed
  // nodes only.
  std::vector<std::vector<NodeId>> keptSources(graph.size());
  for (NodeId node : graph.topologicalOrder()) {
    std::vector<NodeId> sources;
    for (auto [pred, bytes] :
         llvm::zip(graph.preds(node), graph.predBytes(node))) {
      llvm::ArrayRef<NodeId> from = remove[pred]
                                        ? llvm::ArrayRef(keptSources[pred])
                                        : llvm::ArrayRef(newId[pred]);
      if (remove[node]) {
        sources.insert(sources.end(), from.begin(), from.end());
        continue;
      }
      for (NodeId source : from)
        builder.addEdge(source, newId[node], bytes);
    }
    if (remove[node]) {
      llvm::sort(sources);
      sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
      keptSources[node] = std::move(sources);
    }
  }
  // Removing nodes from a DAG leaves a DAG.
  return llvm::cantFail(std::move(builder).build());
}

DepGraph gfsched::extractWindow(const DepGraph &graph, unsigned first,
                                unsigned count) {
  llvm::ArrayRef<NodeId> window = graph.topologicalOrder().slice(first, count);
  std::vector<NodeId> newId(graph.size(), ~0u);
  DepGraphBuilder builder;
  for (NodeId node : window)
    newId[node] = builder.addNode(graph.cost(node), graph.name(node));
  for (NodeId node : window)
    for (auto [pred, bytes] :
         llvm::zip(graph.preds(node), graph.predBytes(node)))
      if (newId[pred] != ~0u)
        builder.addEdge(newId[pred], newId[node], bytes);
  // A subgraph of a DAG is a DAG.
  return llvm::cantFail(std::move(builder).build());
}

std::vector<WindowSpan> gfsched::planWindows(unsigned numOps,
                                             unsigned maxWindow) {
  assert(maxWindow > 0 && "a window holds at least one op");
  unsigned numWindows = llvm::divideCeil(numOps, maxWindow);
  std::vector<WindowSpan> windows;
  unsigned first = 0;
  for (unsigned index = 0; index < numWindows; ++index) {
    // The first numOps % numWindows windows take one op more.
    unsigned count = numOps / numWindows + (index < numOps % numWindows);
    windows.push_back({first, count});
    first += count;
  }
  return windows;
}
