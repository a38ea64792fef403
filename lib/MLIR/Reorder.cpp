//===- Reorder.cpp - Rewriting a block into a schedule's order ------------===//

#include "gfsched/MLIR/Reorder.h"

#include "gfsched/MLIR/BlockGraph.h"

#include "mlir/Analysis/AliasAnalysis.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace gfsched {

namespace {

/// Emits ops, each preceded by the deferred ops it uses that are not yet
/// emitted, and those by theirs, depth first.
class DeferredOpEmitter {
public:
  explicit DeferredOpEmitter(ArrayRef<Operation *> deferred)
      : pending(deferred.begin(), deferred.end()) {}

  /// With an explicit stack: a chain of deferred ops (index arithmetic in
  /// unrolled code) can be far deeper than a thread's stack allows.
  void emit(Operation *root) {
    struct Frame {
      Operation *op;
      SmallVector<Operation *> used;
      size_t next = 0;
    };
    SmallVector<Frame> stack;
    stack.push_back({root, getUsedOps(root)});
    while (!stack.empty()) {
      Frame &frame = stack.back();
      if (frame.next == frame.used.size()) {
        order.push_back(frame.op);
        stack.pop_back();
        continue;
      }
      Operation *used = frame.used[frame.next++];
      // Pending until emitted: an op used twice is emitted once, first.
      if (used && pending.erase(used))
        stack.push_back({used, getUsedOps(used)});
    }
  }

  void emitIfPending(Operation *op) {
    if (op && pending.erase(op))
      emit(op);
  }

  SmallVector<Operation *> order;

private:
  /// The ops of `op`'s block whose results `op` or an op nested in it uses,
  /// in use order (null for values defined outside the block).
  static SmallVector<Operation *> getUsedOps(Operation *op) {
    SmallVector<Operation *> used;
    op->walk([&](Operation *user) {
      for (Value value : user->getOperands())
        if (Operation *def = value.getDefiningOp(); def && def != op)
          used.push_back(op->getBlock()->findAncestorOpInBlock(*def));
    });
    return used;
  }

  llvm::SmallPtrSet<Operation *, 16> pending;
};

} // namespace

SmallVector<Operation *> interleaveDeferredOps(ArrayRef<Operation *> scheduled,
                                               ArrayRef<Operation *> deferred) {
  DeferredOpEmitter emitter(deferred);
  for (Operation *op : scheduled)
    emitter.emit(op);
  for (Operation *op : deferred)
    emitter.emitIfPending(op);
  return std::move(emitter.order);
}

void applyOrder(Block &block, ArrayRef<Operation *> order) {
  Operation *terminator = block.mightHaveTerminator() ? &block.back() : nullptr;
  for (Operation *op : order) {
    if (terminator)
      op->moveBefore(terminator);
    else
      op->moveBefore(&block, block.end());
  }
}

namespace {

/// The op of `block` that is `op` or holds `op` in a nested region.
Operation *getAncestorInBlock(Block &block, Operation *op) {
  return op ? block.findAncestorOpInBlock(*op) : nullptr;
}

LogicalResult checkSameOps(Block &block, ArrayRef<Operation *> originalOrder,
                           ArrayRef<Operation *> newOrder) {
  SmallVector<Operation *> sortedOld(originalOrder), sortedNew(newOrder);
  llvm::sort(sortedOld);
  llvm::sort(sortedNew);
  if (sortedOld == sortedNew)
    return success();
  return block.getParentOp()->emitError()
         << "gflownet-schedule: the rewrite changed the set of ops in a block ("
         << originalOrder.size() << " before, " << newOrder.size() << " after)";
}

/// Every value used in the block (nested uses included) is defined earlier.
LogicalResult checkDefsBeforeUses(Block &block,
                                  const DenseMap<Operation *, unsigned> &pos) {
  for (auto [userPos, op] : llvm::enumerate(block)) {
    WalkResult walk = op.walk([&](Operation *user) {
      for (Value value : user->getOperands()) {
        Operation *def = getAncestorInBlock(block, value.getDefiningOp());
        if (!def || def == &op || pos.lookup(def) < userPos)
          continue;
        def->emitError() << "gflownet-schedule: reordering moved this op "
                            "after a user of its result";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();
  }
  return success();
}

/// Every pair with conflicting memory effects keeps its original order.
LogicalResult checkEffectOrder(ArrayRef<Operation *> originalOrder,
                               const DenseMap<Operation *, unsigned> &pos,
                               AliasAnalysis &aliasAnalysis) {
  SmallVector<Operation *> effecting;
  for (Operation *op : originalOrder)
    if (!isMemoryEffectFree(op))
      effecting.push_back(op);
  for (auto [i, first] : llvm::enumerate(effecting))
    for (Operation *second : ArrayRef(effecting).drop_front(i + 1)) {
      if (pos.lookup(first) < pos.lookup(second) ||
          !haveConflictingEffects(first, second, aliasAnalysis))
        continue;
      InFlightDiagnostic diag =
          second->emitError() << "gflownet-schedule: reordering moved this op "
                                 "before an op whose memory effects it "
                                 "conflicts with";
      diag.attachNote(first->getLoc()) << "the conflicting op";
      return failure();
    }
  return success();
}

} // namespace

LogicalResult verifyReorder(Block &block, ArrayRef<Operation *> originalOrder,
                            AliasAnalysis &aliasAnalysis) {
  SmallVector<Operation *> newOrder = getMovableOps(block);
  if (failed(checkSameOps(block, originalOrder, newOrder)))
    return failure();
  DenseMap<Operation *, unsigned> pos;
  for (auto [index, op] : llvm::enumerate(block))
    pos[&op] = index;
  if (failed(checkDefsBeforeUses(block, pos)))
    return failure();
  return checkEffectOrder(originalOrder, pos, aliasAnalysis);
}

} // namespace gfsched
