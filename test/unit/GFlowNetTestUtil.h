//===- GFlowNetTestUtil.h - Helpers of the GFlowNet tests -------*- C++ -*-===//

#ifndef GFSCHED_TEST_UNIT_GFLOWNETTESTUTIL_H
#define GFSCHED_TEST_UNIT_GFLOWNETTESTUTIL_H

#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/GFlowNet/PolicyHead.h"
#include "gfsched/Graph/Generators.h"
#include "gfsched/Schedule/Problem.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>
#include <vector>

namespace gfsched::test {

/// A builtin device, failing the test if it does not load.
inline Device builtinDevice(llvm::StringRef name) {
  llvm::Expected<Device> device = loadDevice(name);
  if (!device) {
    ADD_FAILURE() << "cannot load device '" << name.str()
                  << "': " << llvm::toString(device.takeError());
    return makeHomogeneousDevice(4);
  }
  return std::move(*device);
}

/// The edges of `graph` with new costs: each op gets a random class among
/// contraction, elementwise, reduction, data and meta, and FLOPs and bytes
/// instead of a fixed duration. On accel-hetero that gives ops that only some
/// units may run, units of different speeds and zero-duration (meta) ops.
inline DepGraph withMixedCosts(const DepGraph &graph, Rng &rng) {
  static const OpClass classes[] = {OpClass::Contraction, OpClass::Elementwise,
                                    OpClass::Reduction, OpClass::Data,
                                    OpClass::Meta};
  DepGraphBuilder builder;
  for (NodeId op = 0; op < graph.size(); ++op) {
    OpCost cost;
    cost.opClass = classes[uniformIndex(rng, 5)];
    bool arithmetic =
        cost.opClass != OpClass::Data && cost.opClass != OpClass::Meta;
    cost.flops = arithmetic ? 1e5 + uniformReal(rng) * 2e7 : 0;
    cost.bytes = uniformReal(rng) * 1e6;
    builder.addNode(cost, graph.name(op));
  }
  for (const Edge &edge : graph.edges())
    builder.addEdge(edge.from, edge.to, edge.bytes);
  return llvm::cantFail(std::move(builder).build());
}

/// A graph, the device it is scheduled on and the problem binding them, kept
/// together because a Problem refers to both.
struct ProblemCase {
  std::string name;
  DepGraph graph;
  Device device;
  std::unique_ptr<Problem> problem;
};

inline std::unique_ptr<ProblemCase> makeCase(std::string name, DepGraph graph,
                                             Device device) {
  auto result = std::make_unique<ProblemCase>();
  result->name = std::move(name);
  result->graph = std::move(graph);
  result->device = std::move(device);
  llvm::Expected<Problem> problem =
      Problem::create(result->graph, result->device);
  if (!problem) {
    ADD_FAILURE() << result->name << ": "
                  << llvm::toString(problem.takeError());
    return nullptr;
  }
  result->problem = std::make_unique<Problem>(std::move(*problem));
  return result;
}

inline DepGraph smallGeneratedGraph(GraphFamily family, unsigned numNodes,
                                    Rng &rng) {
  GeneratorOptions options;
  options.numNodes = numNodes;
  options.layered.numLayers = std::max(2u, numNodes / 4);
  return generateGraph(family, options, rng);
}

/// Seeded small problems on both builtin devices: generated Erdos-Renyi and
/// layered graphs (fixed durations) on accel4 and accel-hetero, the same
/// graphs with mixed op classes on accel-hetero, and random graphs with small
/// integer durations (many ties and zero durations) on three plain units.
inline std::vector<std::unique_ptr<ProblemCase>>
makeProblemCases(uint64_t seed, unsigned numNodes = 16, unsigned count = 2) {
  std::vector<std::unique_ptr<ProblemCase>> cases;
  Rng rng(seed);
  Device accel4 = builtinDevice("accel4");
  Device hetero = builtinDevice("accel-hetero");
  for (unsigned i = 0; i < count; ++i)
    for (GraphFamily family : {GraphFamily::ErdosRenyi, GraphFamily::Layered}) {
      std::string name =
          getGraphFamilyName(family).str() + "-" + std::to_string(i);
      DepGraph graph = smallGeneratedGraph(family, numNodes, rng);
      cases.push_back(makeCase(name + "@accel4", graph, accel4));
      cases.push_back(makeCase(name + "@accel-hetero", graph, hetero));
      cases.push_back(makeCase(name + "-mixed@accel-hetero",
                               withMixedCosts(graph, rng), hetero));
    }
  for (unsigned i = 0; i < count; ++i)
    cases.push_back(makeCase("integer-" + std::to_string(i) + "@plain3",
                             makeRandomGraph(rng, numNodes, 0.25, 3),
                             makeHomogeneousDevice(3)));
  return cases;
}

/// A head with N(0, scale^2) weights.
inline HeadWeights randomHead(unsigned numOps, unsigned hidden,
                              unsigned numFeatures, double scale, Rng &rng) {
  HeadWeights head;
  head.hidden = hidden;
  head.numFeatures = numFeatures;
  auto fill = [&](std::vector<float> &values, size_t size) {
    values.resize(size);
    for (float &value : values)
      value = float(scale * standardNormal(rng));
  };
  fill(head.node, size_t(numOps) * hidden);
  fill(head.feature, size_t(numFeatures) * hidden);
  fill(head.out, hidden);
  return head;
}

/// Random weights for both heads; backwardHidden == 0 gives the uniform
/// backward policy.
inline PolicyWeights randomPolicy(unsigned numOps, unsigned hidden,
                                  unsigned backwardHidden, double scale,
                                  Rng &rng) {
  PolicyWeights weights;
  weights.forward = randomHead(numOps, hidden, kNumForwardFeatures, scale, rng);
  if (backwardHidden)
    weights.backward =
        randomHead(numOps, backwardHidden, kNumBackwardFeatures, scale, rng);
  return weights;
}

/// A uniformly random legal trajectory (uniform over getForwardActions()).
inline std::vector<ForwardAction> randomTrajectory(const Problem &problem,
                                                   Rng &rng) {
  ScheduleEnv env(problem);
  llvm::SmallVector<ForwardAction> actions;
  std::vector<ForwardAction> trajectory;
  while (!env.isDone()) {
    env.getForwardActions(actions);
    ForwardAction action = actions[uniformIndex(rng, actions.size())];
    env.step(action);
    trajectory.push_back(action);
  }
  return trajectory;
}

/// A fresh model, or a test failure (and null) with torch's reason.
inline std::unique_ptr<GFlowNetModel> createModel(const ModelConfig &config,
                                                  uint64_t seed) {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
      GFlowNetModel::create(config, seed);
  if (!model) {
    ADD_FAILURE() << llvm::toString(model.takeError());
    return nullptr;
  }
  return std::move(*model);
}

} // namespace gfsched::test

#endif // GFSCHED_TEST_UNIT_GFLOWNETTESTUTIL_H
