//===- GraphDatasetTest.cpp - Reading graph datasets ----------------------===//

#include "gfsched/Graph/GraphJSON.h"

#include "llvm/Support/FormatVariadic.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace gfsched;
using namespace gfsched::test;
using ::testing::HasSubstr;
namespace json = llvm::json;

namespace {

std::string print(const json::Value &value) {
  return llvm::formatv("{0}", value).str();
}

json::Value entry(llvm::StringRef function, int64_t block, json::Value graph) {
  return json::Object{
      {"function", function}, {"block", block}, {"graph", std::move(graph)}};
}

/// The dataset error of `text`, or "" if it parses.
std::string datasetError(llvm::StringRef text) {
  return errorOf(parseGraphDataset(text));
}

TEST(GraphDatasetTest, SingleGraphDocumentGivesOneUnnamedGraph) {
  DepGraph graph = makeGraph({1, 2, 3}, {{0, 1, 64}, {0, 2, 0}});
  llvm::Expected<std::vector<NamedGraph>> graphs =
      parseGraphDataset(print(toJSON(graph)));
  ASSERT_TRUE(static_cast<bool>(graphs)) << errorOf(graphs.takeError());
  ASSERT_EQ(graphs->size(), 1u);
  EXPECT_EQ((*graphs)[0].name, "");
  EXPECT_EQ(toJSON((*graphs)[0].graph), toJSON(graph));
}

TEST(GraphDatasetTest, DatasetRoundTrip) {
  DepGraph first = makeGraph({1, 2, 3}, {{0, 1, 64}, {1, 2, 0}});
  DepGraph second = makeGraph({0.5, 0.25}, {});
  json::Value dataset = json::Object{
      {"source", "model.mlir"},
      {"graphs", json::Array{entry("forward", 0, toJSON(first)),
                             entry("forward", 2, toJSON(second)),
                             entry("backward", 0, toJSON(first))}}};
  llvm::Expected<std::vector<NamedGraph>> graphs =
      parseGraphDataset(print(dataset));
  ASSERT_TRUE(static_cast<bool>(graphs)) << errorOf(graphs.takeError());
  ASSERT_EQ(graphs->size(), 3u);
  EXPECT_EQ((*graphs)[0].name, "forward#0");
  EXPECT_EQ((*graphs)[1].name, "forward#2");
  EXPECT_EQ((*graphs)[2].name, "backward#0");
  EXPECT_EQ(toJSON((*graphs)[0].graph), toJSON(first));
  EXPECT_EQ(toJSON((*graphs)[1].graph), toJSON(second));
  EXPECT_EQ(toJSON((*graphs)[2].graph), toJSON(first));
}

TEST(GraphDatasetTest, EmptyDatasetAndOptionalSource) {
  llvm::Expected<std::vector<NamedGraph>> graphs =
      parseGraphDataset(R"({"graphs": []})");
  ASSERT_TRUE(static_cast<bool>(graphs)) << errorOf(graphs.takeError());
  EXPECT_TRUE(graphs->empty());
}

TEST(GraphDatasetTest, ErrorsNameTheJSONPath) {
  EXPECT_THAT(datasetError("{"), HasSubstr("invalid graph dataset JSON"));
  EXPECT_THAT(datasetError(R"({"graphs": {}})"),
              HasSubstr("expected an array of graphs at dataset.graphs"));
  EXPECT_THAT(datasetError(R"({"graphs": [], "extra": 1})"),
              HasSubstr("unknown key at dataset.extra"));
  EXPECT_THAT(datasetError(R"({"source": 3, "graphs": []})"),
              HasSubstr("expected a file name at dataset.source"));
  EXPECT_THAT(datasetError(R"({"graphs": [3]})"),
              HasSubstr("expected an object at dataset.graphs[0]"));

  std::string graph = R"({"nodes": [{"name": "a"}]})";
  EXPECT_THAT(
      datasetError(R"({"graphs": [{"block": 0, "graph": )" + graph + "}]}"),
      HasSubstr("expected a function name at "
                "dataset.graphs[0].function"));
  EXPECT_THAT(
      datasetError(R"({"graphs": [{"function": "f", "block": -1, "graph": )" +
                   graph + "}]}"),
      HasSubstr("expected a block index >= 0 at dataset.graphs[0].block"));
  EXPECT_THAT(datasetError(R"({"graphs": [{"function": "f", "block": 0}]})"),
              HasSubstr("expected a graph at dataset.graphs[0].graph"));
  EXPECT_THAT(
      datasetError(
          R"({"graphs": [{"function": "f", "block": 0, "name": "x", "graph": )" +
          graph + "}]}"),
      HasSubstr("unknown key at dataset.graphs[0].name"));
}

TEST(GraphDatasetTest, GraphErrorsInsideADatasetKeepTheirPath) {
  json::Value good = toJSON(makeGraph({1, 1}, {{0, 1, 0}}));
  json::Value badClass =
      json::Object{{"nodes", json::Array{json::Object{{"class", "matmul"}}}}};
  json::Value dataset =
      json::Object{{"graphs", json::Array{entry("f", 0, std::move(good)),
                                          entry("f", 1, std::move(badClass))}}};
  EXPECT_THAT(datasetError(print(dataset)),
              HasSubstr("unknown op class at dataset.graphs[1].graph.nodes[0]"
                        ".class: 'matmul'"));

  // A cycle has no path of its own inside the graph; the graph's is given.
  std::string cycle = R"({"graphs": [{"function": "g", "block": 3, "graph":
      {"nodes": [{"name": "a"}, {"name": "b"}], "edges": [[0, 1], [1, 0]]}}]})";
  std::string error = datasetError(cycle);
  EXPECT_THAT(error, HasSubstr("invalid graph at dataset.graphs[0].graph"));
  EXPECT_THAT(error, HasSubstr("dependency cycle"));
}

TEST(GraphDatasetTest, SingleGraphErrorsSpeakOfTheGraph) {
  EXPECT_THAT(datasetError(R"({"nodes": 3})"),
              HasSubstr("expected an array of nodes at graph.nodes"));
  EXPECT_THAT(datasetError("[]"),
              HasSubstr("expected an object when parsing graph"));
}

} // namespace
