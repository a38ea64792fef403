//===- Distribution.h - gfsched-bench --distribution ------------*- C++ -*-===//
//
// Does the GFlowNet sample in proportion to its reward? On graphs small
// enough to enumerate every trajectory, the model's exact distribution over
// complete schedules (computeTerminalDistribution) against R / Z.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_TOOLS_GFSCHED_BENCH_DISTRIBUTION_H
#define GFSCHED_TOOLS_GFSCHED_BENCH_DISTRIBUTION_H

#include "gfsched/GFlowNet/Environment.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace gfsched {
class GFlowNetModel;
} // namespace gfsched

namespace gfsched::bench {

struct DistributionSettings {
  /// The temperatures the model is conditioned on and the reward taken at.
  llvm::ArrayRef<double> sigmas;
  UnitChoice unitChoice = UnitChoice::Any;
  /// log R = (U - m) / sigma with U the proxy speedup of the schedule as
  /// drawn (the paper's reward, false) or of its tightened schedule.
  bool rewardTightened = false;
  uint64_t maxTrajectories = 0;
};

/// One graph's rows, one per sigma.
struct DistributionRow {
  std::string graph;
  unsigned numOps = 0;
  uint64_t numTrajectories = 0;
  size_t numSchedules = 0;
  double sigma = 0;
  /// Total variation to R / Z of the model's and the uniform policy's.
  double modelDistance = 0, uniformDistance = 0;
  /// The probability of the schedules with the best reward under the model
  /// and under R / Z.
  double modelBestMass = 0, rewardBestMass = 0;
};

/// The rows of `problem` (named `graph`) for every sigma.
llvm::Expected<std::vector<DistributionRow>>
checkDistribution(const GFlowNetModel &model, const Problem &problem,
                  llvm::StringRef graph, const DistributionSettings &settings);

/// A Markdown table of `rows`, with the means per sigma after it.
void writeDistributionTable(llvm::raw_ostream &os,
                            llvm::ArrayRef<DistributionRow> rows);

} // namespace gfsched::bench

#endif // GFSCHED_TOOLS_GFSCHED_BENCH_DISTRIBUTION_H
