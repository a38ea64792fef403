//===- GradientCheckTest.cpp - Hand-written head gradients vs autograd ----===//
//
// The trainer never runs autograd over the per-step heads: PolicyHead.cpp
// computes d(log P_F - log P_B)/d(head weights) by hand and the trainer feeds
// that into torch's backward through the encoder. This file re-implements both
// heads' log-probabilities of fixed trajectories with torch operations and
// checks the hand-written gradients against autograd, then does the same
// through the encoder (the way the trainer passes the heads' gradients into
// torch), and checks the LPV loss's coefficients likewise. PPO's per-step
// weights (clipped ratios and an entropy bonus) are checked the same way.
//
//===----------------------------------------------------------------------===//

#include "gfsched/GFlowNet/PolicyHead.h"
#include "gfsched/GFlowNet/Trainer.h"

#include "GFlowNetTestUtil.h"
#include "TestUtil.h"
#include "TorchModel.h"

#include "gtest/gtest.h"

#include <torch/torch.h>

#include <cmath>
#include <map>
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
    feature =
        leaf(head.feature, {int64_t(head.numFeatures), int64_t(head.hidden)});
    out = leaf(head.out, {int64_t(head.hidden)});
  }

  /// log softmax over the candidates (ops[c] with features[c]).
  torch::Tensor logSoftmax(const std::vector<int64_t> &ops,
                           const std::vector<float> &features) const {
    int64_t count = ops.size();
    std::vector<double> asDouble(features.begin(), features.end());
    torch::Tensor featureMatrix =
        torch::tensor(asDouble, torch::kDouble).view({count, -1});
    torch::Tensor rows = node.index_select(0, torch::tensor(ops));
    torch::Tensor pre = rows + featureMatrix.matmul(feature);
    torch::Tensor logits = torch::relu(pre).matmul(out);
    return torch::log_softmax(logits, 0);
  }

  /// The same at `chosen`.
  torch::Tensor logProbability(const std::vector<int64_t> &ops,
                               const std::vector<float> &features,
                               int64_t chosen) const {
    return logSoftmax(ops, features)[chosen];
  }
};

/// The forward head's inputs at `env`'s state: every legal action's op and
/// features, and the index of `chosen` among them.
struct ForwardInputs {
  std::vector<int64_t> ops;
  std::vector<float> features;
  int64_t chosenIndex = -1;
};
ForwardInputs forwardInputs(const ScheduleEnv &env, ForwardAction chosen) {
  llvm::SmallVector<ForwardAction> actions;
  env.getForwardActions(actions);
  ForwardInputs inputs;
  inputs.features.resize(actions.size() * kNumForwardFeatures);
  for (auto [c, action] : llvm::enumerate(actions)) {
    inputs.ops.push_back(action.op);
    env.forwardFeatures(action, &inputs.features[c * kNumForwardFeatures]);
    if (action == chosen)
      inputs.chosenIndex = c;
  }
  EXPECT_GE(inputs.chosenIndex, 0);
  return inputs;
}

/// log P_F and log P_B (undefined for a uniform backward policy) of a
/// trajectory, built from torch operations over the environment's masks and
/// features.
std::pair<torch::Tensor, torch::Tensor>
torchLogProbabilities(const TorchHead &forward, const TorchHead *backward,
                      const Problem &problem, const Trajectory &trajectory) {
  ScheduleEnv env(problem);
  llvm::SmallVector<NodeId> removable;
  torch::Tensor logForward = torch::zeros({}, torch::kDouble);
  torch::Tensor logBackward = torch::zeros({}, torch::kDouble);
  for (ForwardAction chosen : trajectory.actions) {
    ForwardInputs step = forwardInputs(env, chosen);
    logForward = logForward + forward.logProbability(step.ops, step.features,
                                                     step.chosenIndex);
    env.step(chosen);
    if (!backward)
      continue;
    env.getRemovableOps(removable);
    std::vector<int64_t> ops(removable.begin(), removable.end());
    std::vector<float> features(removable.size() * kNumBackwardFeatures);
    int64_t removedIndex = -1;
    for (auto [c, op] : llvm::enumerate(removable)) {
      env.backwardFeatures(op, &features[c * kNumBackwardFeatures]);
      if (op == chosen.op)
        removedIndex = c;
    }
    EXPECT_GE(removedIndex, 0);
    logBackward =
        logBackward + backward->logProbability(ops, features, removedIndex);
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

/// Forward heads of 8 and 21 hidden units: the vectorized heads work in
/// blocks of 4 and 16 values, 21 leaves a remainder in both.
void checkGradients(const Problem &problem, unsigned forwardHidden,
                    unsigned backwardHidden, uint64_t seed) {
  Rng rng(seed);
  PolicyWeights weights =
      randomPolicy(problem.numOps(), forwardHidden, backwardHidden, 0.7, rng);
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
    if (backward) {
      EXPECT_NEAR(logBackward.item<double>(), trajectory.logBackward,
                  1e-4 * (1 + std::abs(trajectory.logBackward)));
    }
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
    for (unsigned forwardHidden : {8u, 21u}) {
      SCOPED_TRACE("forward hidden " + std::to_string(forwardHidden));
      checkGradients(*testCase->problem, forwardHidden, 5,
                     deriveSeed(122, testCase->name));
    }
  }
}

TEST(GradientCheckTest, UniformBackwardGradientsMatchAutograd) {
  for (const auto &testCase : makeProblemCases(131, 12, 1)) {
    ASSERT_TRUE(testCase);
    SCOPED_TRACE(testCase->name);
    checkGradients(*testCase->problem, 8, 0, deriveSeed(132, testCase->name));
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
  accumulateTrajectoryGradients(weights, first, 0.5, env, scratch, apart[0][0],
                                apart[0][1]);
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

TEST(GradientCheckTest, SampledGradientsEqualTheReplay) {
  // The trainer's LPV step takes each trajectory's gradients while sampling
  // it; they are the replay's at coefficient 1 to the bit, and the draw is
  // the one sampleTrajectory makes from the same stream. Heads of 21 hidden
  // units cover the vector blocks and their remainder; 0 backward units is
  // the uniform backward policy.
  auto cases = makeProblemCases(151, 14, 2);
  for (const auto &testCase : cases) {
    ASSERT_TRUE(testCase);
    SCOPED_TRACE(testCase->name);
    const Problem &problem = *testCase->problem;
    for (unsigned backwardHidden : {21u, 0u}) {
      Rng weightRng(deriveSeed(152, testCase->name));
      PolicyWeights weights =
          randomPolicy(problem.numOps(), 21, backwardHidden, 0.7, weightRng);
      ScheduleEnv env(problem);
      HeadScratch scratch;
      Rng sampleRng(153), replayRng(153);
      TrajectoryGradients sampled;
      Trajectory trajectory = sampleTrajectoryWithGradients(
          weights, env, sampleRng, scratch, sampled);
      Trajectory plain = sampleTrajectory(weights, env, replayRng, scratch);
      ASSERT_EQ(trajectory.actions.size(), plain.actions.size());
      for (auto [a, b] : llvm::zip_equal(trajectory.actions, plain.actions)) {
        EXPECT_EQ(a.op, b.op);
        EXPECT_EQ(a.unit, b.unit);
      }
      EXPECT_EQ(trajectory.logForward, plain.logForward);
      EXPECT_EQ(trajectory.logBackward, plain.logBackward);

      TrajectoryGradients replayed;
      replayed.forward.resizeLike(weights.forward);
      replayed.backward.resizeLike(weights.backward);
      accumulateTrajectoryGradients(weights, trajectory, 1.0, env, scratch,
                                    replayed.forward, replayed.backward);
      EXPECT_EQ(sampled.forward.node, replayed.forward.node);
      EXPECT_EQ(sampled.forward.feature, replayed.forward.feature);
      EXPECT_EQ(sampled.forward.out, replayed.forward.out);
      EXPECT_EQ(sampled.backward.node, replayed.backward.node);
      EXPECT_EQ(sampled.backward.feature, replayed.backward.feature);
      EXPECT_EQ(sampled.backward.out, replayed.backward.out);
      // Not vacuous: the trajectory moved every part of both heads.
      auto isNonZero = [](const std::vector<float> &values) {
        return llvm::any_of(values, [](float v) { return v != 0; });
      };
      EXPECT_TRUE(isNonZero(sampled.forward.node));
      EXPECT_TRUE(isNonZero(sampled.forward.feature));
      EXPECT_TRUE(isNonZero(sampled.forward.out));
      EXPECT_EQ(isNonZero(sampled.backward.out), backwardHidden != 0);
    }
  }
}

TEST(GradientCheckTest, AddScaledAddsAMultiple) {
  Rng rng(161);
  PolicyWeights weights = randomPolicy(6, 5, 3, 0.7, rng);
  HeadGradients base, other;
  base.resizeLike(weights.forward);
  other.resizeLike(weights.forward);
  for (std::vector<float> *values : {&base.node, &base.feature, &base.out,
                                     &other.node, &other.feature, &other.out})
    for (float &v : *values)
      v = float(uniformReal(rng)) - 0.5f;
  HeadGradients scaled = base;
  scaled.addScaled(other, -2.5f);
  for (auto [result, from, added] :
       {std::tuple(&scaled.node, &base.node, &other.node),
        std::tuple(&scaled.feature, &base.feature, &other.feature),
        std::tuple(&scaled.out, &base.out, &other.out)})
    for (size_t i = 0; i < result->size(); ++i)
      EXPECT_EQ((*result)[i], (*from)[i] + -2.5f * (*added)[i]);
}

//===----------------------------------------------------------------------===//
// Per-step weights (PPO)
//===----------------------------------------------------------------------===//

/// For each step of `trajectory`: log P_F(a_t | s_t) and the entropy of
/// P_F(. | s_t), as torch operations.
std::vector<std::pair<torch::Tensor, torch::Tensor>>
torchStepTerms(const TorchHead &forward, const Problem &problem,
               const Trajectory &trajectory) {
  ScheduleEnv env(problem);
  std::vector<std::pair<torch::Tensor, torch::Tensor>> terms;
  for (ForwardAction chosen : trajectory.actions) {
    ForwardInputs step = forwardInputs(env, chosen);
    torch::Tensor logSoftmax = forward.logSoftmax(step.ops, step.features);
    terms.push_back(
        {logSoftmax[step.chosenIndex], -(logSoftmax.exp() * logSoftmax).sum()});
    env.step(chosen);
  }
  return terms;
}

/// PPO's per-step objective: the hand-written gradient of
///   L = -1/N sum_{i,t} [min(r A_i, clip(r) A_i) + beta H_t]
/// (per-step weights from computeClippedSurrogate) against autograd, with old
/// log-probabilities off the current ones so that ratios fall on both sides
/// of the clip interval, for advantages of both signs.
void checkPPOGradients(const Problem &problem, uint64_t seed) {
  constexpr double kClip = 0.2, kEntropy = 0.05;
  Rng rng(seed);
  PolicyWeights weights = randomPolicy(problem.numOps(), 8, 0, 0.7, rng);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  std::vector<Trajectory> trajectories;
  std::vector<std::vector<double>> offsets;
  size_t numSteps = 0;
  for (unsigned i = 0; i < 4; ++i) {
    trajectories.push_back(sampleTrajectory(weights, env, rng, scratch));
    offsets.emplace_back();
    for (size_t t = 0; t < trajectories.back().actions.size(); ++t)
      offsets.back().push_back(0.8 * uniformReal(rng) - 0.4);
    numSteps += trajectories.back().actions.size();
  }
  std::vector<double> advantages = {1.2, -0.7, 0.4, -0.9};
  double scale = 1.0 / numSteps;

  HeadGradients grad;
  grad.resizeLike(weights.forward);
  std::vector<std::vector<double>> logProbabilities(4), entropies(4);
  unsigned numClipped = 0;
  for (unsigned i = 0; i < 4; ++i) {
    auto weigh = [&](unsigned step, double logProbability, double entropy) {
      EXPECT_EQ(step, logProbabilities[i].size());
      logProbabilities[i].push_back(logProbability);
      entropies[i].push_back(entropy);
      ClippedSurrogate surrogate = computeClippedSurrogate(
          logProbability, logProbability + offsets[i][step], advantages[i],
          kClip);
      numClipped += surrogate.clipped;
      return StepGradientWeights{-scale * surrogate.gradient,
                                 -scale * kEntropy};
    };
    accumulateStepGradients(weights.forward, trajectories[i], weigh, env,
                            scratch, grad);
    // A replay at the sampling weights gives back the sampler's scores.
    EXPECT_EQ(std::accumulate(logProbabilities[i].begin(),
                              logProbabilities[i].end(), 0.0),
              trajectories[i].logForward);
  }
  // Both kinds of steps were exercised.
  EXPECT_GT(numClipped, 0u);
  EXPECT_LT(numClipped, numSteps);

  TorchHead forward(weights.forward);
  torch::Tensor objective = torch::zeros({}, torch::kDouble);
  for (unsigned i = 0; i < 4; ++i) {
    auto terms = torchStepTerms(forward, problem, trajectories[i]);
    ASSERT_EQ(terms.size(), logProbabilities[i].size());
    for (auto [t, term] : llvm::enumerate(terms)) {
      auto &[logProbability, entropy] = term;
      EXPECT_NEAR(logProbability.item<double>(), logProbabilities[i][t], 1e-5);
      EXPECT_NEAR(entropy.item<double>(), entropies[i][t], 1e-5);
      double old = logProbabilities[i][t] + offsets[i][t];
      torch::Tensor ratio = (logProbability - old).exp();
      torch::Tensor surrogate =
          torch::min(ratio * advantages[i],
                     ratio.clamp(1 - kClip, 1 + kClip) * advantages[i]);
      objective = objective - scale * (surrogate + kEntropy * entropy);
    }
  }
  objective.backward();
  expectGradientsMatch(grad.node, forward.node.grad(), "forward node");
  expectGradientsMatch(grad.feature, forward.feature.grad(), "forward feature");
  expectGradientsMatch(grad.out, forward.out.grad(), "forward out");
}

TEST(GradientCheckTest, PPOStepGradientsMatchAutograd) {
  for (const auto &testCase : makeProblemCases(171, 12, 1)) {
    ASSERT_TRUE(testCase);
    SCOPED_TRACE(testCase->name);
    checkPPOGradients(*testCase->problem, deriveSeed(172, testCase->name));
  }
}

TEST(GradientCheckTest, OneStepWeightEqualsTrajectoryCoefficient) {
  // With the same weight at every step and no entropy term, the per-step
  // path is the per-trajectory one (uniform backward policy).
  auto cases = makeProblemCases(181, 12, 1);
  const Problem &problem = *cases[0]->problem;
  Rng rng(182);
  PolicyWeights weights = randomPolicy(problem.numOps(), 6, 0, 0.7, rng);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  Trajectory trajectory = sampleTrajectory(weights, env, rng, scratch);
  HeadGradients perStep, perTrajectory, unusedBackward;
  perStep.resizeLike(weights.forward);
  perTrajectory.resizeLike(weights.forward);
  accumulateStepGradients(
      weights.forward, trajectory,
      [](unsigned, double, double) {
        return StepGradientWeights{-0.6, 0};
      },
      env, scratch, perStep);
  accumulateTrajectoryGradients(weights, trajectory, -0.6, env, scratch,
                                perTrajectory, unusedBackward);
  for (auto [a, b] : {std::pair(&perStep.node, &perTrajectory.node),
                      std::pair(&perStep.feature, &perTrajectory.feature),
                      std::pair(&perStep.out, &perTrajectory.out)}) {
    ASSERT_EQ(a->size(), b->size());
    for (size_t k = 0; k < a->size(); ++k)
      EXPECT_NEAR((*a)[k], (*b)[k], 1e-5 * (1 + std::abs((*b)[k])));
  }
}

TEST(GradientCheckTest, ClippedSurrogateAndGroupAdvantages) {
  constexpr double kClip = 0.2;
  // (log r, A): inside the interval; above it and below it with either sign
  // of A. The clipped term is the minimum (no gradient) above with A > 0 and
  // below with A < 0.
  struct Case {
    double logRatio, advantage;
    bool clipped;
  };
  for (Case c : {Case{0.05, 1.5, false}, Case{-0.1, -0.5, false},
                 Case{0.4, 1.5, true}, Case{0.4, -1.5, false},
                 Case{-0.5, 0.7, false}, Case{-0.5, -0.7, true}}) {
    SCOPED_TRACE(std::to_string(c.logRatio) + ", " +
                 std::to_string(c.advantage));
    double old = -1.3;
    ClippedSurrogate surrogate =
        computeClippedSurrogate(old + c.logRatio, old, c.advantage, kClip);
    EXPECT_EQ(surrogate.clipped, c.clipped);
    torch::Tensor logProbability =
        torch::tensor(old + c.logRatio, torch::kDouble).requires_grad_(true);
    torch::Tensor ratio = (logProbability - old).exp();
    torch::Tensor value = torch::min(
        ratio * c.advantage, ratio.clamp(1 - kClip, 1 + kClip) * c.advantage);
    value.backward();
    EXPECT_NEAR(surrogate.value, value.item<double>(), 1e-12);
    EXPECT_NEAR(surrogate.gradient, logProbability.grad().item<double>(),
                1e-12);
  }

  std::vector<double> rewards = {3.1, 2.7, 3.6, 2.2, 3.0};
  std::vector<double> advantages = computeGroupAdvantages(rewards);
  torch::Tensor r = torch::tensor(rewards, torch::kDouble);
  torch::Tensor expected = (r - r.mean()) / (r.std(/*unbiased=*/false) + 1e-8);
  ASSERT_EQ(advantages.size(), rewards.size());
  for (size_t i = 0; i < rewards.size(); ++i)
    EXPECT_NEAR(advantages[i], expected[i].item<double>(), 1e-12);
  // A batch of equal rewards teaches nothing.
  for (double advantage : computeGroupAdvantages({2.5, 2.5, 2.5}))
    EXPECT_EQ(advantage, 0);
}

//===----------------------------------------------------------------------===//
// Through the encoder
//===----------------------------------------------------------------------===//

/// Every parameter's gradient, by name (undefined ones as empty tensors).
std::map<std::string, torch::Tensor> parameterGradients(PolicyNetImpl &net) {
  std::map<std::string, torch::Tensor> gradients;
  for (const auto &item : net.named_parameters())
    gradients[item.key()] = item.value().grad().defined()
                                ? item.value().grad().clone()
                                : torch::Tensor();
  return gradients;
}

TEST(GradientCheckTest, EncoderGradientsMatchAutograd) {
  // The trainer's path: the heads' weights are taken out of the network's
  // outputs (toPolicyWeights), their gradients computed in plain C++ and
  // passed to torch::autograd::backward at those outputs, the feature
  // matrices' gradients added by hand. It must equal autograd through a
  // torch version of the heads built on the same outputs.
  Rng rng(161);
  auto testCase = makeCase(
      "mixed",
      withMixedCosts(smallGeneratedGraph(GraphFamily::Layered, 12, rng), rng),
      builtinDevice("accel-hetero"));
  ASSERT_TRUE(testCase);
  const Problem &problem = *testCase->problem;
  ModelConfig config;
  config.width = 16;
  config.layers = 1;
  config.heads = 4;
  config.ffnWidth = 16;
  config.headHidden = 8;
  config.backwardHidden = 4;
  config.sigmaWidth = 4;
  llvm::Expected<std::unique_ptr<GFlowNetModel>> created =
      GFlowNetModel::create(config, 162);
  ASSERT_TRUE(bool(created)) << llvm::toString(created.takeError());
  PolicyNetImpl &net = *asTorchModel(**created).net;
  EncoderInputs inputs = makeEncoderInputs(problem, config.heads);
  const double sigma = 0.3;

  // The hand-written path.
  net.zero_grad();
  PolicyNetImpl::Output output =
      net.forward(inputs.nodeFeatures, inputs.maskBias, sigma);
  PolicyWeights weights = toPolicyWeights(output, net);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  std::vector<Trajectory> trajectories;
  for (unsigned i = 0; i < 3; ++i)
    trajectories.push_back(sampleTrajectory(weights, env, rng, scratch));
  std::vector<double> coefficients = {1.5, -0.5, -1.0};
  HeadGradients forwardGrad, backwardGrad;
  forwardGrad.resizeLike(weights.forward);
  backwardGrad.resizeLike(weights.backward);
  for (auto [trajectory, coefficient] :
       llvm::zip_equal(trajectories, coefficients))
    accumulateTrajectoryGradients(weights, trajectory, coefficient, env,
                                  scratch, forwardGrad, backwardGrad);
  auto asTensor = [](const std::vector<float> &values,
                     const torch::Tensor &like) {
    return torch::tensor(values, torch::kFloat).view(like.sizes());
  };
  torch::autograd::backward({output.forwardNode, output.forwardOut,
                             output.backwardNode, output.backwardOut},
                            {asTensor(forwardGrad.node, output.forwardNode),
                             asTensor(forwardGrad.out, output.forwardOut),
                             asTensor(backwardGrad.node, output.backwardNode),
                             asTensor(backwardGrad.out, output.backwardOut)});
  {
    torch::NoGradGuard noGrad;
    for (auto [parameter, gradient] :
         {std::pair(&net.forwardFeature, &forwardGrad.feature),
          std::pair(&net.backwardFeature, &backwardGrad.feature)}) {
      torch::Tensor extra = asTensor(*gradient, *parameter);
      if (parameter->grad().defined())
        parameter->mutable_grad().add_(extra);
      else
        parameter->mutable_grad() = extra.clone();
    }
  }
  std::map<std::string, torch::Tensor> byHand = parameterGradients(net);

  // Autograd through torch heads on the same outputs.
  net.zero_grad();
  output = net.forward(inputs.nodeFeatures, inputs.maskBias, sigma);
  auto headOf = [](const torch::Tensor &node, const torch::Tensor &feature,
                   const torch::Tensor &out, const HeadWeights &weights) {
    // TorchHead holds leaves; here the tensors come from the network, so
    // build the head by hand with the network's tensors (in double).
    TorchHead head(weights);
    head.node = node.to(torch::kDouble);
    head.feature = feature.to(torch::kDouble);
    head.out = out.to(torch::kDouble);
    return head;
  };
  TorchHead forward = headOf(output.forwardNode, net.forwardFeature,
                             output.forwardOut, weights.forward);
  TorchHead backward = headOf(output.backwardNode, net.backwardFeature,
                              output.backwardOut, weights.backward);
  torch::Tensor objective = torch::zeros({}, torch::kDouble);
  for (auto [trajectory, coefficient] :
       llvm::zip_equal(trajectories, coefficients)) {
    auto [logForward, logBackward] =
        torchLogProbabilities(forward, &backward, problem, trajectory);
    objective = objective + coefficient * (logForward - logBackward);
  }
  objective.backward();
  std::map<std::string, torch::Tensor> byAutograd = parameterGradients(net);

  ASSERT_EQ(byHand.size(), byAutograd.size());
  unsigned checked = 0;
  for (const auto &[name, expected] : byAutograd) {
    SCOPED_TRACE(name);
    const torch::Tensor &actual = byHand.at(name);
    ASSERT_EQ(actual.defined(), expected.defined());
    if (!expected.defined())
      continue;
    double scale = expected.abs().max().item<double>();
    double error = (actual.to(torch::kDouble) - expected.to(torch::kDouble))
                       .abs()
                       .max()
                       .item<double>();
    EXPECT_LE(error, 1e-3 * scale + 1e-6)
        << "largest difference " << error << ", largest entry " << scale;
    checked += scale > 0;
  }
  // Gradients reached the encoder, not just the heads.
  EXPECT_GT(checked, 10u);
  EXPECT_TRUE(byAutograd.at("input.weight").defined());
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
  EXPECT_NEAR(
      computeLPV(logReward, balancedForward, balancedBackward, coefficients), 0,
      1e-20);
  for (double coefficient : coefficients)
    EXPECT_NEAR(coefficient, 0, 1e-12);
}

} // namespace
