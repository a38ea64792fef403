//===- BRKGATest.cpp - Biased random-key genetic algorithm ----------------===//

#include "gfsched/Search/BRKGA.h"

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Search/Schedulers.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <limits>

using namespace gfsched;
using namespace gfsched::test;

namespace {

double proxyMakespan(const Problem &problem, const Schedule &schedule) {
  return LatencyModel(problem, ModelKind::Proxy).makespan(schedule);
}

TEST(BRKGATest, DecoderFollowsKeys) {
  // a (2), b (1), c (1) independent on 2 units. Priorities c > a > b.
  // c -> earliest unit u0 [0, 1]; a: unit key 0.9 -> rank floor(0.8 * 2) = 1
  // of (u1 @ 0, u0 @ 1): u0 [1, 3]; b: key 0.2 -> earliest: u1 [0, 1].
  DepGraph graph = makeGraph({2, 1, 1}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  std::vector<double> keys = {0.5, 0.1, 0.9, 0.9, 0.2, 0.0};
  double makespan = 0;
  Schedule schedule = decodeRandomKeys(problem, keys, &makespan);
  EXPECT_EQ(schedule, makeSchedule(3, {{2, 0}, {1}}));
  EXPECT_EQ(makespan, 3);
  EXPECT_EQ(proxyMakespan(problem, schedule), 3);
}

TEST(BRKGATest, ValidDistinctSortedAndDeterministic) {
  Rng graphRng(deriveSeed(11, "graphs"));
  for (unsigned trial = 0; trial < 20; ++trial) {
    unsigned numOps = 1 + uniformIndex(graphRng, 25);
    DepGraph graph = makeRandomGraph(graphRng, numOps, 0.2, 9);
    Device device = makeHomogeneousDevice(1 + trial % 4);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    BRKGAOptions options;
    options.populationSize = 30;
    options.maxEvaluations = 600;
    Rng a(trial), b(trial);
    std::vector<Schedule> schedules = brkgaSchedules(problem, a, options);
    ASSERT_FALSE(schedules.empty());
    EXPECT_LE(schedules.size(), 30u);
    EXPECT_EQ(schedules, brkgaSchedules(problem, b, options));
    double previous = 0;
    for (size_t i = 0; i < schedules.size(); ++i) {
      EXPECT_EQ(errorOf(verify(problem, schedules[i])), "");
      double makespan = proxyMakespan(problem, schedules[i]);
      EXPECT_GE(makespan, previous - 1e-9);
      previous = makespan;
      for (size_t j = 0; j < i; ++j)
        EXPECT_FALSE(schedules[i] == schedules[j]);
    }
  }
}

TEST(BRKGATest, ValidOnHeteroDevice) {
  Device device = llvm::cantFail(loadDevice("accel-hetero"));
  Rng rng(deriveSeed(4, "brkga-hetero"));
  for (unsigned trial = 0; trial < 20; ++trial) {
    unsigned numOps = 1 + uniformIndex(rng, 30);
    DepGraph graph = makeRandomGraph(rng, numOps, 0.15, 5, kNumOpClasses);
    llvm::Expected<Problem> problem = Problem::create(graph, device);
    ASSERT_TRUE(bool(problem)) << errorOf(problem.takeError());
    BRKGAOptions options;
    options.populationSize = 20;
    options.maxEvaluations = 200;
    for (const Schedule &schedule : brkgaSchedules(*problem, rng, options))
      EXPECT_EQ(errorOf(verify(*problem, schedule)), "");
  }
}

TEST(BRKGATest, EvolvesOnItsFitnessModel) {
  // Transfers of 5 us (ops of up to 9 us): the latency model disagrees with
  // the proxy. Evolved on the latency model, the population is sorted by it
  // and its best is better there, on the whole, than the best on it of a
  // population evolved on the proxy.
  Rng graphRng(deriveSeed(14, "graphs"));
  Device device = makeHomogeneousDevice(4);
  device.latency = {0.001, 5};
  double onTarget = 0, onProxy = 0;
  for (unsigned trial = 0; trial < 10; ++trial) {
    DepGraph graph = makeRandomGraph(graphRng, 20, 0.15, 9);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    LatencyModel latency(problem, ModelKind::Latency);
    BRKGAOptions proxyOptions;
    proxyOptions.populationSize = 30;
    proxyOptions.maxEvaluations = 1500;
    BRKGAOptions targetOptions = proxyOptions;
    targetOptions.fitness = &latency;
    Rng a(trial), b(trial);
    std::vector<Schedule> evolved = brkgaSchedules(problem, a, targetOptions);
    double previous = 0;
    for (const Schedule &schedule : evolved) {
      EXPECT_EQ(errorOf(verify(problem, schedule)), "");
      EXPECT_GE(latency.makespan(schedule), previous - 1e-9);
      previous = latency.makespan(schedule);
    }
    onTarget += latency.makespan(evolved.front());
    double bestOfProxyEvolved = std::numeric_limits<double>::infinity();
    for (const Schedule &schedule : brkgaSchedules(problem, b, proxyOptions))
      bestOfProxyEvolved =
          std::min(bestOfProxyEvolved, latency.makespan(schedule));
    onProxy += bestOfProxyEvolved;
  }
  EXPECT_LT(onTarget, onProxy);
}

TEST(BRKGATest, NeverWorseThanItsInitialPopulation) {
  Rng graphRng(deriveSeed(12, "graphs"));
  Device device = makeHomogeneousDevice(4);
  for (unsigned trial = 0; trial < 20; ++trial) {
    DepGraph graph = makeRandomGraph(graphRng, 30, 0.1, 9);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    for (bool seeded : {false, true}) {
      BRKGAOptions initialOnly;
      initialOnly.seedWithBottomLevels = seeded;
      initialOnly.maxEvaluations = 0; // The initial population only.
      BRKGAOptions evolved = initialOnly;
      evolved.maxEvaluations = 3000;
      Rng a(trial), b(trial);
      std::vector<Schedule> initial = brkgaSchedules(problem, a, initialOnly);
      std::vector<Schedule> final = brkgaSchedules(problem, b, evolved);
      double initialBest = proxyMakespan(problem, initial.front());
      for (const Schedule &schedule : initial)
        initialBest = std::min(initialBest, proxyMakespan(problem, schedule));
      EXPECT_LE(proxyMakespan(problem, final.front()), initialBest + 1e-9);
    }
  }
}

TEST(BRKGATest, BeatsRandomOnAverage) {
  Rng graphRng(deriveSeed(13, "graphs"));
  Device device = makeHomogeneousDevice(4);
  double brkgaSum = 0, randomSum = 0, randomListSum = 0;
  unsigned numOptimal = 0;
  for (unsigned trial = 0; trial < 20; ++trial) {
    DepGraph graph = makeRandomGraph(graphRng, 20, 0.15, 9);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    Rng rng(trial);
    BRKGAOptions options;
    options.seedWithBottomLevels = false; // No head start from the heuristic.
    options.populationSize = 100;         // Enough generations in 1000 decodes.
    options.maxEvaluations = 1000;
    double brkga =
        proxyMakespan(problem, brkgaSchedules(problem, rng, options).front());
    // Random and random list scheduling, with as many evaluations.
    double random = std::numeric_limits<double>::infinity();
    double randomList = random;
    for (unsigned i = 0; i < 1000; ++i) {
      random = std::min(random,
                        proxyMakespan(problem, randomSchedule(problem, rng)));
      randomList = std::min(
          randomList, proxyMakespan(problem, randomListSchedule(problem, rng)));
    }
    EXPECT_LE(brkga, random + 1e-9);
    brkgaSum += brkga;
    randomSum += random;
    randomListSum += randomList;
    std::optional<Schedule> optimal = optimalSchedule(problem, 1'000'000);
    numOptimal += optimal && proxyMakespan(problem, *optimal) >= brkga - 1e-9;
  }
  EXPECT_LT(brkgaSum, randomSum);
  EXPECT_LE(brkgaSum, randomListSum + 1e-9);
  EXPECT_GT(numOptimal, 0u);
}

TEST(BRKGATest, EmptyGraph) {
  DepGraph graph = makeGraph({}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Rng rng(1);
  std::vector<Schedule> schedules = brkgaSchedules(problem, rng);
  ASSERT_EQ(schedules.size(), 1u);
  EXPECT_EQ(errorOf(verify(problem, schedules.front())), "");
}

} // namespace
