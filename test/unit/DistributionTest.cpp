//===- DistributionTest.cpp - What a policy samples, exactly --------------===//

#include "gfsched/GFlowNet/Distribution.h"

#include "GFlowNetTestUtil.h"

#include "gtest/gtest.h"

#include <numeric>

using namespace gfsched;
using namespace gfsched::test;

namespace {

double sum(llvm::ArrayRef<double> values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}

TEST(TerminalDistributionTest, UniformPolicyOnTwoIndependentOps) {
  DepGraph graph = makeGraph({1, 2}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  TerminalDistribution result = llvm::cantFail(
      computeTerminalDistribution(problem, UnitChoice::Any, nullptr, 100));
  // Two ops x two units, then the other op x two units.
  EXPECT_EQ(result.numTrajectories, 8u);
  // Both ops on one unit (two units, two orders): one trajectory each, 1/8.
  // On different units (two ways): two placement orders each, 2/8.
  ASSERT_EQ(result.schedules.size(), 6u);
  EXPECT_DOUBLE_EQ(sum(result.probability), 1.0);
  for (auto [schedule, probability, makespan] :
       llvm::zip_equal(result.schedules, result.probability, result.makespan)) {
    bool together = schedule.unitOf(0) == schedule.unitOf(1);
    EXPECT_DOUBLE_EQ(probability, together ? 0.125 : 0.25);
    EXPECT_DOUBLE_EQ(makespan, together ? 3 : 2);
  }
}

TEST(TerminalDistributionTest, TooManyTrajectoriesIsAnError) {
  DepGraph graph = makeGraph({1, 2}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  EXPECT_EQ(errorOf(computeTerminalDistribution(problem, UnitChoice::Any,
                                                nullptr, 7)),
            "more than 7 trajectories: too large to enumerate");
}

TEST(TerminalDistributionTest, AHeadsExactDistributionIsWhatItSamples) {
  Rng rng(deriveSeed(5, "terminal-distribution"));
  DepGraph graph = makeRandomGraph(rng, 4, 0.3, 3);
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  PolicyWeights weights = randomPolicy(4, 8, 0, 1.0, rng);
  TerminalDistribution exact = llvm::cantFail(computeTerminalDistribution(
      problem, UnitChoice::Any, &weights.forward, 100000));
  EXPECT_NEAR(sum(exact.probability), 1.0, 1e-9);

  constexpr unsigned kDraws = 40000;
  std::vector<double> frequency(exact.schedules.size(), 0);
  ScheduleEnv env(problem);
  HeadScratch scratch;
  for (unsigned draw = 0; draw < kDraws; ++draw) {
    Trajectory trajectory =
        sampleTrajectory(weights, env, rng, scratch, /*scoreBackward=*/false);
    Schedule schedule = toSchedule(problem, trajectory);
    auto it = llvm::find(exact.schedules, schedule);
    ASSERT_NE(it, exact.schedules.end())
        << "a sampled schedule was not enumerated";
    frequency[it - exact.schedules.begin()] += 1.0 / kDraws;
  }
  double distance = 0;
  for (auto [p, f] : llvm::zip_equal(exact.probability, frequency))
    distance += std::abs(p - f) / 2;
  // Sampling error of 40,000 draws over a few dozen schedules is about 1%.
  EXPECT_LT(distance, 0.02);
  // Not the uniform policy, or the test would not tell them apart.
  TerminalDistribution uniform = llvm::cantFail(
      computeTerminalDistribution(problem, UnitChoice::Any, nullptr, 100000));
  double fromUniform = 0;
  for (auto [p, q] : llvm::zip_equal(exact.probability, uniform.probability))
    fromUniform += std::abs(p - q) / 2;
  EXPECT_GT(fromUniform, 0.1);
}

TEST(DistanceToRewardTest, HandComputed) {
  EXPECT_DOUBLE_EQ(distanceToReward({0.5, 0.5}, {3, 3}), 0);
  EXPECT_DOUBLE_EQ(distanceToReward({1, 0}, {0, 0}), 0.5);
  // exp(1000) overflows; the distance is taken in log space.
  EXPECT_NEAR(distanceToReward({1, 0}, {1000, 1000 - std::log(3.0)}), 0.25,
              1e-12);
}

} // namespace
