//===- PolicyHead.h - The per-step policy heads in plain C++ ----*- C++ -*-===//
//
// The encoder runs once per (graph, sigma) and leaves, per op, a projection
// of its embedding; each construction step then only evaluates a small head
// over those projections and the few state features that change:
//
//   logit(i, d) = out . ReLU(node[i] + W f(i, d))      (forward, per action)
//   logit(j)    = outB . ReLU(nodeB[j] + WB g(j))      (backward, per op)
//
// where out and outB already depend on sigma. This file evaluates them,
// samples from them, and accumulates their gradients by hand (d log P / d
// logit = onehot - softmax), which the trainer feeds back into the encoder.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_POLICYHEAD_H
#define GFSCHED_GFLOWNET_POLICYHEAD_H

#include "gfsched/GFlowNet/Environment.h"
#include "gfsched/Support/Random.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace gfsched {

/// One head's weights, taken out of torch once per (graph, sigma).
struct HeadWeights {
  unsigned hidden = 0;
  unsigned numFeatures = 0;
  /// numOps x hidden, row-major: the encoder's per-op projection, bias
  /// included.
  std::vector<float> node;
  /// numFeatures x hidden, row-major: feature k's column of W is
  /// feature[k * hidden .. (k + 1) * hidden).
  std::vector<float> feature;
  /// hidden: the sigma-conditioned output vector.
  std::vector<float> out;
};

/// Gradients with the layout of HeadWeights.
struct HeadGradients {
  std::vector<float> node, feature, out;
  void resizeLike(const HeadWeights &weights);
  void add(const HeadGradients &other);
  /// Adds scale x other.
  void addScaled(const HeadGradients &other, float scale);
};

/// Both heads of a policy for one (graph, sigma).
struct PolicyWeights {
  HeadWeights forward;
  /// Empty (hidden == 0) for a uniform backward policy.
  HeadWeights backward;
  /// The MDP the heads were trained in: environments they drive must use it.
  UnitChoice unitChoice = UnitChoice::Any;
  bool uniformBackward() const { return backward.hidden == 0; }
};

/// Scratch space for one sampling thread.
struct HeadScratch {
  llvm::SmallVector<ForwardAction> actions;
  llvm::SmallVector<NodeId> removable;
  std::vector<float> features, logits, hiddenPre;
};

/// Logits of every legal forward action of `env` (scratch.actions /
/// scratch.logits).
void computeForwardLogits(const HeadWeights &head, const ScheduleEnv &env,
                          HeadScratch &scratch);
/// Logits of every removable op of `env` (scratch.removable /
/// scratch.logits).
void computeBackwardLogits(const HeadWeights &head, const ScheduleEnv &env,
                           HeadScratch &scratch);

/// log softmax(logits)[index].
double logSoftmaxAt(llvm::ArrayRef<float> logits, unsigned index);
/// An index drawn from softmax(logits), with its log-probability.
struct LogitDraw {
  unsigned index;
  double logProbability; ///< logSoftmaxAt(logits, index), to the bit
};
/// Draws an index from softmax(logits).
LogitDraw sampleFromLogits(llvm::ArrayRef<float> logits, Rng &rng);

/// One complete construction: the actions taken and the log-probabilities
/// the policy gave them.
struct Trajectory {
  std::vector<ForwardAction> actions;
  double logForward = 0;  ///< sum_t log P_F(s_t | s_{t-1})
  double logBackward = 0; ///< sum_t log P_B(s_{t-1} | s_t)
  double makespan = 0;    ///< proxy makespan of the final schedule
};

/// The schedule a complete trajectory builds: each unit's chain in placement
/// order.
Schedule toSchedule(const Problem &problem, const Trajectory &trajectory);

/// Samples one trajectory from the forward head. With `scoreBackward`, also
/// fills logBackward from the backward head (or the uniform policy), which
/// only training needs. `env` is reset first.
Trajectory sampleTrajectory(const PolicyWeights &weights, ScheduleEnv &env,
                            Rng &rng, HeadScratch &scratch,
                            bool scoreBackward = true);

/// d(log P_F(trajectory) - log P_B(trajectory)) / d(weights) of one
/// trajectory, for both heads.
struct TrajectoryGradients {
  HeadGradients forward, backward;
};

/// sampleTrajectory() with backward scoring that also sets `gradients`
/// (resized like the heads and zeroed) to the trajectory's gradients, from
/// the logits computed to draw it. For objectives such as LPV whose
/// coefficient per trajectory is known only once the whole batch is drawn:
/// the same values, bit for bit, as a replay by
/// accumulateTrajectoryGradients() at coefficient 1, without the replay.
Trajectory sampleTrajectoryWithGradients(const PolicyWeights &weights,
                                         ScheduleEnv &env, Rng &rng,
                                         HeadScratch &scratch,
                                         TrajectoryGradients &gradients);

/// Replays `trajectory` and adds, to `forwardGrad` and `backwardGrad`,
/// coefficient x d(log P_F(trajectory) - log P_B(trajectory)) / d(weights).
void accumulateTrajectoryGradients(const PolicyWeights &weights,
                                   const Trajectory &trajectory,
                                   double coefficient, ScheduleEnv &env,
                                   HeadScratch &scratch,
                                   HeadGradients &forwardGrad,
                                   HeadGradients &backwardGrad);

/// The weights of one step's two terms in accumulateStepGradients.
struct StepGradientWeights {
  double logProbability = 0; ///< of d log P_F(a_t | s_t)
  double entropy = 0;        ///< of d H(P_F(. | s_t))
};

/// Called at step t of a replay with log P_F(a_t | s_t) and the entropy of
/// P_F(. | s_t) under the weights being differentiated; returns the weights
/// of their gradients.
using StepWeigher = llvm::function_ref<StepGradientWeights(
    unsigned step, double logProbability, double entropy)>;

/// Replays `trajectory` through the forward head alone and adds, to
/// `forwardGrad`,
///   sum_t w_t.logProbability x d log P_F(a_t | s_t) / d(weights)
///       + w_t.entropy x d H(P_F(. | s_t)) / d(weights),
/// with w_t = weigh(t, log P_F(a_t | s_t), H_t). For objectives that weigh
/// each step on its own (PPO's clipped ratios, an entropy bonus), where
/// accumulateTrajectoryGradients has one coefficient per trajectory. `env`
/// must be of the MDP the trajectory was sampled in.
void accumulateStepGradients(const HeadWeights &forward,
                             const Trajectory &trajectory, StepWeigher weigh,
                             ScheduleEnv &env, HeadScratch &scratch,
                             HeadGradients &forwardGrad);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_POLICYHEAD_H
