//===- PolicyHeadTest.cpp - The per-step policy heads ---------------------===//

#include "gfsched/GFlowNet/PolicyHead.h"

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Schedule/LatencyModel.h"

#include "GFlowNetTestUtil.h"
#include "TestUtil.h"

#include "llvm/Support/ThreadPool.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>
#include <numeric>

using namespace gfsched;
using namespace gfsched::test;

namespace {

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

TEST(PolicyHeadTest, LogSoftmaxAtMatchesDirectComputation) {
  std::vector<float> logits = {1.5f, -2.0f, 0.25f, 3.0f, 0.0f};
  double sum = 0;
  for (float logit : logits)
    sum += std::exp(double(logit));
  double total = 0;
  for (unsigned i = 0; i < logits.size(); ++i) {
    double expected = std::log(std::exp(double(logits[i])) / sum);
    EXPECT_NEAR(logSoftmaxAt(logits, i), expected, 1e-12) << "index " << i;
    total += std::exp(logSoftmaxAt(logits, i));
  }
  EXPECT_NEAR(total, 1, 1e-12);

  // One candidate: probability 1.
  EXPECT_EQ(logSoftmaxAt(std::vector<float>{-7.5f}, 0), 0);
  // Large logits must not overflow: log softmax([1000, 999])[0] =
  // -log(1 + e^-1).
  std::vector<float> large = {1000.0f, 999.0f};
  EXPECT_NEAR(logSoftmaxAt(large, 0), -std::log1p(std::exp(-1.0)), 1e-9);
  EXPECT_NEAR(logSoftmaxAt(large, 1), -1 - std::log1p(std::exp(-1.0)), 1e-9);
  std::vector<float> small = {-1000.0f, -1001.0f};
  EXPECT_NEAR(logSoftmaxAt(small, 0), -std::log1p(std::exp(-1.0)), 1e-9);
}

TEST(PolicyHeadTest, SampleFromLogitsFollowsSoftmax) {
  std::vector<float> logits = {0.0f, 1.0f, -1.0f, 2.0f, 0.5f, -30.0f};
  std::vector<double> probabilities;
  for (unsigned i = 0; i < logits.size(); ++i)
    probabilities.push_back(std::exp(logSoftmaxAt(logits, i)));
  constexpr unsigned kDraws = 20000;
  Rng rng(deriveSeed(1, "sample-from-logits"));
  std::vector<unsigned> counts(logits.size());
  for (unsigned n = 0; n < kDraws; ++n) {
    LogitDraw draw = sampleFromLogits(logits, rng);
    ASSERT_LT(draw.index, logits.size());
    EXPECT_EQ(draw.logProbability, logSoftmaxAt(logits, draw.index));
    ++counts[draw.index];
  }
  for (unsigned i = 0; i < logits.size(); ++i) {
    double p = probabilities[i];
    // Five standard errors of the frequency, and at least 0.002.
    double tolerance = std::max(0.002, 5 * std::sqrt(p * (1 - p) / kDraws));
    EXPECT_NEAR(double(counts[i]) / kDraws, p, tolerance) << "index " << i;
  }
  // e^-30 relative to the rest: never drawn in 20000 draws.
  EXPECT_EQ(counts[5], 0u);
  // Large logits do not overflow into NaN or a biased index.
  std::vector<float> large = {500.0f, 500.0f};
  unsigned first = 0;
  for (unsigned draw = 0; draw < 2000; ++draw)
    first += sampleFromLogits(large, rng).index == 0;
  EXPECT_NEAR(first / 2000.0, 0.5, 0.06);
}

//===----------------------------------------------------------------------===//
// Trajectories
//===----------------------------------------------------------------------===//

/// out . ReLU(node[op] + W f), in double precision.
double referenceLogit(const HeadWeights &head, NodeId op,
                      const std::vector<float> &features) {
  double logit = 0;
  for (unsigned h = 0; h < head.hidden; ++h) {
    double pre = head.node[size_t(op) * head.hidden + h];
    for (unsigned k = 0; k < head.numFeatures; ++k)
      pre += double(features[k]) * head.feature[size_t(k) * head.hidden + h];
    logit += head.out[h] * std::max(pre, 0.0);
  }
  return logit;
}

/// log softmax(logits)[index] in double precision.
double referenceLogSoftmax(const std::vector<double> &logits, size_t index) {
  double maxLogit = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (double logit : logits)
    sum += std::exp(logit - maxLogit);
  return logits[index] - maxLogit - std::log(sum);
}

/// log P_F and log P_B of `trajectory` recomputed from the weights, the
/// environment's masks and features only.
std::pair<double, double> replayLogProbabilities(const PolicyWeights &weights,
                                                 const Problem &problem,
                                                 const Trajectory &trajectory) {
  ScheduleEnv env(problem);
  llvm::SmallVector<ForwardAction> actions;
  llvm::SmallVector<NodeId> removable;
  double logForward = 0, logBackward = 0;
  for (ForwardAction chosen : trajectory.actions) {
    env.getForwardActions(actions);
    std::vector<double> logits;
    size_t chosenIndex = actions.size();
    for (auto [c, action] : llvm::enumerate(actions)) {
      std::vector<float> features(kNumForwardFeatures);
      env.forwardFeatures(action, features.data());
      logits.push_back(referenceLogit(weights.forward, action.op, features));
      if (action == chosen)
        chosenIndex = c;
    }
    EXPECT_LT(chosenIndex, actions.size()) << "illegal action in trajectory";
    if (chosenIndex == actions.size())
      return {NAN, NAN};
    logForward += referenceLogSoftmax(logits, chosenIndex);
    env.step(chosen);

    env.getRemovableOps(removable);
    if (weights.uniformBackward()) {
      logBackward -= std::log(double(removable.size()));
      continue;
    }
    logits.clear();
    size_t removedIndex = removable.size();
    for (auto [c, op] : llvm::enumerate(removable)) {
      std::vector<float> features(kNumBackwardFeatures);
      env.backwardFeatures(op, features.data());
      logits.push_back(referenceLogit(weights.backward, op, features));
      if (op == chosen.op)
        removedIndex = c;
    }
    EXPECT_LT(removedIndex, removable.size())
        << "the op just placed is not removable";
    logBackward += referenceLogSoftmax(logits, removedIndex);
  }
  return {logForward, logBackward};
}

TEST(PolicyHeadTest, SampledTrajectoriesAreCompleteAndScored) {
  for (const auto &testCase : makeProblemCases(71, 16, 1)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    LatencyModel proxy(problem, ModelKind::Proxy);
    Rng rng(deriveSeed(72, testCase->name));
    // Forward heads of 8 and 20 hidden units: evaluateHead works in blocks
    // of 16, so 20 takes both the blocks and the remainder.
    for (auto [forwardHidden, backwardHidden] :
         {std::pair(8u, 6u), std::pair(8u, 0u), std::pair(20u, 6u)}) {
      // Weights of scale 1 make a clearly non-uniform policy.
      PolicyWeights weights = randomPolicy(problem.numOps(), forwardHidden,
                                           backwardHidden, 1.0, rng);
      ASSERT_EQ(weights.uniformBackward(), backwardHidden == 0);
      ScheduleEnv env(problem);
      HeadScratch scratch;
      for (unsigned trial = 0; trial < 5; ++trial) {
        SCOPED_TRACE(testCase->name + ", hidden " +
                     std::to_string(forwardHidden) + " / " +
                     std::to_string(backwardHidden) + ", trial " +
                     std::to_string(trial));
        Trajectory trajectory = sampleTrajectory(weights, env, rng, scratch);
        ASSERT_EQ(trajectory.actions.size(), problem.numOps());
        Schedule schedule = toSchedule(problem, trajectory);
        EXPECT_EQ(errorOf(verify(problem, schedule)), "");
        EXPECT_EQ(schedule, env.toSchedule());
        EXPECT_EQ(trajectory.makespan, proxy.makespan(schedule));

        auto [logForward, logBackward] =
            replayLogProbabilities(weights, problem, trajectory);
        // The heads compute in float; a few float roundings per step.
        EXPECT_NEAR(trajectory.logForward, logForward,
                    1e-4 * (1 + std::abs(logForward)));
        EXPECT_NEAR(trajectory.logBackward, logBackward,
                    1e-4 * (1 + std::abs(logBackward)));
        EXPECT_LT(trajectory.logForward, 0);
        EXPECT_LE(trajectory.logBackward, 0);

        // Without backward scoring the forward part is unchanged.
        Rng copy = rng;
        Rng again = copy;
        Trajectory scored = sampleTrajectory(weights, env, copy, scratch);
        Trajectory unscored = sampleTrajectory(weights, env, again, scratch,
                                               /*scoreBackward=*/false);
        EXPECT_EQ(unscored.actions.size(), scored.actions.size());
        EXPECT_TRUE(std::equal(unscored.actions.begin(), unscored.actions.end(),
                               scored.actions.begin()));
        EXPECT_EQ(unscored.logForward, scored.logForward);
        EXPECT_EQ(unscored.logBackward, 0);
      }
    }
  }
}

TEST(PolicyHeadTest, UniformBackwardScoresRemovableCount) {
  for (const auto &testCase : makeProblemCases(81, 12, 1)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(82, testCase->name));
    PolicyWeights weights = randomPolicy(problem.numOps(), 4, 0, 1.0, rng);
    ScheduleEnv env(problem);
    HeadScratch scratch;
    Trajectory trajectory = sampleTrajectory(weights, env, rng, scratch);
    ASSERT_EQ(trajectory.actions.size(), problem.numOps());
    // Count removable ops by hand: last on their unit, no placed successor.
    const DepGraph &graph = problem.getGraph();
    std::vector<char> placed(problem.numOps(), false);
    std::vector<std::vector<NodeId>> chains(problem.numUnits());
    double expected = 0;
    for (ForwardAction action : trajectory.actions) {
      placed[action.op] = true;
      chains[action.unit].push_back(action.op);
      unsigned removable = 0;
      for (const std::vector<NodeId> &chain : chains)
        removable += !chain.empty() &&
                     llvm::none_of(graph.succs(chain.back()),
                                   [&](NodeId succ) { return placed[succ]; });
      ASSERT_GT(removable, 0u) << testCase->name;
      expected -= std::log(double(removable));
    }
    EXPECT_NEAR(trajectory.logBackward, expected, 1e-9) << testCase->name;
  }
}

TEST(PolicyHeadTest, UniformHeadSamplesEveryActionAlike) {
  // With out = 0 every logit is 0: from the empty state of three independent
  // ops on two units, each of the six first actions has probability 1/6.
  auto testCase = makeCase("independent", makeGraph({1, 2, 3}, {}),
                           makeHomogeneousDevice(2));
  ASSERT_TRUE(testCase);
  const Problem &problem = *testCase->problem;
  Rng rng(deriveSeed(91, "uniform"));
  PolicyWeights weights = randomPolicy(problem.numOps(), 4, 0, 1.0, rng);
  std::fill(weights.forward.out.begin(), weights.forward.out.end(), 0.0f);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  std::map<std::pair<NodeId, unsigned>, unsigned> counts;
  constexpr unsigned kSamples = 6000;
  for (unsigned i = 0; i < kSamples; ++i) {
    Trajectory trajectory = sampleTrajectory(weights, env, rng, scratch);
    ++counts[{trajectory.actions[0].op, trajectory.actions[0].unit}];
    // 6 choices, then 4, then 2.
    EXPECT_NEAR(trajectory.logForward, -std::log(48.0), 1e-6);
  }
  ASSERT_EQ(counts.size(), 6u);
  for (auto [action, count] : counts)
    EXPECT_NEAR(count / double(kSamples), 1 / 6.0, 0.025)
        << "op " << action.first << " unit " << action.second;
}

/// Mean proxy makespan of `count` samples of `weights`, relative to the
/// critical path.
double meanRelativeMakespan(const PolicyWeights &weights,
                            const Problem &problem, unsigned count,
                            uint64_t seed) {
  std::vector<Trajectory> trajectories = sampleTrajectories(
      weights, problem, count, seed, /*scoreBackward=*/false, nullptr);
  double sum = 0;
  for (const Trajectory &trajectory : trajectories)
    sum += trajectory.makespan / problem.criticalPath();
  return sum / count;
}

TEST(PolicyHeadTest, SharperLowerBoundHeadSchedulesBetter) {
  // A one-unit head whose logit is -scale (1 + feature 6): it prefers the
  // actions that raise the critical-path lower bound least. Scaling it up
  // makes it greedier, which must shorten the schedules; with scale 0 it is
  // the uniform policy.
  Rng rng(deriveSeed(101, "sharper"));
  GeneratorOptions options;
  options.numNodes = 30;
  options.layered.numLayers = 6;
  Device device = builtinDevice("accel4");
  double uniformSum = 0, plainSum = 0, sharpSum = 0;
  constexpr unsigned kGraphs = 6;
  for (unsigned g = 0; g < kGraphs; ++g) {
    GraphFamily family = g % 2 ? GraphFamily::Layered : GraphFamily::ErdosRenyi;
    auto testCase =
        makeCase("graph", generateGraph(family, options, rng), device);
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    auto head = [&](float scale) {
      PolicyWeights weights;
      weights.forward.hidden = 1;
      weights.forward.numFeatures = kNumForwardFeatures;
      weights.forward.node.assign(problem.numOps(), 1.0f);
      weights.forward.feature.assign(kNumForwardFeatures, 0.0f);
      weights.forward.feature[6] = 1.0f;
      weights.forward.out = {-scale};
      return weights;
    };
    double uniform = meanRelativeMakespan(head(0), problem, 200, 1);
    double plain = meanRelativeMakespan(head(1), problem, 200, 2);
    double sharp = meanRelativeMakespan(head(10), problem, 200, 3);
    uniformSum += uniform;
    plainSum += plain;
    sharpSum += sharp;
    EXPECT_LT(sharp, plain) << "graph " << g;
  }
  EXPECT_LT(plainSum, uniformSum);
  EXPECT_LT(sharpSum, plainSum * 0.9)
      << "uniform " << uniformSum / kGraphs << ", plain " << plainSum / kGraphs
      << ", sharp " << sharpSum / kGraphs;
}

//===----------------------------------------------------------------------===//
// Sampler
//===----------------------------------------------------------------------===//

TEST(PolicyHeadTest, SampleTrajectoriesUsesOneStreamPerSample) {
  auto cases = makeProblemCases(111, 14, 1);
  const Problem &problem = *cases[0]->problem;
  Rng rng(deriveSeed(112, "streams"));
  PolicyWeights weights = randomPolicy(problem.numOps(), 8, 4, 1.0, rng);
  std::vector<Trajectory> all =
      sampleTrajectories(weights, problem, 40, 7, true, nullptr);
  ASSERT_EQ(all.size(), 40u);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  for (unsigned k : {0u, 17u, 39u}) {
    Rng stream(deriveSeed(7, k));
    Trajectory single = sampleTrajectory(weights, env, stream, scratch);
    EXPECT_TRUE(std::equal(single.actions.begin(), single.actions.end(),
                           all[k].actions.begin(), all[k].actions.end()))
        << "sample " << k;
    EXPECT_EQ(single.logForward, all[k].logForward);
    EXPECT_EQ(single.logBackward, all[k].logBackward);
  }
  // Chunks on a pool give the same samples.
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  std::vector<Trajectory> pooled =
      sampleTrajectories(weights, problem, 40, 7, true, &pool);
  ASSERT_EQ(pooled.size(), all.size());
  for (unsigned k = 0; k < all.size(); ++k) {
    EXPECT_TRUE(std::equal(pooled[k].actions.begin(), pooled[k].actions.end(),
                           all[k].actions.begin(), all[k].actions.end()))
        << "sample " << k;
    EXPECT_EQ(pooled[k].logForward, all[k].logForward);
    EXPECT_EQ(pooled[k].logBackward, all[k].logBackward);
  }
}

} // namespace
