//===- Trainer.h - LPV (and PPO) training of the policy ---------*- C++ -*-===//
//
// Each LPV update (PAPER.md): one graph, one sigma drawn log-uniformly from
// [sigmaMin, sigmaMax], a batch of on-policy trajectories, and the
// log-partition-variance loss
//
//   zeta_i = log R(x_i; sigma) + log P_B(tau_i) - log P_F(tau_i)
//   L      = mean_i (zeta_i - mean_j zeta_j)^2,
//   log R  = (U(x) - m - w c(x)) / sigma,
//
// U the proxy speedup, m the number of units, and c(x) the fraction of
// dependency edges whose two ops run on different units, weighted by the
// locality weight w (0, the paper's reward, by default; docs/gflownet.md).
//
// (Whether the batch mean is detached does not matter: its gradient
// contribution sums to zero.) The encoder runs once per update; the heads'
// gradients are computed by hand in plain C++ and passed into torch's
// backward through the encoder, then Adam with gradient-norm clipping.
// Graphs larger than subgraphMax ops are trained on random windows of
// subgraphMin..subgraphMax consecutive ops in topological order.
//
// The paper's PPO baseline trains the same network on the same MDP at one
// fixed sigma (objective PPO): a batch of on-policy trajectories of one
// graph, the terminal reward R = proxy speedup, the group-normalised
// advantage A_i = (R_i - mean R) / (std R + 1e-8) in place of a critic, then
// ppoEpochs full-batch Adam steps on the clipped surrogate
//   L = -1/N sum_{i,t} [min(r A_i, clip(r, 1 - eps, 1 + eps) A_i) + beta H_t],
//   r = pi(a_t | s_t) / pi_old(a_t | s_t),
// the encoder re-run at every epoch (docs/gflownet.md, "PPO").
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_TRAINER_H
#define GFSCHED_GFLOWNET_TRAINER_H

#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/Graph/GraphJSON.h"
#include "gfsched/Schedule/Problem.h"
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
  /// LPV trains a GFlowNet; PPO the baseline, at sigmaMin == sigmaMax, which
  /// must be the model's fixedSigma. The model's objective must match.
  PolicyObjective objective = PolicyObjective::LPV;
  unsigned batchSize = 100;
  double learningRate = 5e-4;
  /// With a positive value, the learning rate follows a cosine from
  /// learningRate down to 0 at this update (after a linear warm-up over the
  /// first 2%); 0 keeps it constant.
  uint64_t cosineDecaySteps = 0;
  double gradientClip = 10;
  double sigmaMin = 0.01, sigmaMax = 1.0;
  unsigned subgraphMin = 25, subgraphMax = 75;
  /// The largest subgraphMax: the encoder's activations, kept for the
  /// backward pass, grow with the square of a graph's ops.
  static constexpr unsigned kMaxTrainingGraphOps = 2048;
  /// w of the reward above. The proxy moves data for free; a real device
  /// does not. With a small w the reward prefers, among schedules of nearly
  /// the same proxy speedup, those that keep dependent ops on one unit.
  double localityWeight = 0;
  /// Score a trajectory by the schedule the sampler delivers from it,
  /// tightenSample() of it (docs/gflownet.md, "Tightened samples"), instead
  /// of the schedule as drawn (the paper's reward). U above is then that
  /// schedule's proxy speedup; the same for PPO's reward.
  bool rewardTightened = false;
  uint64_t seed = 0;
  /// PPO only: optimisation epochs over each batch, the ratio clip epsilon
  /// and the weight of the entropy bonus.
  unsigned ppoEpochs = 4;
  double ppoClip = 0.2;
  double ppoEntropy = 0.01;
};

struct StepStats {
  uint64_t step = 0; ///< updates done, this one included
  std::string graph;
  unsigned numOps = 0;
  double sigma = 0;
  double loss = 0;
  double meanSpeedup = 0;
  double bestSpeedup = 0;
  /// PPO only: the mean per-step entropy of the sampling policy, and the
  /// fraction of steps whose ratio was clipped in the last epoch.
  double entropy = 0;
  double clipFraction = 0;
};

struct TrainingGraph {
  std::string name;
  DepGraph graph;
  /// Relative chance of being drawn for an update.
  double weight = 1;
};

/// The fraction of `problem`'s dependency edges whose two ops run on
/// different units, unitOfOp[op] being op's unit (0 without edges).
double crossUnitEdgeFraction(const Problem &problem,
                             llvm::ArrayRef<unsigned> unitOfOp);

class Trainer {
public:
  /// `graphs` must be non-empty and runnable on `device`. `pool` may be null.
  static llvm::Expected<std::unique_ptr<Trainer>>
  create(GFlowNetModel &model, const Device &device,
         std::vector<TrainingGraph> graphs, const TrainingConfig &config,
         llvm::ThreadPoolInterface *pool);
  ~Trainer();

  /// One update: an LPV step, or a PPO batch and its epochs.
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

/// PPO's group baseline: (R_i - mean R) / (std R + 1e-8), std over the
/// batch (population). All zero when every reward is the same.
std::vector<double> computeGroupAdvantages(llvm::ArrayRef<double> rewards);

/// One step's clipped surrogate min(r A, clip(r, 1 - eps, 1 + eps) A), r =
/// exp(logProbability - oldLogProbability), and its derivative with respect
/// to logProbability: r A where the unclipped term is the minimum, else 0.
struct ClippedSurrogate {
  double value = 0;
  double gradient = 0;
  bool clipped = false; ///< the clipped term is the smaller: no gradient
};
ClippedSurrogate computeClippedSurrogate(double logProbability,
                                         double oldLogProbability,
                                         double advantage, double clip);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_TRAINER_H
