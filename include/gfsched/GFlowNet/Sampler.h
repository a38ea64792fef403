//===- Sampler.h - GFlowNet candidates for the pipeline ---------*- C++ -*-===//
//
// Draws candidate schedules from a GFlowNetModel: the encoder once per
// (problem, temperature), then every sample's construction in plain C++,
// spread over a thread pool. Sample k uses its own random stream derived from
// the caller's, so the result does not depend on the number of threads.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_SAMPLER_H
#define GFSCHED_GFLOWNET_SAMPLER_H

#include "gfsched/GFlowNet/Model.h"
#include "gfsched/GFlowNet/PolicyHead.h"
#include "gfsched/Search/CandidateSource.h"

#include <functional>
#include <memory>

namespace llvm {
class ThreadPoolInterface;
} // namespace llvm

namespace gfsched {

/// Samples `count` trajectories from `weights`; trajectory k uses
/// deriveSeed(seed, k). With a pool, chunks of samples run on it.
std::vector<Trajectory> sampleTrajectories(const PolicyWeights &weights,
                                           const Problem &problem,
                                           unsigned count, uint64_t seed,
                                           bool scoreBackward,
                                           llvm::ThreadPoolInterface *pool);
/// The same trajectories with backward scoring, and gradients[k] the
/// gradients of trajectory k (sampleTrajectoryWithGradients()).
std::vector<Trajectory>
sampleTrajectoriesWithGradients(const PolicyWeights &weights,
                                const Problem &problem, unsigned count,
                                uint64_t seed, llvm::ThreadPoolInterface *pool,
                                std::vector<TrajectoryGradients> &gradients);

/// How a GFlowNetSource turns a draw into candidates.
struct SamplingOptions {
  /// Each sample goes through tightenSample() (off for the benchmarks'
  /// ablation).
  bool tighten = true;
  /// The share of each draw (in [0, 1], rounded down) sampled at
  /// `exploreTemperature` instead of the temperature asked for. One model
  /// conditioned on the temperature gives both kinds: the cold samples crowd
  /// the proxy's optimum, the warmer ones hold the varied schedules a target
  /// that disagrees with the proxy may prefer. A PPO policy, trained at one
  /// temperature, draws everything there.
  double exploreShare = 0;
  double exploreTemperature = 0.3;
  /// The values `exploreShare` may take, [0, 1].
  static bool isValidExploreShare(double share) {
    return share >= 0 && share <= 1;
  }
  /// With `tighten`, each exploring draw is a candidate twice: tightened,
  /// and as drawn (after all the tightened ones, so a draw of `count`
  /// samples returns `count` + its exploring share). The exploring draws
  /// are there for variety, which tightening takes away: it maps many of
  /// them onto one schedule, and it is judged on the proxy only.
  bool keepDrawn = false;
  /// With `tighten`, each sample's transfer-aware replay
  /// (tightenSampleWithReplay()) is a candidate too, after the tightened and
  /// the drawn ones: a draw of `count` samples returns twice `count` plus
  /// the drawn exploring share. The replay keeps an op waiting for the unit
  /// that holds its inputs where the device's transfer would cost more; the
  /// proxy, which moves data for free, often prefers the tightened schedule,
  /// and the replay is there for the targets that charge transfers.
  bool keepReplays = false;
};

class GFlowNetSource : public CandidateSource {
public:
  /// `pool` may be null (sample on the calling thread). A GFlowNet is
  /// sampled at any temperature; a PPO policy only at its fixedSigma.
  GFlowNetSource(std::shared_ptr<const GFlowNetModel> model,
                 llvm::ThreadPoolInterface *pool,
                 const SamplingOptions &options = {});

  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned count, double temperature,
                                             Rng &rng) override;

private:
  /// Appends `count` trajectories sampled at `temperature`.
  llvm::Error sampleInto(const Problem &problem, unsigned count,
                         double temperature, Rng &rng,
                         std::vector<Trajectory> &trajectories);

  std::shared_ptr<const GFlowNetModel> model;
  llvm::ThreadPoolInterface *pool;
  SamplingOptions options;
};

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_SAMPLER_H
