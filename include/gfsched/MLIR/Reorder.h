//===- Reorder.h - Rewriting a block into a schedule's order ----*- C++ -*-===//

#ifndef GFSCHED_MLIR_REORDER_H
#define GFSCHED_MLIR_REORDER_H

#include "mlir/IR/Block.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
class AliasAnalysis;
} // namespace mlir

namespace gfsched {

/// The block order that runs `scheduled` (the ops a schedule placed, in its
/// order) with every op of `deferred` (the negligible ops left out of the
/// schedule, in block order) placed right before its first user, so that a
/// chain of them keeps its order; deferred ops without a user in the block
/// come last.
llvm::SmallVector<mlir::Operation *>
interleaveDeferredOps(llvm::ArrayRef<mlir::Operation *> scheduled,
                      llvm::ArrayRef<mlir::Operation *> deferred);

/// Moves the movable ops of `block` into `order` (a permutation of them),
/// keeping the terminator last.
void applyOrder(mlir::Block &block, llvm::ArrayRef<mlir::Operation *> order);

/// An independent check of a rewrite, written apart from the graph
/// extraction: `block` now holds exactly the ops of `originalOrder` (plus its
/// terminator, still last), every value is defined before its uses in the
/// block (nested uses included), and every pair of ops with conflicting
/// memory effects is in its original relative order. Emits an error naming
/// the first violated dependency.
mlir::LogicalResult
verifyReorder(mlir::Block &block,
              llvm::ArrayRef<mlir::Operation *> originalOrder,
              mlir::AliasAnalysis &aliasAnalysis);

} // namespace gfsched

#endif // GFSCHED_MLIR_REORDER_H
