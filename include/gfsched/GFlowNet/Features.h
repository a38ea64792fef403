//===- Features.h - What the policy sees of a problem -----------*- C++ -*-===//
//
// Static, scale-free per-op features (times divided by the critical path or
// the mean duration, so scaling every duration leaves them unchanged) and the
// DAG relations that mask the encoder's attention heads. Plain C++: the
// torch-side encoder only consumes these arrays.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_FEATURES_H
#define GFSCHED_GFLOWNET_FEATURES_H

#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/BitVector.h"

#include <vector>

namespace gfsched {

/// Per-op input features of the encoder.
constexpr unsigned kNumNodeFeatures = 16;

/// The DAG relations that restrict attention, one head group each.
enum class Relation : unsigned { Predecessor, Successor, Ancestor, Descendant };
constexpr unsigned kNumRelations = 4;

/// related[r][i] holds the ops j with relation r to i (j is a predecessor of
/// i, ...). Ancestors and descendants are the transitive closures.
struct GraphRelations {
  std::vector<llvm::BitVector> related[kNumRelations];
};
GraphRelations computeRelations(const DepGraph &graph);

/// Row-major numOps x kNumNodeFeatures.
std::vector<float> computeNodeFeatures(const Problem &problem,
                                       const GraphRelations &relations);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_FEATURES_H
