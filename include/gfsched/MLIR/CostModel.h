//===- CostModel.h - What an MLIR operation costs ---------------*- C++ -*-===//
//
// Estimates the FLOPs and bytes of an operation from its static shapes and
// classifies it for the device model (docs/cost-model.md):
//   - linalg structured ops: iteration domain x scalar ops in the body;
//   - tosa conv2d/conv3d/depthwise/transpose conv, matmul, pooling,
//     reductions, elementwise ops;
//   - elementwise arith/math on tensors or vectors: one FLOP per element;
//   - constants, empty tensors, reshapes, slices, casts and scalar ops: Meta
//     (free);
//   - ops with regions: the sum of their nested ops, times the trip count of
//     loops with static bounds;
//   - anything else: Other, its bytes being its shaped operands and results.
// A dynamic dimension counts as CostModelOptions::dynamicDimSize. A
// `gfsched.cost` attribute (microseconds, integer or float) overrides the
// duration the device would estimate for the op where it is scheduled, in
// its own block; an op with regions is costed from its nested ops' work
// whatever their own `gfsched.cost` (a duration does not add to FLOPs and
// bytes): put one on the loop itself to set its duration.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_MLIR_COSTMODEL_H
#define GFSCHED_MLIR_COSTMODEL_H

#include "gfsched/Graph/DepGraph.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"

namespace gfsched {

/// The attribute that overrides an op's duration, in microseconds.
constexpr llvm::StringLiteral kCostAttrName = "gfsched.cost";

struct CostModelOptions {
  /// The size assumed for each dynamic dimension.
  int64_t dynamicDimSize = 32;
  /// The trip count assumed for a loop whose bounds are not static.
  int64_t dynamicTripCount = 32;
};

/// Bytes of a value of `type`: elements x element size for shaped types, the
/// bit width rounded up to bytes for scalars (index = 8 bytes).
double getTypeBytes(mlir::Type type, const CostModelOptions &options = {});

/// The cost of `op`. Fails (with a diagnostic on `op`) only for a malformed
/// `gfsched.cost` attribute.
mlir::FailureOr<OpCost> estimateOpCost(mlir::Operation *op,
                                       const CostModelOptions &options = {});

/// Checks `op`'s `gfsched.cost` attribute, if it has one: fails, with a
/// diagnostic on `op`, when it is not a finite, non-negative number.
mlir::LogicalResult checkCostOverride(mlir::Operation *op);

} // namespace gfsched

#endif // GFSCHED_MLIR_COSTMODEL_H
