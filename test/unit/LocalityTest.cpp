//===- LocalityTest.cpp - keepDataLocal, replays and tightenSample --------===//

#include "gfsched/Schedule/Locality.h"

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Search/Schedulers.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

using namespace gfsched;
using namespace gfsched::test;

namespace {

/// Two units whose transfers cost 5 us plus 1 us per kB.
Device makeDeviceWithTransfers() {
  Device device = makeHomogeneousDevice(2);
  device.latency = {0.001, 5};
  return device;
}

Timing proxyTiming(const Problem &problem, const Schedule &schedule) {
  return *LatencyModel(problem, ModelKind::Proxy).simulate(schedule);
}

void expectValid(const Problem &problem, const Schedule &schedule) {
  EXPECT_EQ(errorOf(verify(problem, schedule)), "");
}

TEST(KeepDataLocalTest, ChainsStayOnTheirUnit) {
  // Two chains a -> b and c -> d of unit ops, each hopping units.
  DepGraph graph = makeGraph({1, 1, 1, 1}, {{0, 1, 100}, {2, 3, 100}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule hopping = makeSchedule(4, {{0, 3}, {2, 1}});
  EXPECT_EQ(measureCrossUnitTraffic(graph, hopping).edges, 2u);
  EXPECT_EQ(measureCrossUnitTraffic(graph, hopping).bytes, 200);

  Schedule local = keepDataLocal(problem, hopping, device.latency);
  expectValid(problem, local);
  EXPECT_EQ(measureCrossUnitTraffic(graph, local).edges, 0u);
  EXPECT_EQ(local.unitOrder(local.unitOf(0)), llvm::ArrayRef<NodeId>({0, 1}));
  EXPECT_EQ(proxyTiming(problem, local).makespan, 2);
}

TEST(KeepDataLocalTest, TheInputWithoutSlackWins) {
  // x (1) and y (3) both feed z, which starts at 3. Sent across units, x's
  // 1000 bytes (6 us) would delay z by 4 us, as x finished 2 us early; y's
  // 10 bytes (5.01 us) would delay it by all of that. So z stays with y.
  DepGraph graph = makeGraph({1, 3, 1}, {{0, 2, 1000}, {1, 2, 10}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule local =
      keepDataLocal(problem, makeSchedule(3, {{0, 2}, {1}}), device.latency);
  expectValid(problem, local);
  EXPECT_EQ(local.unitOf(2), local.unitOf(1));
  EXPECT_NE(local.unitOf(2), local.unitOf(0));
}

TEST(KeepDataLocalTest, EachOpFollowsItsInput) {
  // a -> b and d -> c, all of 1 us; the sample swaps b and c, so both
  // edges cross. b and c both start at 1, each on its input's unit.
  DepGraph graph = makeGraph({1, 1, 1, 1}, {{0, 1, 100}, {3, 2, 100}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule local =
      keepDataLocal(problem, makeSchedule(4, {{0, 2}, {3, 1}}), device.latency);
  expectValid(problem, local);
  EXPECT_EQ(measureCrossUnitTraffic(graph, local).edges, 0u);
}

TEST(KeepDataLocalTest, TheCriticalConsumerKeepsTheUnit) {
  // a feeds b and the shorter c, which both start at 1; b leads to d (5),
  // c is a sink. The sample hops a -> b. Either consumer could follow a;
  // b, on the longer path, must, so that d can follow b in turn.
  DepGraph graph =
      makeGraph({1, 1, 0.5, 5}, {{0, 1, 100}, {0, 2, 100}, {1, 3, 100}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule local =
      keepDataLocal(problem, makeSchedule(4, {{0, 2}, {1, 3}}), device.latency);
  expectValid(problem, local);
  EXPECT_EQ(local.unitOf(1), local.unitOf(0));
  EXPECT_EQ(local.unitOf(3), local.unitOf(1));
  EXPECT_NE(local.unitOf(2), local.unitOf(0));
  EXPECT_EQ(proxyTiming(problem, local).makespan, 7);
}

/// On random graphs and random schedules: valid, no op starts later on the
/// proxy, and at most `maxCrossRatio` as many edges cross units in total.
void checkRandomSchedules(const Device &device, unsigned numClasses,
                          uint64_t seed, double maxCrossRatio) {
  Rng rng(seed);
  unsigned crossBefore = 0, crossAfter = 0;
  for (unsigned trial = 0; trial < 200; ++trial) {
    DepGraph graph =
        makeRandomGraph(rng, 1 + uniformIndex(rng, 30), 0.15, 4, numClasses);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    Schedule random = randomSchedule(problem, rng);
    Schedule local = keepDataLocal(problem, random, device.bandwidth);
    expectValid(problem, local);
    Timing before = proxyTiming(problem, random);
    Timing after = proxyTiming(problem, local);
    for (NodeId op = 0; op < graph.size(); ++op)
      EXPECT_LE(after.start[op], before.start[op]) << "trial " << trial;
    EXPECT_LE(after.makespan, before.makespan);
    crossBefore += measureCrossUnitTraffic(graph, random).edges;
    crossAfter += measureCrossUnitTraffic(graph, local).edges;
  }
  EXPECT_LT(crossAfter, maxCrossRatio * crossBefore);
}

TEST(KeepDataLocalTest, RandomSchedulesHomogeneous) {
  Device device = makeHomogeneousDevice(4);
  device.bandwidth = {0.01, 0.5};
  // 3344 edges cross units before, 2020 after.
  checkRandomSchedules(device, 1, deriveSeed(1, "locality"), 0.7);
}

TEST(KeepDataLocalTest, RandomSchedulesOnBuiltinHeteroDevice) {
  Device device = llvm::cantFail(loadDevice("accel-hetero"));
  // Fewer units may run each op, so fewer labellings keep its times.
  checkRandomSchedules(device, kNumOpClasses, deriveSeed(2, "locality"), 0.9);
}

TEST(ListScheduleByPriorityTest, BottomLevelsGiveTheListSchedule) {
  Rng rng(deriveSeed(3, "priority"));
  Device device = makeHomogeneousDevice(3);
  for (unsigned trial = 0; trial < 50; ++trial) {
    DepGraph graph = makeRandomGraph(rng, 1 + uniformIndex(rng, 25), 0.2, 5);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    std::vector<double> levels;
    for (NodeId op = 0; op < graph.size(); ++op)
      levels.push_back(problem.bottomLevel(op));
    EXPECT_EQ(listScheduleByPriority(problem, levels), listSchedule(problem));
  }
}

TEST(ListScheduleByPriorityTest, HigherPriorityFirst) {
  // Three independent ops on one unit run in priority order.
  DepGraph graph = makeGraph({1, 1, 1}, {});
  Device device = makeHomogeneousDevice(1);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  EXPECT_EQ(listScheduleByPriority(problem, {0.5, 2, 1}),
            makeSchedule(3, {{1, 2, 0}}));
}

TEST(EarliestFinishByPriorityTest, AnInputFromAnotherUnitArrivesLater) {
  // a (1) -> b (1), 100 bytes; c and d (1) independent; priorities a, c, d,
  // b. a, c and d fill u0 [0, 1], u1 [0, 1] and u0 [1, 2] (ties go to the
  // lower unit). b ends at 2 on u1, or at 3 behind d on u0, where a left its
  // input: free transfers move it, a 5.1 us transfer keeps it.
  DepGraph graph = makeGraph({1, 1, 1, 1}, {{0, 1, 100}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  std::vector<double> priority = {4, 1, 3, 2};
  EXPECT_EQ(earliestFinishByPriority(problem, priority, TransferCost()),
            makeSchedule(4, {{0, 3}, {2, 1}}));
  EXPECT_EQ(earliestFinishByPriority(problem, priority, device.latency),
            makeSchedule(4, {{0, 3, 1}, {2}}));
}

/// A fast unit (4 GFLOP/s) and a slow one (1 GFLOP/s), no launch overhead,
/// and two independent ops of 4000 FLOPs: 1 us on the fast unit, 4 on the
/// slow one.
Problem makeFastAndSlowProblem(DepGraph &graph, Device &device) {
  device.name = "fast-and-slow";
  device.unitTypes = {makeUnitType("fast", 1, 4, allOpClasses()),
                      makeUnitType("slow", 1, 1, allOpClasses())};
  device.finalizeUnits();
  DepGraphBuilder builder;
  builder.addNode({OpClass::Elementwise, 4000, 0, std::nullopt}, "x");
  builder.addNode({OpClass::Elementwise, 4000, 0, std::nullopt}, "y");
  graph = llvm::cantFail(std::move(builder).build());
  return llvm::cantFail(Problem::create(graph, device));
}

TEST(EarliestFinishByPriorityTest, WaitsForAFasterUnit) {
  DepGraph graph;
  Device device;
  Problem problem = makeFastAndSlowProblem(graph, device);
  ASSERT_EQ(problem.duration(0, 0), 1);
  ASSERT_EQ(problem.duration(0, 1), 4);
  // y ends at 2 after x on the fast unit, at 4 on the idle slow one. The
  // event-driven list scheduler never leaves a unit idle, so it takes 4.
  EXPECT_EQ(earliestFinishByPriority(problem, {2, 1}, TransferCost()),
            makeSchedule(2, {{0, 1}, {}}));
  EXPECT_EQ(
      proxyTiming(problem, listScheduleByPriority(problem, {2, 1})).makespan,
      4);
}

TEST(EarliestFinishByPriorityTest, CountsAResultThatMustLeaveTheUnit) {
  // x -> copy -> y: x and y elementwise (vector unit only), the copy of
  // 1.2 MB on the vector unit (12 us) or on a DMA engine four times faster
  // (3 us). Transfers cost 5 us. On the DMA engine the copy finishes first
  // (5 + 3 < 12 after x), but y may not run there, so its result must come
  // back: 5 + 3 + 5 > 12. The copy stays on the vector unit, which is
  // shorter on the latency target; with free transfers it goes to the DMA
  // engine.
  Device device;
  device.name = "vector-and-dma";
  device.unitTypes = {
      makeUnitType("vector", 1, 1, {OpClass::Elementwise, OpClass::Data}),
      makeUnitType("dma", 1, 1, {OpClass::Data})};
  device.unitTypes[1].gbytesPerSecond = 400;
  device.latency = {0, 5};
  device.finalizeUnits();
  DepGraphBuilder builder;
  builder.addNode({OpClass::Elementwise, 0, 100'000, std::nullopt}, "x");
  builder.addNode({OpClass::Data, 0, 1'200'000, std::nullopt}, "copy");
  builder.addNode({OpClass::Elementwise, 0, 100'000, std::nullopt}, "y");
  builder.addEdge(0, 1, 600'000);
  builder.addEdge(1, 2, 600'000);
  DepGraph graph = llvm::cantFail(std::move(builder).build());
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  ASSERT_DOUBLE_EQ(problem.duration(1, 0), 12);
  ASSERT_DOUBLE_EQ(problem.duration(1, 1), 3);
  EXPECT_TRUE(problem.resultMustLeave(1, 1));
  EXPECT_FALSE(problem.resultMustLeave(1, 0));
  EXPECT_EQ(problem.largestOutputBytes(1), 600'000);
  EXPECT_EQ(problem.largestOutputBytes(2), 0);

  std::vector<double> priority = {3, 2, 1};
  Schedule local = earliestFinishByPriority(problem, priority, device.latency);
  EXPECT_EQ(local, makeSchedule(3, {{0, 1, 2}, {}}));
  Schedule viaDma = earliestFinishByPriority(problem, priority, TransferCost());
  EXPECT_EQ(viaDma, makeSchedule(3, {{0, 2}, {1}}));
  LatencyModel latency(problem, ModelKind::Latency);
  EXPECT_LT(latency.makespan(local), latency.makespan(viaDma));
}

TEST(TightenSampleTest, TakesTheEarliestFinishReplay) {
  // The sample runs y on the slow unit (makespan 4); neither it nor the
  // event-driven replay waits for the fast unit; the earliest-finish replay
  // does (2).
  DepGraph graph;
  Device device;
  Problem problem = makeFastAndSlowProblem(graph, device);
  Schedule sample = makeSchedule(2, {{0}, {1}});
  ASSERT_EQ(proxyTiming(problem, sample).makespan, 4);
  Schedule tight = tightenSample(problem, sample, device.latency);
  expectValid(problem, tight);
  EXPECT_EQ(proxyTiming(problem, tight).makespan, 2);
}

/// Calls check(problem, device, rng) on `count` random problems of up to 30
/// ops of every class on each builtin device, `rng` seeded with `seed`.
template <typename Check>
void forRandomProblems(uint64_t seed, unsigned count, Check check) {
  Rng rng(seed);
  for (const char *deviceName : {"accel4", "accel-hetero"}) {
    Device device = llvm::cantFail(loadDevice(deviceName));
    for (unsigned trial = 0; trial < count; ++trial) {
      DepGraph graph = makeRandomGraph(rng, 1 + uniformIndex(rng, 30), 0.15, 4,
                                       kNumOpClasses);
      Problem problem = llvm::cantFail(Problem::create(graph, device));
      check(problem, device, rng);
    }
  }
}

TEST(EarliestFinishByPriorityTest, ValidOnRandomGraphs) {
  forRandomProblems(deriveSeed(5, "earliest-finish"), 50,
                    [](const Problem &problem, const Device &device, Rng &rng) {
                      std::vector<double> priority;
                      for (NodeId op = 0; op < problem.numOps(); ++op)
                        priority.push_back(uniformReal(rng));
                      expectValid(problem,
                                  earliestFinishByPriority(problem, priority,
                                                           device.latency));
                    });
}

TEST(TightenSampleTest, FillsAnIdleUnit) {
  // a (2) -> b (1), and c (1) independent. The sample runs c after b on
  // u0 and leaves u1 idle: makespan 4. The replay runs c at once: 3.
  DepGraph graph = makeGraph({2, 1, 1}, {{0, 1, 100}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule sample = makeSchedule(3, {{0, 1, 2}, {}});
  Schedule tight = tightenSample(problem, sample, device.latency);
  expectValid(problem, tight);
  EXPECT_EQ(proxyTiming(problem, tight).makespan, 3);
  EXPECT_EQ(tight.unitOf(0), tight.unitOf(1));
}

TEST(TightenSampleTest, KeepsTheTransferAwareReplayTheProxyRejects) {
  // a (1) -> b (1), 100 bytes; c and d (1.5) independent. The sample runs
  // a, d on u0 and c, b on u1: b starts at 1.5 with a's output, free on the
  // proxy (makespan 2.5). In the sample's order a, c, d, b, the
  // earliest-finish replay keeps b on a's unit, behind d, rather than pay a
  // 5.1 us transfer: 3.5 on the proxy, so tightening keeps the sample, but
  // the replay is the faster one where transfers cost what the device says.
  DepGraph graph = makeGraph({1, 1, 1.5, 1.5}, {{0, 1, 100}});
  Device device = makeDeviceWithTransfers();
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule sample = makeSchedule(4, {{0, 3}, {2, 1}});
  ASSERT_EQ(proxyTiming(problem, sample).makespan, 2.5);

  TightenedSample both =
      tightenSampleWithReplay(problem, sample, device.latency);
  EXPECT_EQ(both.tightened, tightenSample(problem, sample, device.latency));
  EXPECT_EQ(proxyTiming(problem, both.tightened).makespan, 2.5);
  EXPECT_EQ(both.transferAwareReplay, makeSchedule(4, {{0, 3, 1}, {2}}));
  EXPECT_EQ(proxyTiming(problem, both.transferAwareReplay).makespan, 3.5);
  EXPECT_EQ(measureCrossUnitTraffic(graph, both.tightened).edges, 1u);
  EXPECT_EQ(measureCrossUnitTraffic(graph, both.transferAwareReplay).edges, 0u);
  LatencyModel latencyBound(problem, ModelKind::Latency);
  EXPECT_LT(latencyBound.makespan(both.transferAwareReplay),
            latencyBound.makespan(both.tightened));
}

TEST(TightenSampleTest, WithReplayTightensAsTightenSample) {
  forRandomProblems(
      deriveSeed(6, "tighten-with-replay"), 50,
      [](const Problem &problem, const Device &device, Rng &rng) {
        Schedule sample = randomSchedule(problem, rng);
        TightenedSample both =
            tightenSampleWithReplay(problem, sample, device.bandwidth);
        EXPECT_EQ(both.tightened,
                  tightenSample(problem, sample, device.bandwidth));
        expectValid(problem, both.transferAwareReplay);
      });
}

TEST(TightenSampleTest, NeverLongerOnTheProxy) {
  forRandomProblems(deriveSeed(4, "tighten"), 100,
                    [](const Problem &problem, const Device &device, Rng &rng) {
                      Schedule sample = randomSchedule(problem, rng);
                      Schedule tight =
                          tightenSample(problem, sample, device.latency);
                      expectValid(problem, tight);
                      EXPECT_LE(proxyTiming(problem, tight).makespan,
                                proxyTiming(problem, sample).makespan);
                    });
}

} // namespace
