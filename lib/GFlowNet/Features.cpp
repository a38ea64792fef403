//===- Features.cpp - What the policy sees of a problem -------------------===//

#include "gfsched/GFlowNet/Features.h"

#include <algorithm>
#include <cmath>

namespace gfsched {

GraphRelations computeRelations(const DepGraph &graph) {
  unsigned numOps = graph.size();
  GraphRelations relations;
  for (auto &rows : relations.related)
    rows.assign(numOps, llvm::BitVector(numOps));
  auto &preds = relations.related[unsigned(Relation::Predecessor)];
  auto &succs = relations.related[unsigned(Relation::Successor)];
  auto &ancestors = relations.related[unsigned(Relation::Ancestor)];
  auto &descendants = relations.related[unsigned(Relation::Descendant)];
  for (NodeId op = 0; op < numOps; ++op)
    for (NodeId pred : graph.preds(op)) {
      preds[op].set(pred);
      succs[pred].set(op);
    }
  llvm::ArrayRef<NodeId> order = graph.topologicalOrder();
  for (NodeId op : order)
    for (NodeId pred : graph.preds(op)) {
      ancestors[op] |= ancestors[pred];
      ancestors[op].set(pred);
    }
  for (NodeId op : llvm::reverse(order))
    for (NodeId succ : graph.succs(op)) {
      descendants[op] |= descendants[succ];
      descendants[op].set(succ);
    }
  return relations;
}

std::vector<float> computeNodeFeatures(const Problem &problem,
                                       const GraphRelations &relations) {
  const DepGraph &graph = problem.getGraph();
  unsigned numOps = problem.numOps(), numUnits = problem.numUnits();
  std::vector<float> features(size_t(numOps) * kNumNodeFeatures);
  if (numOps == 0)
    return features;
  double meanDuration = problem.totalWork() / numOps;
  double critical = problem.criticalPath();
  double perMean = meanDuration > 0 ? 1 / meanDuration : 1;
  double perCritical = critical > 0 ? 1 / critical : 1;
  double parallelism = problem.totalWork() * perCritical / numUnits;
  const auto &ancestors = relations.related[unsigned(Relation::Ancestor)];
  const auto &descendants = relations.related[unsigned(Relation::Descendant)];

  for (NodeId op = 0; op < numOps; ++op) {
    double duration = problem.minDuration(op);
    double top = problem.topLevel(op), bottom = problem.bottomLevel(op);
    double slowest = duration;
    for (unsigned unit : problem.allowedUnits(op))
      slowest = std::max(slowest, problem.duration(op, unit));
    float *row = &features[size_t(op) * kNumNodeFeatures];
    row[0] = duration * perMean;
    row[1] = duration * perCritical;
    row[2] = std::log1p(top * perMean);
    row[3] = top * perCritical;
    row[4] = bottom * perCritical;
    row[5] = std::log1p(bottom * perMean);
    row[6] = std::log1p(graph.preds(op).size());
    row[7] = std::log1p(graph.succs(op).size());
    row[8] = static_cast<float>(ancestors[op].count()) / numOps;
    row[9] = static_cast<float>(descendants[op].count()) / numOps;
    row[10] = std::max(0.0, critical - top - bottom) * perCritical;
    row[11] = static_cast<float>(problem.allowedUnits(op).size()) / numUnits;
    row[12] = duration > 0 ? std::log(slowest / duration) : 0;
    row[13] = std::min(parallelism, 4.0);
    row[14] = std::log(static_cast<double>(numOps)) / 10;
    row[15] = 1.0 / numUnits;
  }
  return features;
}

} // namespace gfsched
