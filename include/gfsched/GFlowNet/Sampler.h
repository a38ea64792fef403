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

class GFlowNetSource : public CandidateSource {
public:
  /// `pool` may be null (sample on the calling thread). A GFlowNet is
  /// sampled at any temperature; a PPO policy only at its fixedSigma. With
  /// `tightenSamples` each sample goes through tightenSample() (the default;
  /// off for the benchmarks' ablation).
  GFlowNetSource(std::shared_ptr<const GFlowNetModel> model,
                 llvm::ThreadPoolInterface *pool, bool tightenSamples = true);

  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned count, double temperature,
                                             Rng &rng) override;

private:
  std::shared_ptr<const GFlowNetModel> model;
  llvm::ThreadPoolInterface *pool;
  bool tightenSamples;
};

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_SAMPLER_H
