//===- GradientCheckTest.cpp - Hand-written head gradients vs autograd ----===//
//
// The trainer never runs autograd over the per-step heads: PolicyHead.cpp
// computes d(log P_F - log P_B)/d(head weights) by hand and the trainer feeds
// that into torch's backward through the encoder. This file re-implements both
// heads' log-probabilities of fixed trajectories with torch operations and
// checks the hand-written gradients against autograd, and the LPV loss's
// coefficients likewise.
//
//===----------------------------------------------------------------------===//

#include "gfsched/GFlowNet/PolicyHead.h"
#include "gfsched/GFlowNet/Trainer.h"

#include "GFlowNetTestUtil.h"
#include "TestUtil.h"

#include "gtest/gtest.h"

#include <torch/torch.h>

#include <cmath>
#include <numeric>

using namespace gfsched;
using namespace gfsched::test;

namespace {

/// A head's weights as double-precision leaf tensors that require gradients.
struct TorchHead {
  torch::Tensor node, feature, out;

  explicit TorchHead(const HeadWeights &head) {
    auto leaf = [](const std::vector<float> &values,
                   std::vector<int64_t> shape) {
      std::vector<double> asDouble(values.begin(), values.end());
      return torch::tensor(asDouble, torch::kDouble)
          .view(shape)
          .clone()
          .requires_grad_(true);
    };
    node = leaf(head.node, {int64_t(head.node.size() / head.hidden),
                            int64_t(head.hidden)});
    feature = leaf(head.feature,
                   {int64_t(head.numFeatures), int64_t(head.hidden)});
    out = leaf(head.out, {int64_t(head.hidden)});
  }

  /// log softmax over the candidates (ops[c] with features[c]) at `chosen`.
  torch::Tensor logProbability(const std::vector<int64_t> &ops,
                               const std::vector<float> &features,
                               int64_t chosen) const {
    int64_t count = ops.size();
    std::vector<double> asDouble(features.begin(), features.end());
    torch::Tensor featureMatrix =
        torch::tensor(asDouble, torch::kDouble).view({count, -1});
    torch::Tensor rows = node.index_select(0, torch::tensor(ops));
    torch::Tensor pre = rows + featureMatrix.matmul(feature);
    torch::Tensor logits = torch::relu(pre).matmul(out);
    return torch::log_softmax(logits, 0)[chosen];
  }
};

/// log P_F and log P_B (undefined for a uniform backward policy) of a
/// trajectory, built from torch operations over the environment's masks and
/// features.
std::pair<torch::Tensor, torch::Tensor>
torchLogProbabilities(const TorchHead &forward, const TorchHead *backward,
                      const Problem &problem, const Trajectory &trajectory) {
  ScheduleEnv env(problem);
  llvm::SmallVector<ForwardAction> actions;
  llvm::SmallVector<NodeId> removable;
  torch::Tensor logForward = torch::zeros({}, torch::kDouble);
  torch::Tensor logBackward = torch::zeros({}, torch::kDouble);
  for (ForwardAction chosen : trajectory.actions) {
    env.getForwardActions(actions);
    std::vector<int64_t> ops;
    std::vector<float> features(actions.size() * kNumForwardFeatures);
    int64_t chosenIndex = -1;
    for (auto [c, action] : llvm::enumerate(actions)) {
      ops.push_back(action.op);
      env.forwardFeatures(action, &features[c * kNumForwardFeatures]);
      if (action == chosen)
        chosenIndex = c;
    }
    EXPECT_GE(chosenIndex, 0);
    logForward = logForward + forward.logProbability(ops, features,
                                                     chosenIndex);
    env.step(chosen);
    if (!backward)
      continue;
    env.getRemovableOps(removable);
    ops.assign(removable.begin(), removable.end());
    features.assign(removable.size() * kNumBackwardFeatures, 0);
    int64_t removedIndex = -1;
    for (auto [c, op] : llvm::enumerate(removable)) {
      env.backwardFeatures(op, &features[c * kNumBackwardFeatures]);
      if (op == chosen.op)
        removedIndex = c;
    }
    EXPECT_GE(removedIndex, 0);
    logBackward = logBackward + backward->logProbability(ops, features,
                                                         removedIndex);
  }
  return {logForward, logBackward};
}

/// Fails unless `actual` (hand-written, float) matches `expected` (autograd,
/// double) to a relative 1e-4 of the largest gradient entry.
void expectGradientsMatch(const std::vector<float> &actual,
                          const torch::Tensor &expected,
                          const std::string &what) {
  ASSERT_TRUE(expected.defined()) << what << ": no autograd gradient";
  torch::Tensor flat = expected.contiguous().view({-1});
  ASSERT_EQ(size_t(flat.numel()), actual.size()) << what;
  auto accessor = flat.accessor<double, 1>();
  double scale = 0;
  for (int64_t i = 0; i < flat.numel(); ++i)
    scale = std::max(scale, std::abs(accessor[i]));
  ASSERT_GT(scale, 1e-6) << what << ": the gradient is zero, nothing checked";
  double worst = 0;
  int64_t worstIndex = 0;
  for (int64_t i = 0; i < flat.numel(); ++i) {
    double error = std::abs(actual[i] - accessor[i]);
    if (error > worst) {
      worst = error;
      worstIndex = i;
    }
  }
  EXPECT_LE(worst, 1e-4 * scale)
      << what << ": entry " << worstIndex << " is " << actual[worstIndex]
      << ", autograd says " << accessor[worstIndex] << " (largest entry "
      << scale << ")";
}

void checkGradients(const Problem &problem, unsigned backwardHidden,
                    uint64_t seed) {
  Rng rng(seed);
  PolicyWeights weights =
      randomPolicy(problem.numOps(), 8, backwardHidden, 0.7, rng);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  std::vector<Trajectory> trajectories;
  for (unsigned i = 0; i < 4; ++i)
    trajectories.push_back(sampleTrajectory(weights, env, rng, scratch));
  std::vector<double> coefficients = {0.7, -1.3, 0.25, 0.35};

  HeadGradients forwardGrad, backwardGrad;
  forwardGrad.resizeLike(weights.forward);
  backwardGrad.resizeLike(weights.backward);
  for (auto [trajectory, coefficient] :
       llvm::zip_equal(trajectories, coefficients))
    accumulateTrajectoryGradients(weights, trajectory, coefficient, env,
                                  scratch, forwardGrad, backwardGrad);

  TorchHead forward(weights.forward);
  std::optional<TorchHead> backward;
  if (!weights.uniformBackward())
    backward.emplace(weights.backward);
  torch::Tensor objective = torch::zeros({}, torch::kDouble);
  for (auto [trajectory, coefficient] :
       llvm::zip_equal(trajectories, coefficients)) {
    auto [logForward, logBackward] = torchLogProbabilities(
        forward, backward ? &*backward : nullptr, problem, trajectory);
    // The torch re-implementation agrees with the sampler's own scores.
    EXPECT_NEAR(logForward.item<double>(), trajectory.logForward,
                1e-4 * (1 + std::abs(trajectory.logForward)));
    if (backward)
      EXPECT_NEAR(logBackward.item<double>(), trajectory.logBackward,
                  1e-4 * (1 + std::abs(trajectory.logBackward)));
    objective = objective + coefficient * (logForward - logBackward);
  }
  objective.backward();

  expectGradientsMatch(forwardGrad.node, forward.node.grad(), "forward node");
  expectGradientsMatch(forwardGrad.feature, forward.feature.grad(),
                       "forward feature");
  expectGradientsMatch(forwardGrad.out, forward.out.grad(), "forward out");
  if (backward) {
    expectGradientsMatch(backwardGrad.node, backward->node.grad(),
                         "backward node");
    expectGradientsMatch(backwardGrad.feature, backward->feature.grad(),
                         "backward feature");
    expectGradientsMatch(backwardGrad.out, backward->out.grad(),
                         "backward out");
  } else {
    EXPECT_TRUE(backwardGrad.node.empty() && backwardGrad.feature.empty() &&
                backwardGrad.out.empty());
  }
}

TEST(GradientCheckTest, HeadGradientsMatchAutograd) {
  for (const auto &testCase : makeProblemCases(121, 12, 1)) {
    ASSERT_TRUE(testCase);
    SCOPED_TRACE(testCase->name);
    checkGradients(*testCase->problem, 5, deriveSeed(122, testCase->name));
  }
}

TEST(GradientCheckTest, UniformBackwardGradientsMatchAutograd) {
  for (const auto &testCase : makeProblemCases(131, 12, 1)) {
    ASSERT_TRUE(testCase);
    SCOPED_TRACE(testCase->name);
    checkGradients(*testCase->problem, 0, deriveSeed(132, testCase->name));
  }
}

TEST(GradientCheckTest, GradientsAccumulate) {
  // Adding two trajectories' gradients equals accumulating both at once, and
  // HeadGradients::add sums element-wise.
  auto cases = makeProblemCases(141, 10, 1);
  const Problem &problem = *cases[0]->problem;
  Rng rng(142);
  PolicyWeights weights = randomPolicy(problem.numOps(), 6, 4, 0.7, rng);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  Trajectory first = sampleTrajectory(weights, env, rng, scratch);
  Trajectory second = sampleTrajectory(weights, env, rng, scratch);
  HeadGradients both[2], apart[2][2];
  for (HeadGradients *grads : {&both[0], &apart[0][0], &apart[1][0]})
    grads->resizeLike(weights.forward);
  for (HeadGradients *grads : {&both[1], &apart[0][1], &apart[1][1]})
    grads->resizeLike(weights.backward);
  accumulateTrajectoryGradients(weights, first, 0.5, env, scratch, both[0],
                                both[1]);
  accumulateTrajectoryGradients(weights, second, -2.0, env, scratch, both[0],
                                both[1]);
  accumulateTrajectoryGradients(weights, first, 0.5, env, scratch,
                                apart[0][0], apart[0][1]);
  accumulateTrajectoryGradients(weights, second, -2.0, env, scratch,
                                apart[1][0], apart[1][1]);
  for (unsigned head = 0; head < 2; ++head) {
    apart[0][head].add(apart[1][head]);
    for (auto [sum, direct] :
         {std::pair(&apart[0][head].node, &both[head].node),
          std::pair(&apart[0][head].feature, &both[head].feature),
          std::pair(&apart[0][head].out, &both[head].out)}) {
      ASSERT_EQ(sum->size(), direct->size());
      for (size_t i = 0; i < sum->size(); ++i)
        EXPECT_NEAR((*sum)[i], (*direct)[i],
                    1e-5 * (1 + std::abs((*direct)[i])));
    }
  }
}

//===----------------------------------------------------------------------===//
// LPV
//===----------------------------------------------------------------------===//

TEST(GradientCheckTest, LPVLossAndCoefficients) {
  Rng rng(151);
  constexpr unsigned kBatch = 9;
  std::vector<double> logReward, logForward, logBackward;
  for (unsigned i = 0; i < kBatch; ++i) {
    logReward.push_back(-20 * uniformReal(rng));
    logForward.push_back(-30 * uniformReal(rng));
    logBackward.push_back(-10 * uniformReal(rng));
  }
  std::vector<double> coefficients;
  double loss = computeLPV(logReward, logForward, logBackward, coefficients);
  ASSERT_EQ(coefficients.size(), kBatch);

  std::vector<double> zeta(kBatch);
  for (unsigned i = 0; i < kBatch; ++i)
    zeta[i] = logReward[i] + logBackward[i] - logForward[i];
  double mean = std::accumulate(zeta.begin(), zeta.end(), 0.0) / kBatch;
  double expectedLoss = 0;
  for (double value : zeta)
    expectedLoss += (value - mean) * (value - mean) / kBatch;
  EXPECT_NEAR(loss, expectedLoss, 1e-9 * expectedLoss);
  EXPECT_GT(loss, 0);
  double sum = 0;
  for (unsigned i = 0; i < kBatch; ++i) {
    EXPECT_NEAR(coefficients[i], -2 * (zeta[i] - mean) / kBatch, 1e-12);
    sum += coefficients[i];
  }
  EXPECT_NEAR(sum, 0, 1e-12);

  // The coefficients are dL/d(log P_F) (and -dL/d(log P_B)) by autograd,
  // whether or not the batch mean is detached.
  for (bool detachMean : {false, true}) {
    SCOPED_TRACE(detachMean ? "detached mean" : "mean with gradient");
    torch::Tensor forward =
        torch::tensor(logForward, torch::kDouble).requires_grad_(true);
    torch::Tensor backward =
        torch::tensor(logBackward, torch::kDouble).requires_grad_(true);
    torch::Tensor z =
        torch::tensor(logReward, torch::kDouble) + backward - forward;
    torch::Tensor centre = detachMean ? z.mean().detach() : z.mean();
    torch::Tensor l = (z - centre).pow(2).mean();
    EXPECT_NEAR(l.item<double>(), loss, 1e-9 * loss);
    l.backward();
    auto forwardGrad = forward.grad().accessor<double, 1>();
    auto backwardGrad = backward.grad().accessor<double, 1>();
    for (unsigned i = 0; i < kBatch; ++i) {
      EXPECT_NEAR(forwardGrad[i], coefficients[i], 1e-12);
      EXPECT_NEAR(backwardGrad[i], -coefficients[i], 1e-12);
    }
  }

  // Equal zetas: no loss, no gradient.
  std::vector<double> balancedForward(kBatch), balancedBackward(kBatch, 0);
  for (unsigned i = 0; i < kBatch; ++i)
    balancedForward[i] = logReward[i] + 3;
  EXPECT_NEAR(computeLPV(logReward, balancedForward, balancedBackward,
                         coefficients),
              0, 1e-20);
  for (double coefficient : coefficients)
    EXPECT_NEAR(coefficient, 0, 1e-12);
}

} // namespace
