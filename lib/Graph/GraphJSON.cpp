//===- GraphJSON.cpp - DepGraph to and from JSON --------------------------===//

#include "gfsched/Graph/GraphJSON.h"

#include "gfsched/Support/JSONReader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace gfsched;
namespace json = llvm::json;

json::Value gfsched::toJSON(const DepGraph &graph) {
  json::Array nodes;
  for (NodeId node = 0; node < graph.size(); ++node) {
    const OpCost &cost = graph.cost(node);
    json::Object object{{"name", graph.name(node).str()},
                        {"class", getOpClassName(cost.opClass)},
                        {"flops", cost.flops},
                        {"bytes", cost.bytes}};
    if (cost.fixedDuration)
      object["duration"] = *cost.fixedDuration;
    nodes.push_back(std::move(object));
  }
  json::Array edges;
  for (const Edge &edge : graph.edges()) {
    json::Array entry{edge.from, edge.to};
    // Pure ordering edges stay short: [from, to].
    if (edge.bytes != 0)
      entry.push_back(edge.bytes);
    edges.push_back(std::move(entry));
  }
  return json::Object{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

static std::string opClassList() {
  std::vector<std::string> names;
  for (unsigned i = 0; i < kNumOpClasses; ++i)
    names.push_back(getOpClassName(static_cast<OpClass>(i)).str());
  return llvm::join(names, ", ");
}

static bool readNode(const json::Value &value, DepGraphBuilder &builder,
                     JSONReader &reader, json::Path path) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return reader.fail(path, "expected an object");
  if (!reader.checkKeys(*object,
                        {"name", "class", "flops", "bytes", "duration"}, path))
    return false;
  json::ObjectMapper mapper(value, path);
  std::string name;
  std::optional<std::string> className;
  if (!mapper.mapOptional("name", name) || !mapper.map("class", className))
    return false;
  OpCost cost;
  if (className) {
    std::optional<OpClass> opClass = parseOpClass(*className);
    if (!opClass)
      return reader.fail(path.field("class"), "unknown op class",
                         "'" + *className + "' (expected one of " +
                             opClassList() + ")");
    cost.opClass = *opClass;
  }
  double duration = -1;
  if (!reader.readAmount(*object, "flops", cost.flops, path) ||
      !reader.readAmount(*object, "bytes", cost.bytes, path) ||
      !reader.readAmount(*object, "duration", duration, path))
    return false;
  if (object->get("duration"))
    cost.fixedDuration = duration;
  builder.addNode(cost, name);
  return true;
}

static bool readNodeId(const json::Value &value, unsigned numNodes, NodeId &out,
                       JSONReader &reader, json::Path path) {
  std::optional<int64_t> id = value.getAsInteger();
  if (!id)
    return reader.fail(path, "expected a node index");
  if (*id < 0 || *id >= numNodes)
    return reader.fail(
        path, "node index out of range",
        llvm::formatv("{0} (the graph has {1} nodes)", *id, numNodes).str());
  out = *id;
  return true;
}

static bool readEdge(const json::Value &value, DepGraphBuilder &builder,
                     JSONReader &reader, json::Path path) {
  const json::Array *array = value.getAsArray();
  if (!array || (array->size() != 2 && array->size() != 3))
    return reader.fail(path, "expected [from, to] or [from, to, bytes]");
  NodeId from, to;
  if (!readNodeId((*array)[0], builder.size(), from, reader, path.index(0)) ||
      !readNodeId((*array)[1], builder.size(), to, reader, path.index(1)))
    return false;
  if (from == to)
    return reader.fail(path, "self loop",
                       llvm::formatv("node {0}", from).str());
  double bytes = 0;
  if (array->size() == 3) {
    std::optional<double> number = (*array)[2].getAsNumber();
    if (!number || !(*number >= 0) || !std::isfinite(*number))
      return reader.fail(path.index(2), "expected a byte count >= 0");
    bytes = *number;
  }
  builder.addEdge(from, to, bytes);
  return true;
}

static bool readGraph(const json::Value &value, DepGraphBuilder &builder,
                      JSONReader &reader, json::Path path) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return reader.fail(path, "expected an object");
  if (!reader.checkKeys(*object, {"nodes", "edges"}, path))
    return false;
  const json::Array *nodes = object->getArray("nodes");
  if (!nodes)
    return reader.fail(path.field("nodes"), "expected an array of nodes");
  for (auto [index, node] : llvm::enumerate(*nodes))
    if (!readNode(node, builder, reader, path.field("nodes").index(index)))
      return false;
  // A graph without edges may leave them out.
  const json::Value *edgesValue = object->get("edges");
  if (!edgesValue)
    return true;
  const json::Array *edges = edgesValue->getAsArray();
  if (!edges)
    return reader.fail(path.field("edges"), "expected an array of edges");
  for (auto [index, edge] : llvm::enumerate(*edges))
    if (!readEdge(edge, builder, reader, path.field("edges").index(index)))
      return false;
  return true;
}

llvm::Expected<DepGraph> gfsched::graphFromJSON(const json::Value &value) {
  JSONReader reader("graph");
  DepGraphBuilder builder;
  if (!readGraph(value, builder, reader, reader.path()))
    return reader.takeError();
  // What is left for build() to find (cycles) has no single JSON path.
  return std::move(builder).build();
}

llvm::Expected<DepGraph> gfsched::parseGraphJSON(llvm::StringRef text) {
  llvm::Expected<json::Value> value = json::parse(text);
  if (!value)
    return llvm::createStringError("invalid graph JSON: " +
                                   llvm::toString(value.takeError()));
  return graphFromJSON(*value);
}

/// Reads one dataset entry: {"function": ..., "block": ..., "graph": ...}.
static bool readDatasetEntry(const json::Value &value,
                             std::vector<NamedGraph> &graphs,
                             JSONReader &reader, json::Path path) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return reader.fail(path, "expected an object");
  if (!reader.checkKeys(*object, {"function", "block", "graph"}, path))
    return false;
  std::optional<llvm::StringRef> function = object->getString("function");
  if (!function)
    return reader.fail(path.field("function"), "expected a function name");
  const json::Value *blockValue = object->get("block");
  std::optional<int64_t> block =
      blockValue ? blockValue->getAsInteger() : std::nullopt;
  if (!block || *block < 0)
    return reader.fail(path.field("block"), "expected a block index >= 0");
  const json::Value *graphValue = object->get("graph");
  if (!graphValue)
    return reader.fail(path.field("graph"), "expected a graph");

  DepGraphBuilder builder;
  if (!readGraph(*graphValue, builder, reader, path.field("graph")))
    return false;
  llvm::Expected<DepGraph> graph = std::move(builder).build();
  // Unlike a lone graph's, a dataset graph's cycle needs the path to say
  // which graph holds it.
  if (!graph)
    return reader.fail(path.field("graph"), "invalid graph",
                       llvm::toString(graph.takeError()));
  graphs.push_back(
      {llvm::formatv("{0}#{1}", *function, *block).str(), std::move(*graph)});
  return true;
}

static bool readDataset(const json::Object &object,
                        std::vector<NamedGraph> &graphs, JSONReader &reader,
                        json::Path path) {
  if (!reader.checkKeys(object, {"source", "graphs"}, path))
    return false;
  const json::Value *source = object.get("source");
  if (source && !source->getAsString())
    return reader.fail(path.field("source"), "expected a file name");
  const json::Array *entries = object.getArray("graphs");
  if (!entries)
    return reader.fail(path.field("graphs"), "expected an array of graphs");
  for (auto [index, entry] : llvm::enumerate(*entries))
    if (!readDatasetEntry(entry, graphs, reader,
                          path.field("graphs").index(index)))
      return false;
  return true;
}

llvm::Expected<std::vector<NamedGraph>>
gfsched::parseGraphDataset(llvm::StringRef text) {
  llvm::Expected<json::Value> value = json::parse(text);
  if (!value)
    return llvm::createStringError("invalid graph dataset JSON: " +
                                   llvm::toString(value.takeError()));
  // Only a dataset has "graphs"; anything else is read as a single graph, so
  // that its errors speak of graph fields.
  const json::Object *object = value->getAsObject();
  if (!object || !object->get("graphs")) {
    llvm::Expected<DepGraph> graph = graphFromJSON(*value);
    if (!graph)
      return graph.takeError();
    std::vector<NamedGraph> graphs;
    graphs.push_back({"", std::move(*graph)});
    return graphs;
  }
  JSONReader reader("dataset");
  std::vector<NamedGraph> graphs;
  if (!readDataset(*object, graphs, reader, reader.path()))
    return reader.takeError();
  return graphs;
}
