//===- LatencyModel.h - Proxy and target latency models ---------*- C++ -*-===//
//
// Turns a (problem, schedule) pair into start times and a makespan. Every
// model runs each unit's chain in order, each op as soon as its unit is free
// and its inputs have arrived (PAPER.md's as-soon-as-possible semantics):
//
//   start(i) = max(free time of unit(i),
//                  max over preds k of finish(k) + transfer(k, i))
//
// The models differ in the durations and transfer costs they use:
//   proxy      exact durations, free data movement (what schedulers optimise);
//   noisy      durations scaled by seeded lognormal noise, one factor per op;
//   bandwidth  a cross-unit edge costs a * bytes + b, a dominating;
//   latency    the same with the device's latency-bound a and b;
//   full       noisy durations and transfers a_bandwidth * bytes + b_latency.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SCHEDULE_LATENCYMODEL_H
#define GFSCHED_SCHEDULE_LATENCYMODEL_H

#include "gfsched/Device/Device.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace gfsched {

enum class ModelKind { Proxy, Noisy, Bandwidth, Latency, Full };

llvm::StringRef getModelKindName(ModelKind kind);
std::optional<ModelKind> parseModelKind(llvm::StringRef name);

struct Timing {
  std::vector<double> start;
  std::vector<double> finish;
  /// max finish - min start.
  double makespan = 0;
};

class LatencyModel {
public:
  /// The model of `kind` for `problem`. `noiseSeed` fixes the noisy models'
  /// per-op duration factors: one seed is one "real machine", the same for
  /// every candidate schedule it judges.
  LatencyModel(const Problem &problem, ModelKind kind, uint64_t noiseSeed = 0);

  ModelKind getKind() const { return kind; }
  const Problem &getProblem() const { return *problem; }

  /// Duration of `op` on `unit` under this model.
  double duration(NodeId op, unsigned unit) const {
    return durations[op * problem->numUnits() + unit];
  }
  /// What the edge from `from` (on fromUnit) into `to` (on toUnit) costs,
  /// `bytes` being the edge's bytes.
  double transfer(unsigned fromUnit, unsigned toUnit, double bytes) const {
    return transferCost.between(fromUnit, toUnit, bytes);
  }

  /// Start and finish times of a complete schedule, or std::nullopt if the
  /// schedule deadlocks (its chains contradict the precedence edges).
  /// O(ops + edges).
  std::optional<Timing> simulate(const Schedule &schedule) const;
  /// simulate()'s makespan, or +infinity for a deadlocking schedule.
  double makespan(const Schedule &schedule) const;

private:
  const Problem *problem;
  ModelKind kind;
  std::vector<double> durations;
  TransferCost transferCost;
};

} // namespace gfsched

#endif // GFSCHED_SCHEDULE_LATENCYMODEL_H
