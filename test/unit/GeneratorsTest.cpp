//===- GeneratorsTest.cpp - Synthetic graph families ----------------------===//

#include "gfsched/Graph/Generators.h"
#include "gfsched/Graph/GraphJSON.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace gfsched;
using namespace gfsched::test;
using ::testing::HasSubstr;

namespace {

std::vector<GraphFamily> allFamilies() {
  std::vector<GraphFamily> families;
  for (unsigned i = 0; i < kNumGraphFamilies; ++i)
    families.push_back(static_cast<GraphFamily>(i));
  return families;
}

double sumOfDurations(const DepGraph &graph) {
  double sum = 0;
  for (NodeId node = 0; node < graph.size(); ++node)
    sum += *graph.cost(node).fixedDuration;
  return sum;
}

/// The longest path, weighted by duration.
double criticalPath(const DepGraph &graph) {
  std::vector<double> finish(graph.size(), 0);
  double longest = 0;
  for (NodeId node : graph.topologicalOrder()) {
    double start = 0;
    for (NodeId pred : graph.preds(node))
      start = std::max(start, finish[pred]);
    finish[node] = start + *graph.cost(node).fixedDuration;
    longest = std::max(longest, finish[node]);
  }
  return longest;
}

unsigned countIsolated(const DepGraph &graph) {
  unsigned isolated = 0;
  for (NodeId node = 0; node < graph.size(); ++node)
    isolated += graph.preds(node).empty() && graph.succs(node).empty();
  return isolated;
}

std::vector<unsigned> degrees(unsigned numNodes,
                              const std::vector<UndirectedEdge> &edges) {
  std::vector<unsigned> degree(numNodes, 0);
  for (auto [a, b] : edges) {
    ++degree[a];
    ++degree[b];
  }
  return degree;
}

/// Max degree over mean degree: large for graphs with hubs.
double degreeSkew(unsigned numNodes, const std::vector<UndirectedEdge> &edges) {
  std::vector<unsigned> degree = degrees(numNodes, edges);
  double mean = 2.0 * edges.size() / numNodes;
  return *std::max_element(degree.begin(), degree.end()) / mean;
}

/// The group of `v` when `numNodes` vertices are split as the generators
/// split layers and blocks: group g holds [g * n / groups, (g + 1) * n /
/// groups).
unsigned groupOf(unsigned v, unsigned numGroups, unsigned numNodes) {
  unsigned group = 0;
  while (uint64_t(group + 1) * numNodes / numGroups <= v)
    ++group;
  return group;
}

TEST(GeneratorsTest, FamilyNamesRoundTrip) {
  const char *names[] = {"erdos-renyi", "layered", "sbm", "watts-strogatz",
                         "barabasi-albert"};
  for (unsigned i = 0; i < kNumGraphFamilies; ++i) {
    GraphFamily family = static_cast<GraphFamily>(i);
    EXPECT_EQ(getGraphFamilyName(family), names[i]);
    EXPECT_EQ(parseGraphFamily(names[i]), family);
  }
  EXPECT_EQ(parseGraphFamily("er"), std::nullopt);
  EXPECT_EQ(parseGraphFamily("Layered"), std::nullopt);
  EXPECT_EQ(parseGraphFamily(""), std::nullopt);
}

TEST(GeneratorsTest, DefaultsAreValid) {
  for (GraphFamily family : allFamilies())
    EXPECT_EQ(errorOf(checkGeneratorOptions(family, GeneratorOptions())), "")
        << getGraphFamilyName(family).str();
}

TEST(GeneratorsTest, CheckRejectsOutOfRangeOptions) {
  GeneratorOptions options;
  options.erdosRenyi.edgeProbability = 1.5;
  EXPECT_THAT(errorOf(checkGeneratorOptions(GraphFamily::ErdosRenyi, options)),
              HasSubstr("erdos-renyi: erdosRenyi.edgeProbability must be in "
                        "[0, 1], got 1.5"));
  // Another family's options do not matter.
  EXPECT_EQ(errorOf(checkGeneratorOptions(GraphFamily::Layered, options)), "");

  options = GeneratorOptions();
  options.layered.skipProbability = std::nan("");
  EXPECT_THAT(errorOf(checkGeneratorOptions(GraphFamily::Layered, options)),
              HasSubstr("layered.skipProbability must be in [0, 1]"));
  options = GeneratorOptions();
  options.layered.numLayers = 0;
  EXPECT_THAT(errorOf(checkGeneratorOptions(GraphFamily::Layered, options)),
              HasSubstr("layered.numLayers must be positive"));

  options = GeneratorOptions();
  options.stochasticBlock.interProbability = -0.1;
  EXPECT_THAT(
      errorOf(checkGeneratorOptions(GraphFamily::StochasticBlock, options)),
      HasSubstr("sbm: stochasticBlock.interProbability"));

  options = GeneratorOptions();
  options.wattsStrogatz.numNeighbors = 5;
  EXPECT_THAT(
      errorOf(checkGeneratorOptions(GraphFamily::WattsStrogatz, options)),
      HasSubstr("must be even and below the node count (50), got 5"));
  options.wattsStrogatz.numNeighbors = 50;
  EXPECT_NE(errorOf(checkGeneratorOptions(GraphFamily::WattsStrogatz, options)),
            "");

  options = GeneratorOptions();
  options.barabasiAlbert.edgesPerNode = 0;
  EXPECT_THAT(
      errorOf(checkGeneratorOptions(GraphFamily::BarabasiAlbert, options)),
      HasSubstr("barabasiAlbert.edgesPerNode must be positive"));

  options = GeneratorOptions();
  options.maxDuration = -1;
  EXPECT_THAT(errorOf(checkGeneratorOptions(GraphFamily::ErdosRenyi, options)),
              HasSubstr("maxDuration must be finite and >= 0, got -1"));
  options = GeneratorOptions();
  options.maxEdgeBytes = std::numeric_limits<double>::infinity();
  EXPECT_THAT(errorOf(checkGeneratorOptions(GraphFamily::ErdosRenyi, options)),
              HasSubstr("maxEdgeBytes must be finite"));
}

TEST(GeneratorsTest, NodesEdgesAndCostsFollowTheContract) {
  GeneratorOptions options;
  options.maxDuration = 2.5;
  options.maxEdgeBytes = 4096;
  for (GraphFamily family : allFamilies()) {
    SCOPED_TRACE(getGraphFamilyName(family).str());
    Rng rng(7);
    for (unsigned trial = 0; trial < 5; ++trial) {
      DepGraph graph = generateGraph(family, options, rng);
      ASSERT_EQ(graph.size(), 50u);
      EXPECT_GT(graph.numEdges(), 0u);
      for (NodeId node = 0; node < graph.size(); ++node) {
        EXPECT_EQ(graph.name(node), "n" + std::to_string(node));
        const OpCost &cost = graph.cost(node);
        EXPECT_EQ(cost.opClass, OpClass::Elementwise);
        ASSERT_TRUE(cost.fixedDuration.has_value());
        EXPECT_GE(*cost.fixedDuration, 0);
        EXPECT_LT(*cost.fixedDuration, 2.5);
      }
      // Every edge points forward, so the ids are a topological order and
      // the graph is acyclic whatever build() checks.
      for (const Edge &edge : graph.edges()) {
        EXPECT_LT(edge.from, edge.to);
        EXPECT_GE(edge.bytes, 0);
        EXPECT_LT(edge.bytes, 4096);
      }
      for (NodeId node = 0; node < graph.size(); ++node)
        EXPECT_EQ(graph.topologicalOrder()[node], node);
    }
  }
}

TEST(GeneratorsTest, SameSeedSameGraphOtherSeedOtherGraph) {
  GeneratorOptions options;
  for (GraphFamily family : allFamilies()) {
    SCOPED_TRACE(getGraphFamilyName(family).str());
    Rng first(42), second(42), other(43);
    llvm::json::Value a = toJSON(generateGraph(family, options, first));
    llvm::json::Value b = toJSON(generateGraph(family, options, second));
    llvm::json::Value c = toJSON(generateGraph(family, options, other));
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    // The stream continues identically too.
    EXPECT_EQ(toJSON(generateGraph(family, options, first)),
              toJSON(generateGraph(family, options, second)));
  }
}

TEST(GeneratorsTest, TinyAndOutOfRangeOptionsStillGiveDAGs) {
  for (GraphFamily family : allFamilies()) {
    SCOPED_TRACE(getGraphFamilyName(family).str());
    Rng rng(3);
    for (unsigned n : {0u, 1u, 2u, 3u, 4u, 7u}) {
      GeneratorOptions options;
      options.numNodes = n;
      EXPECT_EQ(generateGraph(family, options, rng).size(), n);
    }
    // Out of range: clamped rather than trusted.
    GeneratorOptions wild;
    wild.numNodes = 12;
    wild.maxDuration = -3;
    wild.maxEdgeBytes = std::nan("");
    wild.erdosRenyi.edgeProbability = 2;
    wild.layered.numLayers = 0;
    wild.layered.edgeProbability = -1;
    wild.stochasticBlock.numBlocks = 100;
    wild.wattsStrogatz.numNeighbors = 31;
    wild.barabasiAlbert.edgesPerNode = 0;
    DepGraph graph = generateGraph(family, wild, rng);
    EXPECT_EQ(graph.size(), 12u);
    for (NodeId node = 0; node < graph.size(); ++node)
      EXPECT_EQ(*graph.cost(node).fixedDuration, 0);
    for (const Edge &edge : graph.edges())
      EXPECT_EQ(edge.bytes, 0);

    GeneratorOptions huge;
    huge.maxDuration = std::numeric_limits<double>::infinity();
    huge.maxEdgeBytes = std::numeric_limits<double>::infinity();
    graph = generateGraph(family, huge, rng);
    for (NodeId node = 0; node < graph.size(); ++node)
      EXPECT_TRUE(std::isfinite(*graph.cost(node).fixedDuration));
    for (const Edge &edge : graph.edges())
      EXPECT_TRUE(std::isfinite(edge.bytes));
  }
}

TEST(GeneratorsTest, FewIsolatedNodes) {
  GeneratorOptions options;
  for (GraphFamily family : allFamilies()) {
    Rng rng(11);
    unsigned isolated = 0;
    for (unsigned trial = 0; trial < 50; ++trial)
      isolated += countIsolated(generateGraph(family, options, rng));
    // Erdos-Renyi and SBM leave a node alone with probability ~0.1%; the
    // others never do.
    bool mayIsolate = family == GraphFamily::ErdosRenyi ||
                      family == GraphFamily::StochasticBlock;
    EXPECT_LE(isolated, mayIsolate ? 10u : 0u)
        << getGraphFamilyName(family).str();
  }
}

// The defaults aim at sum(durations) / critical path near the paper's 4
// units (FINDINGS.md); this prints the measured means (quoted in
// Generators.h) and keeps them from drifting away.
TEST(GeneratorsTest, BoundNearFourUnits) {
  GeneratorOptions options;
  for (GraphFamily family : allFamilies()) {
    Rng rng(deriveSeed(2024, getGraphFamilyName(family)));
    double total = 0;
    const unsigned numGraphs = 50;
    for (unsigned trial = 0; trial < numGraphs; ++trial) {
      DepGraph graph = generateGraph(family, options, rng);
      total += sumOfDurations(graph) / criticalPath(graph);
    }
    double mean = total / numGraphs;
    llvm::outs() << llvm::formatv(
        "{0,-16} mean sum/critical path over {1} graphs: {2:F3}\n",
        getGraphFamilyName(family), numGraphs, mean);
    // Flushed now so that the line stays beside gtest's own output.
    llvm::outs().flush();
    EXPECT_GT(mean, 3.5) << getGraphFamilyName(family).str();
    EXPECT_LT(mean, 4.5) << getGraphFamilyName(family).str();
  }
}

TEST(GeneratorsTest, ErdosRenyiExtremes) {
  GeneratorOptions options;
  options.numNodes = 20;
  Rng rng(5);
  options.erdosRenyi.edgeProbability = 0;
  EXPECT_EQ(generateGraph(GraphFamily::ErdosRenyi, options, rng).numEdges(),
            0u);
  options.erdosRenyi.edgeProbability = 1;
  EXPECT_EQ(generateGraph(GraphFamily::ErdosRenyi, options, rng).numEdges(),
            20u * 19 / 2);
}

TEST(GeneratorsTest, LayeredEdgesGoToLaterLayersAndChainThrough) {
  GeneratorOptions options;
  const unsigned n = options.numNodes, numLayers = options.layered.numLayers;
  Rng rng(17);
  unsigned skipEdges = 0;
  for (unsigned trial = 0; trial < 20; ++trial) {
    DepGraph graph = generateGraph(GraphFamily::Layered, options, rng);
    for (const Edge &edge : graph.edges()) {
      unsigned from = groupOf(edge.from, numLayers, n);
      unsigned to = groupOf(edge.to, numLayers, n);
      EXPECT_LT(from, to);
      skipEdges += to > from + 1;
    }
    // Every node but the first layer's has a predecessor in the layer just
    // before it, and every node but the last layer's a successor just after.
    for (NodeId node = 0; node < n; ++node) {
      unsigned layer = groupOf(node, numLayers, n);
      auto inLayer = [&](unsigned wanted) {
        return [&, wanted](NodeId other) {
          return groupOf(other, numLayers, n) == wanted;
        };
      };
      if (layer > 0) {
        EXPECT_TRUE(llvm::any_of(graph.preds(node), inLayer(layer - 1)))
            << describeOp(graph, node);
      }
      if (layer + 1 < numLayers) {
        EXPECT_TRUE(llvm::any_of(graph.succs(node), inLayer(layer + 1)))
            << describeOp(graph, node);
      }
    }
  }
  EXPECT_GT(skipEdges, 0u);

  // Without skips, every edge joins consecutive layers.
  options.layered.skipProbability = 0;
  DepGraph graph = generateGraph(GraphFamily::Layered, options, rng);
  for (const Edge &edge : graph.edges())
    EXPECT_EQ(groupOf(edge.to, numLayers, n),
              groupOf(edge.from, numLayers, n) + 1);
}

TEST(GeneratorsTest, StochasticBlocksHoldMostEdges) {
  GeneratorOptions options;
  const unsigned n = options.numNodes;
  const unsigned numBlocks = options.stochasticBlock.numBlocks;
  Rng rng(19);
  unsigned intra = 0, inter = 0;
  for (unsigned trial = 0; trial < 20; ++trial)
    for (auto [a, b] :
         generateUndirectedEdges(GraphFamily::StochasticBlock, options, rng)) {
      bool same = groupOf(a, numBlocks, n) == groupOf(b, numBlocks, n);
      intra += same;
      inter += !same;
    }
  // Expected per graph: 5 x 45 x 0.5 = 112.5 within, 1000 x 0.05 = 50 across.
  EXPECT_GT(intra, 2 * inter);
  EXPECT_NEAR(intra / 20.0, 112.5, 10);
  EXPECT_NEAR(inter / 20.0, 50, 10);

  options.stochasticBlock.interProbability = 0;
  for (auto [a, b] :
       generateUndirectedEdges(GraphFamily::StochasticBlock, options, rng))
    EXPECT_EQ(groupOf(a, numBlocks, n), groupOf(b, numBlocks, n));
}

TEST(GeneratorsTest, WattsStrogatzKeepsTheEdgeCount) {
  GeneratorOptions options;
  const unsigned n = options.numNodes;
  const unsigned k = options.wattsStrogatz.numNeighbors;
  Rng rng(23);
  std::vector<UndirectedEdge> edges =
      generateUndirectedEdges(GraphFamily::WattsStrogatz, options, rng);
  EXPECT_EQ(edges.size(), n * k / 2);
  EXPECT_TRUE(std::adjacent_find(edges.begin(), edges.end()) == edges.end());

  // Without rewiring: the ring lattice, every vertex of degree k.
  options.wattsStrogatz.rewireProbability = 0;
  edges = generateUndirectedEdges(GraphFamily::WattsStrogatz, options, rng);
  for (unsigned degree : degrees(n, edges))
    EXPECT_EQ(degree, k);
  EXPECT_TRUE(llvm::is_contained(edges, UndirectedEdge{0, n - 1}));
}

TEST(GeneratorsTest, BarabasiAlbertHasHubs) {
  GeneratorOptions options;
  const unsigned n = options.numNodes;
  const unsigned m = options.barabasiAlbert.edgesPerNode;
  Rng rng(29);
  double skewBA = 0, skewER = 0;
  for (unsigned trial = 0; trial < 20; ++trial) {
    std::vector<UndirectedEdge> edges =
        generateUndirectedEdges(GraphFamily::BarabasiAlbert, options, rng);
    // A clique of m + 1, then m edges for each later vertex.
    EXPECT_EQ(edges.size(), m * (m + 1) / 2 + (n - m - 1) * m);
    skewBA += degreeSkew(n, edges);
    skewER += degreeSkew(
        n, generateUndirectedEdges(GraphFamily::ErdosRenyi, options, rng));
  }
  // Measured: about 3.7 against 1.9 for Erdos-Renyi of similar density.
  EXPECT_GT(skewBA / 20, 3.0);
  EXPECT_GT(skewBA, 1.5 * skewER);
}

} // namespace
