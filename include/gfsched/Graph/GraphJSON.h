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
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GRAPH_GRAPHJSON_H
#define GFSCHED_GRAPH_GRAPHJSON_H

#include "gfsched/Graph/DepGraph.h"

#include "llvm/Support/JSON.h"

namespace gfsched {

llvm::json::Value toJSON(const DepGraph &graph);

/// Parses a graph; errors name the JSON path of the bad element.
llvm::Expected<DepGraph> graphFromJSON(const llvm::json::Value &value);
llvm::Expected<DepGraph> parseGraphJSON(llvm::StringRef text);

} // namespace gfsched

#endif // GFSCHED_GRAPH_GRAPHJSON_H
