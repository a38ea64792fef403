//===- GraphJSON.h - DepGraph to and from JSON ------------------*- C++ -*-===//
//
// The interchange format for graphs (datasets for training, dumps of MLIR
// blocks, test fixtures):
//
//   {"nodes": [{"name": "a", "class": "contraction", "flops": 2e6,
//               "bytes": 3e4, "duration": 1.5}, ...],
//    "edges": [[0, 1, 4096], [0, 2], ...]}
//
// "duration" (microseconds) is optional and becomes OpCost::fixedDuration; an
// edge's third element (bytes) is optional and defaults to 0.
//
// A dataset gathers the graphs of many blocks, as gfsched-graph-dump writes
// them:
//
//   {"source": "model.mlir",
//    "graphs": [{"function": "forward", "block": 0, "graph": {...}}, ...]}
//
// "block" counts the function's schedulable blocks (getSchedulableBlocks
// order), as the pass does.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GRAPH_GRAPHJSON_H
#define GFSCHED_GRAPH_GRAPHJSON_H

#include "gfsched/Graph/DepGraph.h"

#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace gfsched {

llvm::json::Value toJSON(const DepGraph &graph);

/// Parses a graph; errors name the JSON path of the bad element.
llvm::Expected<DepGraph> graphFromJSON(const llvm::json::Value &value);
llvm::Expected<DepGraph> parseGraphJSON(llvm::StringRef text);

/// A graph of a dataset with the name it goes by in reports.
struct NamedGraph {
  std::string name;
  DepGraph graph;
};

/// Parses a dataset, whose graphs are named "<function>#<block>" (the key the
/// pass derives its random streams from), or a single graph document, which
/// gives one graph with an empty name for the caller to fill in (with the
/// file name, say). Names need not be unique. Errors name the JSON path of
/// the bad element.
llvm::Expected<std::vector<NamedGraph>> parseGraphDataset(llvm::StringRef text);

} // namespace gfsched

#endif // GFSCHED_GRAPH_GRAPHJSON_H
