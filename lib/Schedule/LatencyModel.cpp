//===- LatencyModel.cpp - Proxy and target latency models -----------------===//

#include "gfsched/Schedule/LatencyModel.h"

#include "gfsched/Support/Random.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>
#include <limits>

using namespace gfsched;

static constexpr llvm::StringLiteral kModelKindNames[] = {
    "proxy", "noisy", "bandwidth", "latency", "full"};
static_assert(std::size(kModelKindNames) ==
                  static_cast<size_t>(ModelKind::Full) + 1,
              "one name per ModelKind, in its order");

llvm::StringRef gfsched::getModelKindName(ModelKind kind) {
  return kModelKindNames[static_cast<unsigned>(kind)];
}

std::optional<ModelKind> gfsched::parseModelKind(llvm::StringRef name) {
  for (auto [index, kindName] : llvm::enumerate(kModelKindNames))
    if (name == kindName)
      return static_cast<ModelKind>(index);
  return std::nullopt;
}

static bool hasNoise(ModelKind kind) {
  return kind == ModelKind::Noisy || kind == ModelKind::Full;
}

static TransferCost transferCostOf(const Device &device, ModelKind kind) {
  switch (kind) {
  case ModelKind::Proxy:
  case ModelKind::Noisy:
    return {};
  case ModelKind::Bandwidth:
    return device.bandwidth;
  case ModelKind::Latency:
    return device.latency;
  case ModelKind::Full:
    return {device.bandwidth.microsecondsPerByte,
            device.latency.fixedMicroseconds};
  }
  llvm_unreachable("unknown model kind");
}

/// The lognormal factor of `op` under `noiseSeed`: exp(s z - s^2 / 2) has
/// mean 1, so noise changes no duration on average. Each op draws from its
/// own stream, so its factor does not depend on the order of evaluation.
static double noiseFactor(double stddev, uint64_t noiseSeed, NodeId op) {
  Rng rng(deriveSeed(noiseSeed, uint64_t(op)));
  double z = standardNormal(rng);
  return std::exp(stddev * z - stddev * stddev / 2);
}

LatencyModel::LatencyModel(const Problem &problem, ModelKind kind,
                           uint64_t noiseSeed)
    : problem(&problem), kind(kind),
      transferCost(transferCostOf(problem.getDevice(), kind)) {
  unsigned numOps = problem.numOps(), numUnits = problem.numUnits();
  durations.assign(size_t(numOps) * numUnits, 0.0);
  double stddev = problem.getDevice().noiseStddev;
  for (NodeId op = 0; op < numOps; ++op) {
    double factor = 1.0;
    if (hasNoise(kind) && stddev > 0)
      factor = noiseFactor(stddev, noiseSeed, op);
    for (unsigned unit : problem.allowedUnits(op))
      durations[size_t(op) * numUnits + unit] =
          problem.duration(op, unit) * factor;
  }
}

std::optional<Timing> LatencyModel::simulate(const Schedule &schedule) const {
  assert(schedule.isComplete() && schedule.numOps() == problem->numOps() &&
         "simulate needs a complete schedule of this problem");
  const DepGraph &graph = problem->getGraph();
  std::vector<NodeId> order = executionOrder(graph, schedule);
  if (order.size() != graph.size())
    return std::nullopt;

  Timing timing;
  timing.start.assign(graph.size(), 0.0);
  timing.finish.assign(graph.size(), 0.0);
  // In execution order, each unit's ops arrive in chain order, so the unit
  // is free when its previous op finished.
  std::vector<double> unitFree(schedule.numUnits(), 0.0);
  for (NodeId op : order) {
    unsigned unit = schedule.unitOf(op);
    double start = unitFree[unit];
    for (auto [pred, bytes] :
         llvm::zip_equal(graph.preds(op), graph.predBytes(op)))
      start = std::max(start, timing.finish[pred] +
                                  transfer(schedule.unitOf(pred), unit, bytes));
    timing.start[op] = start;
    timing.finish[op] = start + duration(op, unit);
    unitFree[unit] = timing.finish[op];
  }
  if (!order.empty()) {
    double first = *std::min_element(timing.start.begin(), timing.start.end());
    double last = *std::max_element(timing.finish.begin(), timing.finish.end());
    timing.makespan = last - first;
  }
  return timing;
}

double LatencyModel::makespan(const Schedule &schedule) const {
  std::optional<Timing> timing = simulate(schedule);
  return timing ? timing->makespan : std::numeric_limits<double>::infinity();
}
