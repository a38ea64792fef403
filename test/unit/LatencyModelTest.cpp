//===- LatencyModelTest.cpp - Problem and latency models ------------------===//

#include "gfsched/Schedule/LatencyModel.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace gfsched;
using namespace gfsched::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

TEST(ModelKindTest, NamesRoundTrip) {
  const char *names[] = {"proxy", "noisy", "bandwidth", "latency", "full"};
  for (unsigned i = 0; i < 5; ++i) {
    ModelKind kind = static_cast<ModelKind>(i);
    EXPECT_EQ(getModelKindName(kind), names[i]);
    EXPECT_EQ(parseModelKind(names[i]), kind);
  }
  EXPECT_EQ(parseModelKind("exact"), std::nullopt);
}

/// The running example, on two identical units:
///
///   a (2 us) --100 B--> b (3 us) --0 B--> d (2 us)
///   a        --200 B--> c (1 us) --50 B--> d
///
/// scheduled as unit 0: a, b, d and unit 1: c. Bandwidth target: a = 0.01
/// us/B, b = 1 us; latency target: a = 0.001 us/B, b = 3 us.
class ExampleTest : public ::testing::Test {
protected:
  ExampleTest()
      : graph(makeGraph({2, 3, 1, 2},
                        {{0, 1, 100}, {0, 2, 200}, {1, 3, 0}, {2, 3, 50}})),
        device(makeExampleDevice(0.5)), quietDevice(makeExampleDevice(0)),
        problem(llvm::cantFail(Problem::create(graph, device))),
        quietProblem(llvm::cantFail(Problem::create(graph, quietDevice))),
        schedule(makeSchedule(4, {{0, 1, 3}, {2}})) {}

  static Device makeExampleDevice(double noise) {
    Device device = makeHomogeneousDevice(2);
    device.noiseStddev = noise;
    device.bandwidth = {0.01, 1};
    device.latency = {0.001, 3};
    return device;
  }

  Timing simulate(const Problem &p, ModelKind kind, uint64_t seed = 0) {
    std::optional<Timing> timing =
        LatencyModel(p, kind, seed).simulate(schedule);
    EXPECT_TRUE(timing.has_value());
    return timing.value_or(Timing());
  }

  DepGraph graph;
  Device device, quietDevice;
  Problem problem, quietProblem;
  Schedule schedule;
};

TEST_F(ExampleTest, ProblemLevels) {
  EXPECT_EQ(problem.numOps(), 4u);
  EXPECT_EQ(problem.numUnits(), 2u);
  EXPECT_THAT(problem.allowedUnits(2).vec(), ElementsAre(0u, 1u));
  EXPECT_EQ(problem.duration(1, 1), 3);
  EXPECT_EQ(problem.minDuration(3), 2);
  // Bottom levels: d = 2, c = 1 + 2, b = 3 + 2, a = 2 + max(5, 3).
  EXPECT_EQ(problem.bottomLevel(3), 2);
  EXPECT_EQ(problem.bottomLevel(2), 3);
  EXPECT_EQ(problem.bottomLevel(1), 5);
  EXPECT_EQ(problem.bottomLevel(0), 7);
  // Top levels: a = 0, b = c = 2, d = max(2 + 3, 2 + 1).
  EXPECT_EQ(problem.topLevel(0), 0);
  EXPECT_EQ(problem.topLevel(1), 2);
  EXPECT_EQ(problem.topLevel(2), 2);
  EXPECT_EQ(problem.topLevel(3), 5);
  EXPECT_EQ(problem.criticalPath(), 7);
  EXPECT_EQ(problem.totalWork(), 8);
  EXPECT_DOUBLE_EQ(problem.speedup(4), 2.0);
  EXPECT_EQ(problem.speedup(0), 0);
}

TEST_F(ExampleTest, Proxy) {
  // a [0, 2]; b [2, 5]; c [2, 3]; d [max(5, 3), 7]. No transfer costs.
  Timing timing = simulate(problem, ModelKind::Proxy);
  EXPECT_THAT(timing.start, ElementsAre(0, 2, 2, 5));
  EXPECT_THAT(timing.finish, ElementsAre(2, 5, 3, 7));
  EXPECT_EQ(timing.makespan, 7);
  EXPECT_EQ(LatencyModel(problem, ModelKind::Proxy).makespan(schedule), 7);
}

TEST_F(ExampleTest, Bandwidth) {
  // a -> c crosses units: c starts at 2 + 0.01 * 200 + 1 = 5, ends at 6.
  // c -> d crosses units: 6 + 0.01 * 50 + 1 = 7.5; b -> d stays on unit 0.
  Timing timing = simulate(problem, ModelKind::Bandwidth);
  EXPECT_THAT(timing.start, ElementsAre(0, 2, 5, 7.5));
  EXPECT_THAT(timing.finish, ElementsAre(2, 5, 6, 9.5));
  EXPECT_DOUBLE_EQ(timing.makespan, 9.5);
}

TEST_F(ExampleTest, Latency) {
  // c starts at 2 + 0.001 * 200 + 3 = 5.2, ends at 6.2; d starts at
  // max(5, 6.2 + 0.05 + 3) = 9.25.
  Timing timing = simulate(problem, ModelKind::Latency);
  EXPECT_DOUBLE_EQ(timing.start[2], 5.2);
  EXPECT_DOUBLE_EQ(timing.start[3], 9.25);
  EXPECT_DOUBLE_EQ(timing.makespan, 11.25);
}

TEST_F(ExampleTest, FullWithoutNoise) {
  // Bandwidth's a (0.01) with latency's b (3): c starts at 2 + 2 + 3 = 7,
  // ends at 8; d starts at max(5, 8 + 0.5 + 3) = 11.5.
  Timing timing = simulate(quietProblem, ModelKind::Full);
  EXPECT_DOUBLE_EQ(timing.start[2], 7);
  EXPECT_DOUBLE_EQ(timing.start[3], 11.5);
  EXPECT_DOUBLE_EQ(timing.makespan, 13.5);
}

TEST_F(ExampleTest, TransferOnlyAcrossUnits) {
  LatencyModel bandwidth(problem, ModelKind::Bandwidth);
  EXPECT_EQ(bandwidth.transfer(1, 1, 1000), 0);
  EXPECT_DOUBLE_EQ(bandwidth.transfer(0, 1, 1000), 11);
  EXPECT_EQ(LatencyModel(problem, ModelKind::Proxy).transfer(0, 1, 1000), 0);
  EXPECT_EQ(LatencyModel(problem, ModelKind::Noisy).transfer(0, 1, 1000), 0);
}

TEST_F(ExampleTest, NoisyWithoutNoiseIsProxy) {
  Timing proxy = simulate(quietProblem, ModelKind::Proxy);
  Timing noisy = simulate(quietProblem, ModelKind::Noisy, 1234);
  EXPECT_EQ(noisy.start, proxy.start);
  EXPECT_EQ(noisy.finish, proxy.finish);
  EXPECT_EQ(noisy.makespan, proxy.makespan);
}

TEST_F(ExampleTest, NoisyDurationsAreSeeded) {
  LatencyModel first(problem, ModelKind::Noisy, 7);
  LatencyModel again(problem, ModelKind::Noisy, 7);
  LatencyModel other(problem, ModelKind::Noisy, 8);
  bool anyDifferent = false;
  for (NodeId op = 0; op < 4; ++op) {
    double factor = first.duration(op, 0) / problem.duration(op, 0);
    EXPECT_NE(factor, 1.0);
    // One factor per op, whatever the unit; the same for the same seed.
    EXPECT_DOUBLE_EQ(first.duration(op, 1) / problem.duration(op, 1), factor);
    EXPECT_EQ(again.duration(op, 0), first.duration(op, 0));
    anyDifferent |= other.duration(op, 0) != first.duration(op, 0);
  }
  EXPECT_TRUE(anyDifferent);

  // The timing follows the noisy durations: a [0, da]; b [da, da + db];
  // c [da, da + dc]; d after b and c.
  double da = first.duration(0, 0), db = first.duration(1, 0),
         dc = first.duration(2, 1), dd = first.duration(3, 0);
  Timing timing = simulate(problem, ModelKind::Noisy, 7);
  EXPECT_DOUBLE_EQ(timing.start[3], std::max(da + db, da + dc));
  EXPECT_DOUBLE_EQ(timing.makespan, std::max(da + db, da + dc) + dd);
  // Noise is not a transfer: full = noisy + transfers, same factors.
  LatencyModel full(problem, ModelKind::Full, 7);
  for (NodeId op = 0; op < 4; ++op)
    EXPECT_EQ(full.duration(op, 0), first.duration(op, 0));
}

TEST_F(ExampleTest, DeadlockingSchedule) {
  // Unit 0 runs d before a, but d needs b, which needs a.
  Schedule deadlock = makeSchedule(4, {{3, 0}, {1, 2}});
  LatencyModel proxy(problem, ModelKind::Proxy);
  EXPECT_EQ(proxy.simulate(deadlock), std::nullopt);
  EXPECT_EQ(proxy.makespan(deadlock), std::numeric_limits<double>::infinity());
}

TEST(LatencyModelTest, NoiseFactorsAreIndependentOfTheGraph) {
  // An op's factor depends on its id and the seed only, so adding ops or
  // edges does not change it.
  Device device = makeHomogeneousDevice(2);
  device.noiseStddev = 0.3;
  DepGraph small = makeGraph({1, 1}, {});
  DepGraph large = makeGraph({1, 1, 5, 5}, {{0, 2, 0}, {1, 3, 0}});
  Problem smallProblem = llvm::cantFail(Problem::create(small, device));
  Problem largeProblem = llvm::cantFail(Problem::create(large, device));
  LatencyModel a(smallProblem, ModelKind::Noisy, 99);
  LatencyModel b(largeProblem, ModelKind::Noisy, 99);
  EXPECT_EQ(a.duration(0, 0), b.duration(0, 0));
  EXPECT_EQ(a.duration(1, 1), b.duration(1, 1));
}

TEST(LatencyModelTest, NoiseIsLognormalWithMeanOne) {
  // log factor ~ N(-s^2 / 2, s^2), so the factors average 1.
  const unsigned numOps = 4000;
  const double stddev = 0.4;
  Device device = makeHomogeneousDevice(1);
  device.noiseStddev = stddev;
  DepGraph graph = makeGraph(std::vector<double>(numOps, 1.0), {});
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  LatencyModel noisy(problem, ModelKind::Noisy, 5);
  double sum = 0, sumLog = 0, sumLogSquares = 0;
  for (NodeId op = 0; op < numOps; ++op) {
    double factor = noisy.duration(op, 0);
    ASSERT_GT(factor, 0);
    sum += factor;
    sumLog += std::log(factor);
    sumLogSquares += std::log(factor) * std::log(factor);
  }
  double meanLog = sumLog / numOps;
  double varianceLog = sumLogSquares / numOps - meanLog * meanLog;
  EXPECT_NEAR(sum / numOps, 1.0, 0.03);
  EXPECT_NEAR(meanLog, -stddev * stddev / 2, 0.03);
  EXPECT_NEAR(std::sqrt(varianceLog), stddev, 0.02);
}

TEST(LatencyModelTest, EmptyGraph) {
  Device device = makeHomogeneousDevice(2);
  DepGraph graph = makeGraph({}, {});
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  std::optional<Timing> timing =
      LatencyModel(problem, ModelKind::Full).simulate(Schedule(0, 2));
  ASSERT_TRUE(timing.has_value());
  EXPECT_EQ(timing->makespan, 0);
  EXPECT_TRUE(timing->start.empty());
}

TEST(LatencyModelTest, EstimatedDurationsPerUnitType) {
  // A fast and a slow type, 1 us launch: 4000 FLOP take 4000 / (2 * 1e3) +
  // 1 = 3 us on the fast unit and 4000 / 1e3 + 1 = 5 us on the slow one.
  Device device;
  device.name = "two-speed";
  device.launchOverheadMicroseconds = 1;
  device.unitTypes = {makeUnitType("fast", 1, 2, allOpClasses()),
                      makeUnitType("slow", 1, 1, allOpClasses())};
  device.finalizeUnits();
  DepGraphBuilder builder;
  builder.addNode({OpClass::Contraction, 4000, 0, std::nullopt}, "mm");
  builder.addNode({OpClass::Meta, 0, 64, std::nullopt}, "reshape");
  builder.addEdge(0, 1);
  DepGraph graph = llvm::cantFail(std::move(builder).build());
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  EXPECT_DOUBLE_EQ(problem.duration(0, 0), 3);
  EXPECT_DOUBLE_EQ(problem.duration(0, 1), 5);
  EXPECT_DOUBLE_EQ(problem.minDuration(0), 3);
  EXPECT_EQ(problem.duration(1, 1), 0);
  EXPECT_DOUBLE_EQ(problem.bottomLevel(0), 3);
  // mm on the slow unit, the reshape on the fast one: [0, 5], then [5, 5].
  Timing timing = LatencyModel(problem, ModelKind::Proxy)
                      .simulate(makeSchedule(2, {{1}, {0}}))
                      .value();
  EXPECT_THAT(timing.finish, ElementsAre(5, 5));
}

TEST(ProblemTest, RejectsOpThatNoUnitRuns) {
  Device device;
  device.name = "dma-only";
  device.unitTypes = {makeUnitType("dma", 2, 0, allOpClasses())};
  device.finalizeUnits();
  DepGraphBuilder builder;
  builder.addNode({OpClass::Data, 0, 10, std::nullopt}, "copy");
  builder.addNode({OpClass::Contraction, 100, 10, std::nullopt}, "mm");
  DepGraph graph = llvm::cantFail(std::move(builder).build());
  EXPECT_THAT(errorOf(Problem::create(graph, device)),
              HasSubstr("op 1 ('mm') of class 'contraction' cannot run on any "
                        "unit of device 'dma-only'"));

  device.unitTypes[0].runs[static_cast<unsigned>(OpClass::Contraction)] = false;
  device.unitTypes[0].gflops = 1;
  EXPECT_THAT(errorOf(Problem::create(graph, device)),
              HasSubstr("no unit type runs its class"));
}

} // namespace
