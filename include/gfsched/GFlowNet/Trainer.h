//===- Trainer.h - LPV training of the GFlowNet policy ----------*- C++ -*-===//
//
// Each update (PAPER.md): one graph, one sigma drawn log-uniformly from
// [sigmaMin, sigmaMax], a batch of on-policy trajectories, and the
// log-partition-variance loss
//
//   zeta_i = log R(x_i; sigma) + log P_B(tau_i) - log P_F(tau_i)
//   L      = mean_i (zeta_i - mean_j zeta_j)^2,   log R = (U(x) - m) / sigma.
//
// (Whether the batch mean is detached does not matter: its gradient
// contribution sums to zero.) The encoder runs once per update; the heads'
// gradients are computed by hand in plain C++ and passed into torch's
// backward through the encoder, then Adam with gradient-norm clipping.
// Graphs larger than subgraphMax ops are trained on random windows of
// subgraphMin..subgraphMax consecutive ops in topological order.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_TRAINER_H
#define GFSCHED_GFLOWNET_TRAINER_H

#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/Graph/GraphJSON.h"
#include "gfsched/Support/Random.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class ThreadPoolInterface;
} // namespace llvm

namespace gfsched {

struct TrainingConfig {
  unsigned batchSize = 100;
  double learningRate = 5e-4;
  /// With a positive value, the learning rate follows a cosine from
  /// learningRate down to 0 at this update (after a linear warm-up over the
  /// first 2%); 0 keeps it constant.
  uint64_t cosineDecaySteps = 0;
  double gradientClip = 10;
  double sigmaMin = 0.01, sigmaMax = 1.0;
  unsigned subgraphMin = 25, subgraphMax = 75;
  uint64_t seed = 0;
};

struct StepStats {
  uint64_t step = 0; ///< updates done, this one included
  std::string graph;
  unsigned numOps = 0;
  double sigma = 0;
  double loss = 0;
  double meanSpeedup = 0;
  double bestSpeedup = 0;
};

struct TrainingGraph {
  std::string name;
  DepGraph graph;
};

class Trainer {
public:
  /// `graphs` must be non-empty and runnable on `device`. `pool` may be null.
  static llvm::Expected<std::unique_ptr<Trainer>>
  create(GFlowNetModel &model, const Device &device,
         std::vector<TrainingGraph> graphs, const TrainingConfig &config,
         llvm::ThreadPoolInterface *pool);
  ~Trainer();

  /// One LPV update.
  llvm::Expected<StepStats> step();
  uint64_t getStep() const;

  /// Model, optimiser state, step count and random state, so that a resumed
  /// run continues exactly where it stopped.
  llvm::Error saveCheckpoint(llvm::StringRef path) const;
  llvm::Error loadCheckpoint(llvm::StringRef path);

  struct Impl;

private:
  explicit Trainer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

/// The LPV loss and each trajectory's gradient coefficient
/// -2 (zeta_i - mean zeta) / B, from log R, log P_F and log P_B.
double computeLPV(llvm::ArrayRef<double> logReward,
                  llvm::ArrayRef<double> logForward,
                  llvm::ArrayRef<double> logBackward,
                  std::vector<double> &coefficients);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_TRAINER_H
