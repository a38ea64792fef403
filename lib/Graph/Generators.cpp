//===- Generators.cpp - Synthetic graph families --------------------------===//

#include "gfsched/Graph/Generators.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

using namespace gfsched;

namespace {

struct FamilyName {
  GraphFamily family;
  llvm::StringLiteral name;
};

constexpr FamilyName kFamilyNames[] = {
    {GraphFamily::ErdosRenyi, "erdos-renyi"},
    {GraphFamily::Layered, "layered"},
    {GraphFamily::StochasticBlock, "sbm"},
    {GraphFamily::WattsStrogatz, "watts-strogatz"},
    {GraphFamily::BarabasiAlbert, "barabasi-albert"},
};
static_assert(std::size(kFamilyNames) == kNumGraphFamilies,
              "every family needs a name");

// generateGraph accepts any options (checkGeneratorOptions is for user input),
// so out-of-range values are clamped to the nearest meaningful one. The
// negated comparison also maps NaN to the lower bound.
double clampProbability(double p) {
  if (!(p > 0))
    return 0;
  return std::min(p, 1.0);
}

/// A bound for uniformReal() * bound: finite, so that the products are valid
/// durations and byte counts.
double clampBound(double bound) {
  if (!(bound > 0))
    return 0;
  return std::min(bound, std::numeric_limits<double>::max());
}

UndirectedEdge makeEdge(unsigned a, unsigned b) {
  assert(a != b && "no self loops");
  return {std::min(a, b), std::max(a, b)};
}

/// Every pair {u, v} joined with probability probability(u, v), pairs in
/// lexicographic order.
template <typename ProbabilityFn>
std::vector<UndirectedEdge> drawPairs(unsigned numNodes, Rng &rng,
                                      ProbabilityFn probability) {
  std::vector<UndirectedEdge> edges;
  for (unsigned u = 0; u < numNodes; ++u)
    for (unsigned v = u + 1; v < numNodes; ++v)
      if (uniformReal(rng) < probability(u, v))
        edges.emplace_back(u, v);
  return edges;
}

std::vector<UndirectedEdge> erdosRenyi(const GeneratorOptions &options,
                                       Rng &rng) {
  double p = clampProbability(options.erdosRenyi.edgeProbability);
  return drawPairs(options.numNodes, rng,
                   [p](unsigned, unsigned) { return p; });
}

/// The first vertex of group `group` when `numNodes` vertices are split into
/// `numGroups` consecutive groups of nearly equal size.
unsigned groupBegin(unsigned group, unsigned numGroups, unsigned numNodes) {
  return uint64_t(group) * numNodes / numGroups;
}

std::vector<UndirectedEdge> stochasticBlock(const GeneratorOptions &options,
                                            Rng &rng) {
  const StochasticBlockOptions &sbm = options.stochasticBlock;
  unsigned n = options.numNodes;
  unsigned numBlocks = std::clamp(sbm.numBlocks, 1u, std::max(n, 1u));
  double pIn = clampProbability(sbm.intraProbability);
  double pOut = clampProbability(sbm.interProbability);
  std::vector<unsigned> blockOf(n);
  for (unsigned block = 0; block < numBlocks; ++block)
    for (unsigned v = groupBegin(block, numBlocks, n);
         v < groupBegin(block + 1, numBlocks, n); ++v)
      blockOf[v] = block;
  return drawPairs(n, rng, [&](unsigned u, unsigned v) {
    return blockOf[u] == blockOf[v] ? pIn : pOut;
  });
}

std::vector<UndirectedEdge> layered(const GeneratorOptions &options, Rng &rng) {
  const LayeredOptions &layers = options.layered;
  unsigned n = options.numNodes;
  if (n == 0)
    return {};
  unsigned numLayers = std::clamp(layers.numLayers, 1u, n);
  double p = clampProbability(layers.edgeProbability);
  double skip = clampProbability(layers.skipProbability);
  auto begin = [&](unsigned layer) { return groupBegin(layer, numLayers, n); };

  std::vector<UndirectedEdge> edges;
  std::vector<bool> hasPred(n, false), hasSucc(n, false);
  auto addEdge = [&](unsigned u, unsigned v) {
    edges.emplace_back(u, v);
    hasPred[v] = true;
    hasSucc[u] = true;
  };
  for (unsigned layer = 0; layer + 1 < numLayers; ++layer)
    for (unsigned u = begin(layer); u < begin(layer + 1); ++u) {
      for (unsigned v = begin(layer + 1); v < begin(layer + 2); ++v)
        if (uniformReal(rng) < p)
          addEdge(u, v);
      for (unsigned v = begin(layer + 2); v < n; ++v)
        if (uniformReal(rng) < skip)
          edges.emplace_back(u, v);
    }
  // Without these, sparse layers leave nodes that belong to no chain through
  // the layers, and the graph degenerates into many small pieces. hasPred and
  // hasSucc only count edges between consecutive layers, so the added edges
  // are new.
  for (unsigned layer = 1; layer < numLayers; ++layer)
    for (unsigned v = begin(layer); v < begin(layer + 1); ++v)
      if (!hasPred[v])
        addEdge(begin(layer - 1) +
                    uniformIndex(rng, begin(layer) - begin(layer - 1)),
                v);
  for (unsigned layer = 0; layer + 1 < numLayers; ++layer)
    for (unsigned u = begin(layer); u < begin(layer + 1); ++u)
      if (!hasSucc[u])
        addEdge(u, begin(layer + 1) +
                       uniformIndex(rng, begin(layer + 2) - begin(layer + 1)));
  llvm::sort(edges);
  return edges;
}

/// Undirected adjacency sets, for generators that must avoid duplicate edges.
class Adjacency {
public:
  explicit Adjacency(unsigned numNodes) : neighbors(numNodes) {}

  bool contains(unsigned a, unsigned b) const {
    return neighbors[a].contains(b);
  }
  unsigned degree(unsigned v) const { return neighbors[v].size(); }
  void insert(unsigned a, unsigned b) {
    neighbors[a].insert(b);
    neighbors[b].insert(a);
  }
  void erase(unsigned a, unsigned b) {
    neighbors[a].erase(b);
    neighbors[b].erase(a);
  }

private:
  std::vector<llvm::DenseSet<unsigned>> neighbors;
};

std::vector<UndirectedEdge> wattsStrogatz(const GeneratorOptions &options,
                                          Rng &rng) {
  unsigned n = options.numNodes;
  if (n < 2)
    return {};
  // An even neighbour count below n keeps the lattice free of duplicates.
  unsigned half = std::min(options.wattsStrogatz.numNeighbors, n - 1) / 2;
  double beta = clampProbability(options.wattsStrogatz.rewireProbability);

  // Lattice edges as (vertex, far end), in the order they are rewired: all
  // distance-1 edges first, then distance 2, ... (as networkx does).
  std::vector<std::pair<unsigned, unsigned>> ends;
  Adjacency adjacency(n);
  for (unsigned distance = 1; distance <= half; ++distance)
    for (unsigned v = 0; v < n; ++v) {
      ends.emplace_back(v, (v + distance) % n);
      adjacency.insert(v, (v + distance) % n);
    }
  for (auto &[v, far] : ends) {
    if (uniformReal(rng) >= beta || adjacency.degree(v) + 1 >= n)
      continue;
    unsigned target = uniformIndex(rng, n);
    while (target == v || adjacency.contains(v, target))
      target = uniformIndex(rng, n);
    adjacency.erase(v, far);
    adjacency.insert(v, target);
    far = target;
  }

  std::vector<UndirectedEdge> edges;
  for (auto [v, far] : ends)
    edges.push_back(makeEdge(v, far));
  llvm::sort(edges);
  return edges;
}

std::vector<UndirectedEdge> barabasiAlbert(const GeneratorOptions &options,
                                           Rng &rng) {
  unsigned n = options.numNodes;
  unsigned m = std::max(options.barabasiAlbert.edgesPerNode, 1u);
  unsigned seedSize = std::min(n, m + 1);

  std::vector<UndirectedEdge> edges;
  // Every vertex once per incident edge: a uniform pick from this list picks
  // a vertex with probability proportional to its degree.
  std::vector<unsigned> endpoints;
  auto addEdge = [&](unsigned a, unsigned b) {
    edges.push_back(makeEdge(a, b));
    endpoints.push_back(a);
    endpoints.push_back(b);
  };
  for (unsigned a = 0; a < seedSize; ++a)
    for (unsigned b = a + 1; b < seedSize; ++b)
      addEdge(a, b);
  for (unsigned v = seedSize; v < n; ++v) {
    // The seed clique holds m + 1 distinct vertices, so this ends.
    llvm::SmallVector<unsigned, 8> targets;
    while (targets.size() < m) {
      unsigned target = endpoints[uniformIndex(rng, endpoints.size())];
      if (!llvm::is_contained(targets, target))
        targets.push_back(target);
    }
    for (unsigned target : targets)
      addEdge(target, v);
  }
  llvm::sort(edges);
  return edges;
}

/// rank[v] = the position of vertex v in a uniformly random order.
std::vector<unsigned> randomRanks(unsigned numNodes, Rng &rng) {
  std::vector<unsigned> order(numNodes);
  for (unsigned i = 0; i < numNodes; ++i)
    order[i] = i;
  // Fisher-Yates; std::shuffle's draws differ between standard libraries.
  for (unsigned i = numNodes; i > 1; --i)
    std::swap(order[i - 1], order[uniformIndex(rng, i)]);
  std::vector<unsigned> rank(numNodes);
  for (unsigned i = 0; i < numNodes; ++i)
    rank[order[i]] = i;
  return rank;
}

llvm::Error checkProbability(double p, llvm::StringRef name) {
  if (p >= 0 && p <= 1)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::formatv("{0} must be in [0, 1], got {1}", name, p).str());
}

llvm::Error checkBound(double bound, llvm::StringRef name) {
  if (std::isfinite(bound) && bound >= 0)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::formatv("{0} must be finite and >= 0, got {1}", name, bound).str());
}

llvm::Error checkFamilyOptions(GraphFamily family,
                               const GeneratorOptions &options) {
  switch (family) {
  case GraphFamily::ErdosRenyi:
    return checkProbability(options.erdosRenyi.edgeProbability,
                            "erdosRenyi.edgeProbability");
  case GraphFamily::Layered:
    if (options.layered.numLayers == 0)
      return llvm::createStringError("layered.numLayers must be positive");
    if (llvm::Error error = checkProbability(options.layered.edgeProbability,
                                             "layered.edgeProbability"))
      return error;
    return checkProbability(options.layered.skipProbability,
                            "layered.skipProbability");
  case GraphFamily::StochasticBlock:
    if (options.stochasticBlock.numBlocks == 0)
      return llvm::createStringError(
          "stochasticBlock.numBlocks must be positive");
    if (llvm::Error error =
            checkProbability(options.stochasticBlock.intraProbability,
                             "stochasticBlock.intraProbability"))
      return error;
    return checkProbability(options.stochasticBlock.interProbability,
                            "stochasticBlock.interProbability");
  case GraphFamily::WattsStrogatz: {
    unsigned k = options.wattsStrogatz.numNeighbors;
    if (k % 2 != 0 || (k >= options.numNodes && k > 0))
      return llvm::createStringError(
          llvm::formatv("wattsStrogatz.numNeighbors must be even and below "
                        "the node count ({0}), got {1}",
                        options.numNodes, k)
              .str());
    return checkProbability(options.wattsStrogatz.rewireProbability,
                            "wattsStrogatz.rewireProbability");
  }
  case GraphFamily::BarabasiAlbert:
    if (options.barabasiAlbert.edgesPerNode == 0)
      return llvm::createStringError(
          "barabasiAlbert.edgesPerNode must be positive");
    return llvm::Error::success();
  }
  llvm_unreachable("unknown graph family");
}

} // namespace

llvm::StringRef gfsched::getGraphFamilyName(GraphFamily family) {
  for (const FamilyName &entry : kFamilyNames)
    if (entry.family == family)
      return entry.name;
  llvm_unreachable("unknown graph family");
}

std::optional<GraphFamily> gfsched::parseGraphFamily(llvm::StringRef name) {
  for (const FamilyName &entry : kFamilyNames)
    if (entry.name == name)
      return entry.family;
  return std::nullopt;
}

llvm::Error gfsched::checkGeneratorOptions(GraphFamily family,
                                           const GeneratorOptions &options) {
  if (llvm::Error error = checkBound(options.maxDuration, "maxDuration"))
    return error;
  if (llvm::Error error = checkBound(options.maxEdgeBytes, "maxEdgeBytes"))
    return error;
  if (llvm::Error error = checkFamilyOptions(family, options))
    return llvm::createStringError(getGraphFamilyName(family) + ": " +
                                   llvm::toString(std::move(error)));
  return llvm::Error::success();
}

std::vector<UndirectedEdge>
gfsched::generateUndirectedEdges(GraphFamily family,
                                 const GeneratorOptions &options, Rng &rng) {
  switch (family) {
  case GraphFamily::ErdosRenyi:
    return erdosRenyi(options, rng);
  case GraphFamily::Layered:
    return layered(options, rng);
  case GraphFamily::StochasticBlock:
    return stochasticBlock(options, rng);
  case GraphFamily::WattsStrogatz:
    return wattsStrogatz(options, rng);
  case GraphFamily::BarabasiAlbert:
    return barabasiAlbert(options, rng);
  }
  llvm_unreachable("unknown graph family");
}

DepGraph gfsched::generateGraph(GraphFamily family,
                                const GeneratorOptions &options, Rng &rng) {
  unsigned n = options.numNodes;
  std::vector<UndirectedEdge> edges =
      generateUndirectedEdges(family, options, rng);

  // Layers are already in order; the other families are oriented by a random
  // order of their vertices, which is what makes them DAGs without favouring
  // the generators' own vertex numbering (the ring of Watts-Strogatz, the
  // arrival order of Barabasi-Albert).
  if (family != GraphFamily::Layered) {
    std::vector<unsigned> rank = randomRanks(n, rng);
    for (UndirectedEdge &edge : edges)
      edge = makeEdge(rank[edge.first], rank[edge.second]);
    llvm::sort(edges);
  }

  DepGraphBuilder builder;
  double maxDuration = clampBound(options.maxDuration);
  for (unsigned node = 0; node < n; ++node) {
    OpCost cost;
    cost.opClass = OpClass::Elementwise;
    cost.fixedDuration = uniformReal(rng) * maxDuration;
    builder.addNode(cost, "n" + std::to_string(node));
  }
  double maxEdgeBytes = clampBound(options.maxEdgeBytes);
  for (auto [from, to] : edges)
    builder.addEdge(from, to, uniformReal(rng) * maxEdgeBytes);
  // Every edge points from a lower to a higher node: no cycle is possible.
  return llvm::cantFail(std::move(builder).build());
}
