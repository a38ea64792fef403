//===- DepGraphTest.cpp - DepGraph and its JSON form ----------------------===//

#include "gfsched/Graph/DepGraph.h"
#include "gfsched/Graph/GraphJSON.h"

#include "llvm/Support/FormatVariadic.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

using namespace gfsched;
using namespace gfsched::test;
using ::testing::HasSubstr;

namespace {

std::vector<NodeId> vec(llvm::ArrayRef<NodeId> ids) { return ids.vec(); }

TEST(OpClassTest, NamesRoundTrip) {
  const char *names[] = {"contraction", "elementwise", "reduction",
                         "data",        "meta",        "other"};
  for (unsigned i = 0; i < kNumOpClasses; ++i) {
    OpClass opClass = static_cast<OpClass>(i);
    EXPECT_EQ(getOpClassName(opClass), names[i]);
    EXPECT_EQ(parseOpClass(names[i]), opClass);
  }
  EXPECT_EQ(parseOpClass("matmul"), std::nullopt);
  EXPECT_EQ(parseOpClass(""), std::nullopt);
}

TEST(DepGraphTest, DescribeOp) {
  EXPECT_EQ(describeOp(3, "x"), "op 3 ('x')");
  EXPECT_EQ(describeOp(3, ""), "op 3");
}

TEST(DepGraphTest, BuildsSortedAdjacencyAndMergesDuplicates) {
  DepGraphBuilder builder;
  for (const char *name : {"a", "b", "c", "d"})
    builder.addNode(OpCost(), name);
  // Added out of order, with (0, 1) twice.
  builder.addEdge(0, 2, 10);
  builder.addEdge(2, 3, 7);
  builder.addEdge(0, 1, 5);
  builder.addEdge(1, 3);
  builder.addEdge(0, 1, 3);
  EXPECT_EQ(builder.size(), 4u);
  DepGraph graph = llvm::cantFail(std::move(builder).build());

  EXPECT_EQ(graph.size(), 4u);
  EXPECT_EQ(graph.numEdges(), 4u);
  EXPECT_EQ(graph.name(2), "c");
  EXPECT_EQ(vec(graph.succs(0)), (std::vector<NodeId>{1, 2}));
  EXPECT_EQ(vec(graph.succs(3)), std::vector<NodeId>{});
  EXPECT_EQ(vec(graph.preds(0)), std::vector<NodeId>{});
  EXPECT_EQ(vec(graph.preds(1)), std::vector<NodeId>{0});
  EXPECT_EQ(vec(graph.preds(3)), (std::vector<NodeId>{1, 2}));
  // The merged edge carries 5 + 3 bytes.
  EXPECT_EQ(graph.predBytes(1).vec(), std::vector<double>{8});
  EXPECT_EQ(graph.predBytes(3).vec(), (std::vector<double>{0, 7}));

  std::vector<Edge> edges = graph.edges();
  ASSERT_EQ(edges.size(), 4u);
  std::vector<std::tuple<NodeId, NodeId, double>> actual;
  for (const Edge &edge : edges)
    actual.emplace_back(edge.from, edge.to, edge.bytes);
  EXPECT_EQ(actual, (std::vector<std::tuple<NodeId, NodeId, double>>{
                        {0, 1, 8}, {0, 2, 10}, {1, 3, 0}, {2, 3, 7}}));
  EXPECT_EQ(vec(graph.topologicalOrder()), (std::vector<NodeId>{0, 1, 2, 3}));
}

TEST(DepGraphTest, TopologicalOrderBreaksTiesByLowestId) {
  // 3 -> 0, 2 -> 0, 1 -> 2: sources 1 and 3; 1 first, which frees 2 (< 3).
  DepGraph graph = makeGraph({1, 1, 1, 1}, {{3, 0, 0}, {2, 0, 0}, {1, 2, 0}});
  EXPECT_EQ(vec(graph.topologicalOrder()), (std::vector<NodeId>{1, 2, 3, 0}));
}

TEST(DepGraphTest, EmptyGraph) {
  DepGraph graph = llvm::cantFail(DepGraphBuilder().build());
  EXPECT_EQ(graph.size(), 0u);
  EXPECT_EQ(graph.numEdges(), 0u);
  EXPECT_TRUE(graph.topologicalOrder().empty());
  EXPECT_TRUE(graph.edges().empty());
}

DepGraphBuilder namedBuilder(unsigned numNodes) {
  DepGraphBuilder builder;
  for (unsigned i = 0; i < numNodes; ++i)
    builder.addNode(OpCost(), std::string(1, char('a' + i)));
  return builder;
}

TEST(DepGraphTest, RejectsSelfLoop) {
  DepGraphBuilder builder = namedBuilder(3);
  builder.addEdge(0, 1);
  builder.addEdge(1, 1);
  EXPECT_EQ(errorOf(std::move(builder).build()),
            "op 1 ('b') depends on itself");
}

TEST(DepGraphTest, RejectsUnknownNode) {
  DepGraphBuilder builder = namedBuilder(2);
  builder.addEdge(0, 5);
  EXPECT_EQ(errorOf(std::move(builder).build()),
            "edge 0 -> 5 names an unknown op (the graph has 2 ops)");
}

TEST(DepGraphTest, RejectsCycleNamingItsOps) {
  // d -> a -> b -> c -> a: d is fine, a, b, c form the cycle.
  DepGraphBuilder builder = namedBuilder(4);
  builder.addEdge(3, 0);
  builder.addEdge(0, 1);
  builder.addEdge(1, 2);
  builder.addEdge(2, 0);
  EXPECT_EQ(errorOf(std::move(builder).build()),
            "dependency cycle: op 1 ('b') -> op 2 ('c') -> op 0 ('a') -> op 1 "
            "('b')");
}

TEST(DepGraphTest, RejectsCycleDownstreamOfAnother) {
  // 0 <-> 1, and 2 depends on the cycle without being on it.
  DepGraphBuilder builder = namedBuilder(3);
  builder.addEdge(1, 2);
  builder.addEdge(0, 1);
  builder.addEdge(1, 0);
  std::string error = errorOf(std::move(builder).build());
  EXPECT_THAT(error, HasSubstr("dependency cycle: "));
  EXPECT_THAT(error, HasSubstr("op 0 ('a')"));
  EXPECT_THAT(error, HasSubstr("op 1 ('b')"));
  EXPECT_THAT(error, ::testing::Not(HasSubstr("op 2")));
}

TEST(DepGraphTest, RejectsBadAmounts) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    OpCost cost;
    const char *expected;
  };
  OpCost negativeDuration, nanFlops, negativeBytes;
  negativeDuration.fixedDuration = -1;
  nanFlops.flops = nan;
  negativeBytes.bytes = -2;
  for (const Case &c : {Case{negativeDuration, "invalid duration -1"},
                        Case{nanFlops, "invalid flop count"},
                        Case{negativeBytes, "invalid byte count -2"}}) {
    DepGraphBuilder builder;
    builder.addNode(OpCost(), "ok");
    builder.addNode(c.cost, "bad");
    std::string error = errorOf(std::move(builder).build());
    EXPECT_THAT(error, HasSubstr("op 1 ('bad') has an"));
    EXPECT_THAT(error, HasSubstr(c.expected));
  }
  DepGraphBuilder builder = namedBuilder(2);
  builder.addEdge(0, 1, -4);
  EXPECT_THAT(errorOf(std::move(builder).build()),
              HasSubstr("edge op 0 ('a') -> op 1 ('b') has an invalid byte "
                        "count -4"));
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

TEST(PlanWindowsTest, BalancesAndCoversEveryOp) {
  for (unsigned numOps : {0u, 1u, 7u, 128u, 129u, 641u, 2831u})
    for (unsigned maxWindow : {1u, 5u, 128u, 512u}) {
      std::vector<WindowSpan> windows = planWindows(numOps, maxWindow);
      EXPECT_EQ(windows.size(), (numOps + maxWindow - 1) / maxWindow);
      unsigned next = 0, smallest = numOps, largest = 0;
      for (WindowSpan span : windows) {
        EXPECT_EQ(span.first, next);
        next += span.count;
        smallest = std::min(smallest, span.count);
        largest = std::max(largest, span.count);
      }
      EXPECT_EQ(next, numOps);
      EXPECT_LE(largest, maxWindow);
      if (!windows.empty()) {
        EXPECT_LE(largest - smallest, 1u);
      }
    }
}

TEST(PlanWindowsTest, NoSmallRemainder) {
  // 641 ops in windows of at most 128: five of 128 would leave the last
  // op alone; six windows of 106 or 107 ops do not.
  std::vector<WindowSpan> windows = planWindows(641, 128);
  ASSERT_EQ(windows.size(), 6u);
  EXPECT_EQ(windows.front().count, 107u);
  EXPECT_EQ(windows.back().count, 106u);
}

TEST(GraphJSONTest, RoundTrip) {
  DepGraphBuilder builder;
  OpCost matmul{OpClass::Contraction, 2e6, 3e4, std::nullopt};
  OpCost reshape{OpClass::Meta, 0, 0, 0.25};
  OpCost add{OpClass::Elementwise, 1024, 12288, std::nullopt};
  builder.addNode(matmul, "matmul");
  builder.addNode(reshape, "reshape");
  builder.addNode(add, "");
  builder.addEdge(0, 2, 4096.5);
  builder.addEdge(1, 2);
  DepGraph graph = llvm::cantFail(std::move(builder).build());

  std::string text = llvm::formatv("{0}", toJSON(graph)).str();
  DepGraph copy = llvm::cantFail(parseGraphJSON(text));
  ASSERT_EQ(copy.size(), 3u);
  for (NodeId node = 0; node < 3; ++node) {
    EXPECT_EQ(copy.name(node), graph.name(node));
    EXPECT_EQ(copy.cost(node).opClass, graph.cost(node).opClass);
    EXPECT_EQ(copy.cost(node).flops, graph.cost(node).flops);
    EXPECT_EQ(copy.cost(node).bytes, graph.cost(node).bytes);
    EXPECT_EQ(copy.cost(node).fixedDuration, graph.cost(node).fixedDuration);
  }
  std::vector<Edge> edges = copy.edges();
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].from, 0u);
  EXPECT_EQ(edges[0].to, 2u);
  EXPECT_EQ(edges[0].bytes, 4096.5);
  EXPECT_EQ(edges[1].from, 1u);
  EXPECT_EQ(edges[1].bytes, 0);
  // A pure ordering edge is written as [from, to].
  EXPECT_THAT(text, HasSubstr("[1,2]"));
}

TEST(GraphJSONTest, ParsesDefaults) {
  DepGraph graph = llvm::cantFail(parseGraphJSON(
      R"({"nodes": [{"name": "x"}, {"class": "data", "duration": 2}]})"));
  ASSERT_EQ(graph.size(), 2u);
  EXPECT_EQ(graph.cost(0).opClass, OpClass::Other);
  EXPECT_EQ(graph.cost(0).flops, 0);
  EXPECT_EQ(graph.cost(0).fixedDuration, std::nullopt);
  EXPECT_EQ(graph.cost(1).opClass, OpClass::Data);
  EXPECT_EQ(graph.cost(1).fixedDuration, 2.0);
  EXPECT_EQ(graph.name(1), "");
  EXPECT_EQ(graph.numEdges(), 0u);
}

struct BadGraph {
  const char *json;
  const char *expected;
};
void PrintTo(const BadGraph &bad, std::ostream *os) { *os << bad.json; }

class GraphJSONErrorTest : public ::testing::TestWithParam<BadGraph> {};

TEST_P(GraphJSONErrorTest, NamesTheProblem) {
  EXPECT_THAT(errorOf(parseGraphJSON(GetParam().json)),
              HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, GraphJSONErrorTest,
    ::testing::Values(
        BadGraph{R"({"nodes": [)", "invalid graph JSON"},
        BadGraph{R"([1, 2])", "expected an object when parsing graph"},
        BadGraph{R"({"edges": []})", "expected an array of nodes at "
                                     "graph.nodes"},
        BadGraph{R"({"nodes": [{}, {"class": "matmul"}]})",
                 "unknown op class at graph.nodes[1].class: 'matmul'"},
        BadGraph{R"({"nodes": [{"durration": 1}]})",
                 "unknown key at graph.nodes[0].durration"},
        BadGraph{R"({"nodes": [{"flops": -1}]})",
                 "expected a number >= 0 at graph.nodes[0].flops"},
        BadGraph{R"({"nodes": [{"name": 7}]})",
                 "expected string at graph.nodes[0].name"},
        BadGraph{R"({"nodes": [{}, {}], "edges": [[0, 2]]})",
                 "node index out of range at graph.edges[0][1]: 2"},
        BadGraph{R"({"nodes": [{}, {}], "edges": [[0, 1], [1]]})",
                 "expected [from, to] or [from, to, bytes] at graph.edges[1]"},
        BadGraph{R"({"nodes": [{}, {}], "edges": [[0, 1, -5]]})",
                 "expected a byte count >= 0 at graph.edges[0][2]"},
        BadGraph{R"({"nodes": [{}, {}], "edges": [[1, 1]]})",
                 "self loop at graph.edges[0]"},
        BadGraph{R"({"nodes": [{}, {}], "edges": [[0, 1], [1, 0]]})",
                 "dependency cycle"},
        BadGraph{R"({"nodes": [], "extra": 1})",
                 "unknown key at graph.extra"}));

} // namespace
