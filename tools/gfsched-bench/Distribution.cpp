//===- Distribution.cpp - gfsched-bench --distribution --------------------===//

#include "Distribution.h"

#include "gfsched/GFlowNet/Distribution.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/Search/Schedulers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <map>

using namespace gfsched;
using namespace gfsched::bench;

/// U of each schedule: its proxy speedup as drawn, or tightened.
static std::vector<double> scoreSpeedups(const Problem &problem,
                                         const TerminalDistribution &terminals,
                                         bool tightened) {
  std::vector<double> speedups;
  for (auto [schedule, makespan] :
       llvm::zip_equal(terminals.schedules, terminals.makespan))
    speedups.push_back(tightened ? tightenedProxySpeedup(problem, schedule)
                                 : problem.speedup(makespan));
  return speedups;
}

/// The probability `probability` gives the schedules of the highest U.
static double massOnBest(llvm::ArrayRef<double> probability,
                         llvm::ArrayRef<double> speedups) {
  double best = *std::max_element(speedups.begin(), speedups.end());
  double mass = 0;
  for (auto [p, speedup] : llvm::zip_equal(probability, speedups))
    if (speedup >= best * (1 - 1e-9))
      mass += p;
  return mass;
}

llvm::Expected<std::vector<DistributionRow>>
gfsched::bench::checkDistribution(const GFlowNetModel &model,
                                  const Problem &problem, llvm::StringRef graph,
                                  const DistributionSettings &settings) {
  llvm::Expected<TerminalDistribution> uniform = computeTerminalDistribution(
      problem, settings.unitChoice, nullptr, settings.maxTrajectories);
  if (!uniform)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   graph + ": " +
                                       llvm::toString(uniform.takeError()));
  std::vector<double> speedups =
      scoreSpeedups(problem, *uniform, settings.rewardTightened);
  std::vector<DistributionRow> rows;
  for (double sigma : settings.sigmas) {
    llvm::Expected<PolicyWeights> weights = model.encode(problem, sigma);
    if (!weights)
      return weights.takeError();
    llvm::Expected<TerminalDistribution> sampled = computeTerminalDistribution(
        problem, settings.unitChoice, &weights->forward,
        settings.maxTrajectories);
    if (!sampled)
      return sampled.takeError();
    // Both enumerations walk the same tree in the same order, so their
    // schedules come in the same order.
    assert(sampled->schedules == uniform->schedules && "same enumeration");
    std::vector<double> logReward;
    for (double speedup : speedups)
      logReward.push_back((speedup - problem.numUnits()) / sigma);
    DistributionRow row;
    row.graph = graph.str();
    row.numOps = problem.numOps();
    row.numTrajectories = sampled->numTrajectories;
    row.numSchedules = sampled->schedules.size();
    row.sigma = sigma;
    row.modelDistance = distanceToReward(sampled->probability, logReward);
    row.uniformDistance = distanceToReward(uniform->probability, logReward);
    row.modelBestMass = massOnBest(sampled->probability, speedups);
    row.rewardBestMass = massOnBest(normalizeLogRewards(logReward), speedups);
    rows.push_back(std::move(row));
  }
  return rows;
}

void gfsched::bench::writeDistributionTable(
    llvm::raw_ostream &os, llvm::ArrayRef<DistributionRow> rows) {
  os << "| graph | ops | trajectories | schedules | sigma | TV gflownet | "
        "TV uniform | P(best) gflownet | P(best) R/Z |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const DistributionRow &row : rows)
    os << llvm::formatv("| {0} | {1} | {2} | {3} | {4} | {5:F3} | {6:F3} | "
                        "{7:F3} | {8:F3} |\n",
                        row.graph, row.numOps, row.numTrajectories,
                        row.numSchedules, row.sigma, row.modelDistance,
                        row.uniformDistance, row.modelBestMass,
                        row.rewardBestMass);
  std::map<double, std::vector<const DistributionRow *>> bySigma;
  for (const DistributionRow &row : rows)
    bySigma[row.sigma].push_back(&row);
  os << "\nMeans over the graphs:\n\n"
        "| sigma | TV gflownet | TV uniform | P(best) gflownet | P(best) R/Z "
        "|\n|---:|---:|---:|---:|---:|\n";
  for (const auto &[sigma, group] : bySigma) {
    double model = 0, uniform = 0, modelBest = 0, rewardBest = 0;
    for (const DistributionRow *row : group) {
      model += row->modelDistance;
      uniform += row->uniformDistance;
      modelBest += row->modelBestMass;
      rewardBest += row->rewardBestMass;
    }
    double count = group.size();
    os << llvm::formatv("| {0} | {1:F3} | {2:F3} | {3:F3} | {4:F3} |\n", sigma,
                        model / count, uniform / count, modelBest / count,
                        rewardBest / count);
  }
}
