//===- Distribution.h - What a policy samples, exactly ----------*- C++ -*-===//
//
// A GFlowNet is trained so that it samples each complete schedule x with
// probability proportional to its reward, P_T(x) = R(x) / Z. On a problem
// small enough, every trajectory can be enumerated and P_T computed exactly:
// the sum, over the trajectories that end in x, of the product of their
// forward probabilities. Comparing it with R / Z says how far a trained
// policy is from that goal, which sampling cannot tell on schedules that are
// each drawn rarely. Plain C++: the heads' weights come from the encoder.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_DISTRIBUTION_H
#define GFSCHED_GFLOWNET_DISTRIBUTION_H

#include "gfsched/GFlowNet/Environment.h"
#include "gfsched/GFlowNet/PolicyHead.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace gfsched {

/// Every complete schedule of an MDP and the probability that a forward
/// policy ends in it.
struct TerminalDistribution {
  std::vector<Schedule> schedules;
  /// P_T of each schedule; they sum to 1.
  std::vector<double> probability;
  /// The proxy makespan of each schedule.
  std::vector<double> makespan;
  uint64_t numTrajectories = 0;
};

/// Enumerates every trajectory of `problem`'s MDP of `unitChoice` and sums
/// their probabilities under the forward head `forward`, or under the
/// uniform policy (every legal action alike) when `forward` is null. Fails
/// when there are more than `maxTrajectories` trajectories.
llvm::Expected<TerminalDistribution>
computeTerminalDistribution(const Problem &problem, UnitChoice unitChoice,
                            const HeadWeights *forward,
                            uint64_t maxTrajectories);

/// R / Z: exp(logReward) normalised to sum 1, computed in log space so that
/// the rewards of a low temperature do not overflow.
std::vector<double> normalizeLogRewards(llvm::ArrayRef<double> logReward);

/// The total variation distance, 1/2 sum |p - q|, between `probability`
/// and the distribution proportional to exp(logReward) over the same
/// schedules.
double distanceToReward(llvm::ArrayRef<double> probability,
                        llvm::ArrayRef<double> logReward);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_DISTRIBUTION_H
