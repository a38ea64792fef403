//===- BlockGraph.cpp - The dependency graph of an MLIR block -------------===//

#include "gfsched/MLIR/BlockGraph.h"

#include "mlir/Analysis/AliasAnalysis.h"
#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;

namespace gfsched {
namespace {

/// What an op does to memory, through all its nested regions.
struct EffectSummary {
  /// No MemoryEffectOpInterface somewhere and not pure: may do anything.
  bool unknown = false;
  SmallVector<MemoryEffects::EffectInstance> effects;

  bool hasAny() const { return unknown || !effects.empty(); }
};

EffectSummary summarizeEffects(Operation *op) {
  EffectSummary summary;
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
      getEffectsRecursively(op);
  if (!effects)
    summary.unknown = true;
  else
    summary.effects = std::move(*effects);
  return summary;
}

bool isReadOnly(const MemoryEffects::EffectInstance &effect) {
  return isa<MemoryEffects::Read>(effect.getEffect());
}

bool effectsConflict(const MemoryEffects::EffectInstance &a,
                     const MemoryEffects::EffectInstance &b,
                     AliasAnalysis &aliasAnalysis) {
  if (isReadOnly(a) && isReadOnly(b))
    return false;
  if (a.getResource() != b.getResource())
    return false;
  Value valueA = a.getValue(), valueB = b.getValue();
  // An effect on no particular value may touch all of its resource.
  if (!valueA || !valueB)
    return true;
  return !aliasAnalysis.alias(valueA, valueB).isNo();
}

bool summariesConflict(const EffectSummary &a, const EffectSummary &b,
                       AliasAnalysis &aliasAnalysis) {
  if (!a.hasAny() || !b.hasAny())
    return false;
  if (a.unknown || b.unknown)
    return true;
  for (const MemoryEffects::EffectInstance &effectA : a.effects)
    for (const MemoryEffects::EffectInstance &effectB : b.effects)
      if (effectsConflict(effectA, effectB, aliasAnalysis))
        return true;
  return false;
}

/// Adds the SSA edges into `node`: from the defining op (in the same block)
/// of every value that `op` or an op nested in it uses.
void addSSAEdges(DepGraphBuilder &builder, NodeId node, Operation *op,
                 const DenseMap<Operation *, NodeId> &nodeOf,
                 const CostModelOptions &costOptions) {
  DenseSet<Value> seen;
  op->walk([&](Operation *user) {
    for (Value value : user->getOperands()) {
      Operation *def = value.getDefiningOp();
      if (!def || def == op || !seen.insert(value).second)
        continue;
      auto it = nodeOf.find(def);
      if (it != nodeOf.end())
        builder.addEdge(it->second, node,
                        getTypeBytes(value.getType(), costOptions));
    }
  });
}

/// Adds the memory edges into `node`: from the last barrier, and from every
/// op since that barrier whose effects conflict with this one's. Ordering
/// against ops before the last barrier follows through the barrier.
class MemoryEdgeTracker {
public:
  explicit MemoryEdgeTracker(AliasAnalysis &aliasAnalysis)
      : aliasAnalysis(aliasAnalysis) {}

  void addEdges(DepGraphBuilder &builder, NodeId node, Operation *op) {
    EffectSummary summary = summarizeEffects(op);
    if (!summary.hasAny())
      return;
    if (lastBarrier)
      builder.addEdge(*lastBarrier, node);
    for (auto &[earlier, earlierSummary] : sinceBarrier)
      if (summary.unknown ||
          summariesConflict(summary, earlierSummary, aliasAnalysis))
        builder.addEdge(earlier, node);
    if (summary.unknown) {
      lastBarrier = node;
      sinceBarrier.clear();
      return;
    }
    sinceBarrier.emplace_back(node, std::move(summary));
  }

private:
  AliasAnalysis &aliasAnalysis;
  std::optional<NodeId> lastBarrier;
  SmallVector<std::pair<NodeId, EffectSummary>> sinceBarrier;
};

} // namespace

static void collectSchedulableBlocks(Region &region,
                                     SmallVectorImpl<Block *> &blocks) {
  for (Block &block : region) {
    if (getMovableOps(block).size() >= 2)
      blocks.push_back(&block);
    for (Operation &op : block)
      if (isa<RegionBranchOpInterface, LoopLikeOpInterface>(op))
        for (Region &nested : op.getRegions())
          collectSchedulableBlocks(nested, blocks);
  }
}

SmallVector<Block *> getSchedulableBlocks(Region &region) {
  SmallVector<Block *> blocks;
  collectSchedulableBlocks(region, blocks);
  return blocks;
}

SmallVector<Operation *> getMovableOps(Block &block) {
  SmallVector<Operation *> ops;
  for (Operation &op : block)
    ops.push_back(&op);
  // An unregistered last op may be the terminator too: it stays last.
  if (block.mightHaveTerminator())
    ops.pop_back();
  return ops;
}

FailureOr<BlockGraph> extractBlockGraph(Block &block,
                                        AliasAnalysis &aliasAnalysis,
                                        const CostModelOptions &costOptions) {
  BlockGraph result;
  result.ops = getMovableOps(block);

  DepGraphBuilder builder;
  DenseMap<Operation *, NodeId> nodeOf;
  bool costsValid = true;
  for (Operation *op : result.ops) {
    FailureOr<OpCost> cost = estimateOpCost(op, costOptions);
    costsValid &= succeeded(cost);
    NodeId node = builder.addNode(succeeded(cost) ? *cost : OpCost(),
                                  op->getName().getStringRef());
    nodeOf[op] = node;
  }
  if (!costsValid)
    return failure();

  MemoryEdgeTracker memoryEdges(aliasAnalysis);
  for (auto [node, op] : llvm::enumerate(result.ops)) {
    addSSAEdges(builder, node, op, nodeOf, costOptions);
    memoryEdges.addEdges(builder, node, op);
  }

  llvm::Expected<DepGraph> graph = std::move(builder).build();
  if (!graph) {
    // Every edge points forward in block order, so this is an internal error.
    Operation *parent = block.getParentOp();
    return parent->emitError()
           << "gflownet-schedule: internal error building the dependency "
              "graph: "
           << llvm::toString(graph.takeError());
  }
  result.graph = std::move(*graph);
  return result;
}

bool isNegligible(const OpCost &cost, Operation *op) {
  return cost.opClass == OpClass::Meta && !cost.fixedDuration &&
         isMemoryEffectFree(op);
}

FailureOr<SchedulingGraph>
extractSchedulingGraph(Block &block, AliasAnalysis &aliasAnalysis,
                       const CostModelOptions &costOptions) {
  FailureOr<BlockGraph> full =
      extractBlockGraph(block, aliasAnalysis, costOptions);
  if (failed(full))
    return failure();
  SchedulingGraph result;
  result.movable = full->ops;
  SmallVector<bool> remove(full->ops.size());
  for (auto [node, op] : llvm::enumerate(full->ops)) {
    remove[node] = isNegligible(full->graph.cost(node), op);
    if (remove[node])
      result.deferred.push_back(op);
  }
  std::vector<NodeId> keptIds;
  result.graph = contractNodes(full->graph, remove, keptIds);
  for (NodeId original : keptIds)
    result.ops.push_back(full->ops[original]);
  return result;
}

bool haveConflictingEffects(Operation *a, Operation *b,
                            AliasAnalysis &aliasAnalysis) {
  return summariesConflict(summarizeEffects(a), summarizeEffects(b),
                           aliasAnalysis);
}

} // namespace gfsched
