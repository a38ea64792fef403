//===- BlockGraph.h - The dependency graph of an MLIR block -----*- C++ -*-===//
//
// One node per movable op of a block (every op but the terminator), in block
// order; an edge wherever reordering two ops could change what the program
// computes:
//   - SSA: a value defined by one op and used by a later op, including uses
//     inside the later op's nested regions (edge bytes = the value's size);
//   - memory: two ops whose effects (collected recursively through regions)
//     touch the same resource, at least one writing, allocating or freeing,
//     on values that may alias (mlir::AliasAnalysis);
//   - barriers: an op with unknown effects (no MemoryEffectOpInterface and not
//     pure, e.g. func.call) stays ordered with every other op that has effects.
// Memory edges are added only from the last barrier and from conflicting ops
// since it; the remaining orderings follow transitively.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_MLIR_BLOCKGRAPH_H
#define GFSCHED_MLIR_BLOCKGRAPH_H

#include "gfsched/Graph/DepGraph.h"
#include "gfsched/MLIR/CostModel.h"

#include "mlir/IR/Block.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir {
class AliasAnalysis;
} // namespace mlir

namespace gfsched {

struct BlockGraph {
  DepGraph graph;
  /// ops[i] is node i; block order.
  llvm::SmallVector<mlir::Operation *> ops;
};

/// The blocks of `region` and of the control-flow regions nested in it
/// (regions of RegionBranchOpInterface or LoopLikeOpInterface ops: scf.for,
/// scf.if, affine.for, ...) that hold two or more movable ops, in pre-order:
/// each block before the blocks nested in its ops, and those before the
/// block's later siblings. Payload regions (linalg.generic's body,
/// tensor.generate's) describe one op's per-element computation, not a sequence
/// to schedule, and are left alone.
llvm::SmallVector<mlir::Block *> getSchedulableBlocks(mlir::Region &region);

/// The ops of `block` that a schedule may reorder: all but a terminator
/// (an unregistered last op counts as one: it may be).
llvm::SmallVector<mlir::Operation *> getMovableOps(mlir::Block &block);

/// Builds the graph of `block`. Fails, with a diagnostic on the offending op,
/// where an op's cost cannot be determined.
mlir::FailureOr<BlockGraph>
extractBlockGraph(mlir::Block &block, mlir::AliasAnalysis &aliasAnalysis,
                  const CostModelOptions &costOptions = {});

/// Ops the scheduler need not decide on: free (Meta class, no explicit
/// `gfsched.cost`) and without memory effects, so that placing each right
/// before its first user is always legal.
bool isNegligible(const OpCost &cost, mlir::Operation *op);

/// The graph the scheduler sees: the block graph with the negligible ops
/// contracted out (their dependencies joined through), which the rewrite
/// places right before their first user.
struct SchedulingGraph {
  DepGraph graph;
  /// ops[i] is node i (block order).
  llvm::SmallVector<mlir::Operation *> ops;
  /// The negligible ops, in block order.
  llvm::SmallVector<mlir::Operation *> deferred;
  /// Every movable op, in block order.
  llvm::SmallVector<mlir::Operation *> movable;
};
mlir::FailureOr<SchedulingGraph>
extractSchedulingGraph(mlir::Block &block, mlir::AliasAnalysis &aliasAnalysis,
                       const CostModelOptions &costOptions = {});

/// Whether the memory effects of `a` and `b` require them to keep their
/// relative order (either has unknown effects and the other has any, or both
/// touch a common resource, one of them not only reading, on values that may
/// alias).
bool haveConflictingEffects(mlir::Operation *a, mlir::Operation *b,
                            mlir::AliasAnalysis &aliasAnalysis);

} // namespace gfsched

#endif // GFSCHED_MLIR_BLOCKGRAPH_H
