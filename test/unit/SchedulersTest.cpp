//===- SchedulersTest.cpp - Classic schedulers ----------------------------===//

#include "gfsched/Search/Schedulers.h"

#include "gfsched/Schedule/LatencyModel.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <limits>

using namespace gfsched;
using namespace gfsched::test;

namespace {

double proxyMakespan(const Problem &problem, const Schedule &schedule) {
  return LatencyModel(problem, ModelKind::Proxy).makespan(schedule);
}

void expectValid(const Problem &problem, const Schedule &schedule) {
  std::string error = errorOf(verify(problem, schedule));
  EXPECT_EQ(error, "");
}

//===----------------------------------------------------------------------===//
// List scheduling by hand
//===----------------------------------------------------------------------===//

TEST(ListScheduleTest, TwoChains) {
  // a (3) -> d (1), b (1) -> c (2); bottom levels a 4, b 3, c 2, d 1.
  // t = 0: a -> u0 [0, 3], b -> u1 [0, 1]. t = 1: c -> u1 [1, 3].
  // t = 3: d ready, both units idle: u0 [3, 4].
  DepGraph graph = makeGraph({3, 1, 2, 1}, {{0, 3, 0}, {1, 2, 0}});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule schedule = listSchedule(problem);
  expectValid(problem, schedule);
  EXPECT_EQ(schedule, makeSchedule(4, {{0, 3}, {1, 2}}));
  EXPECT_EQ(proxyMakespan(problem, schedule), 4);
}

TEST(ListScheduleTest, CriticalPathFirstBeatsProgramOrder) {
  // x (1), y (1), z (4) -> w (4); bottom levels x 1, y 1, z 8, w 4.
  // List: t = 0: z -> u0 [0, 4], x -> u1 [0, 1]; t = 1: y -> u1 [1, 2];
  // t = 2: nothing ready; t = 4: w, both idle -> u0 [4, 8]. Makespan 8.
  DepGraph graph = makeGraph({1, 1, 4, 4}, {{2, 3, 0}});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule list = listSchedule(problem);
  expectValid(problem, list);
  EXPECT_EQ(list, makeSchedule(4, {{2, 3}, {0, 1}}));
  EXPECT_EQ(proxyMakespan(problem, list), 8);

  // Program order, earliest start (ties: lower unit): x -> u0 [0, 1];
  // y -> u1 [0, 1]; z -> u0 [1, 5]; w -> u0 [5, 9]. Makespan 9.
  Schedule program = programOrderSchedule(problem);
  expectValid(problem, program);
  EXPECT_EQ(program, makeSchedule(4, {{0, 2, 3}, {1}}));
  EXPECT_EQ(proxyMakespan(problem, program), 9);
}

TEST(ListScheduleTest, HeterogeneousUnits) {
  // Unit 0 "fast" (2 GFLOP/s) runs contractions and maps; unit 1 "slow"
  // (1 GFLOP/s) runs everything but contractions. No launch overhead.
  // mm: 4000 FLOP (fast 2 us); e1, e2: 2000 FLOP (fast 1, slow 2);
  // e3: 1000 FLOP (fast 0.5, slow 1), after mm.
  // Bottom levels (fastest durations): mm 2.5, e1 1, e2 1, e3 0.5.
  // t = 0: mm -> fast [0, 2]; e1 -> slow (the only idle unit) [0, 2];
  //        e2 has no idle unit.
  // t = 2: e2 -> fast (finishes at 3, before slow's 4) [2, 3];
  //        e3 -> slow [2, 3]. Makespan 3.
  Device device;
  device.name = "fast-slow";
  device.unitTypes = {
      makeUnitType("fast", 1, 2, {OpClass::Contraction, OpClass::Elementwise}),
      makeUnitType("slow", 1, 1,
                   {OpClass::Elementwise, OpClass::Reduction, OpClass::Data,
                    OpClass::Meta, OpClass::Other})};
  device.finalizeUnits();
  DepGraphBuilder builder;
  builder.addNode({OpClass::Contraction, 4000, 0, std::nullopt}, "mm");
  builder.addNode({OpClass::Elementwise, 2000, 0, std::nullopt}, "e1");
  builder.addNode({OpClass::Elementwise, 2000, 0, std::nullopt}, "e2");
  builder.addNode({OpClass::Elementwise, 1000, 0, std::nullopt}, "e3");
  builder.addEdge(0, 3);
  DepGraph graph = llvm::cantFail(std::move(builder).build());
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  EXPECT_THAT(problem.allowedUnits(0).vec(), ::testing::ElementsAre(0u));

  Schedule schedule = listSchedule(problem);
  expectValid(problem, schedule);
  EXPECT_EQ(schedule, makeSchedule(4, {{0, 2}, {1, 3}}));
  EXPECT_DOUBLE_EQ(proxyMakespan(problem, schedule), 3);
}

TEST(ListScheduleTest, ZeroDurationOps) {
  // Two free ops feeding a 2 us op, one free op after it: nothing waits.
  DepGraph graph = makeGraph({0, 0, 2, 0}, {{0, 2, 0}, {1, 2, 0}, {2, 3, 0}});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Schedule schedule = listSchedule(problem);
  expectValid(problem, schedule);
  EXPECT_EQ(proxyMakespan(problem, schedule), 2);
}

//===----------------------------------------------------------------------===//
// Branch and bound
//===----------------------------------------------------------------------===//

TEST(OptimalScheduleTest, BeatsListSchedulingOnLPTCounterexample) {
  // Independent ops 3, 3, 2, 2, 2 on two units: list scheduling gives
  // {3, 2, 2}, {3, 2} = 7; the optimum is {3, 3}, {2, 2, 2} = 6.
  DepGraph graph = makeGraph({3, 3, 2, 2, 2}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  EXPECT_EQ(proxyMakespan(problem, listSchedule(problem)), 7);
  std::optional<Schedule> optimal = optimalSchedule(problem);
  ASSERT_TRUE(optimal.has_value());
  expectValid(problem, *optimal);
  EXPECT_EQ(proxyMakespan(problem, *optimal), 6);
  // Too small a budget gives up rather than returning a worse schedule.
  EXPECT_EQ(optimalSchedule(problem, 3), std::nullopt);
}

TEST(OptimalScheduleTest, EmptyGraph) {
  DepGraph graph = makeGraph({}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  std::optional<Schedule> optimal = optimalSchedule(problem);
  ASSERT_TRUE(optimal.has_value());
  EXPECT_EQ(optimal->numOps(), 0u);
  EXPECT_EQ(listSchedule(problem).numOps(), 0u);
}

/// The best proxy makespan over every trajectory of the MDP, without any
/// pruning: the reference for optimalSchedule().
class BruteForce {
public:
  explicit BruteForce(const Problem &problem)
      : problem(problem), finish(problem.numOps(), 0.0),
        unitFree(problem.numUnits(), 0.0), placed(problem.numOps(), false) {}

  double run() {
    search(0, 0.0);
    return best;
  }

private:
  void search(unsigned numPlaced, double makespan) {
    if (numPlaced == problem.numOps()) {
      best = std::min(best, makespan);
      return;
    }
    const DepGraph &graph = problem.getGraph();
    for (NodeId op = 0; op < problem.numOps(); ++op) {
      if (placed[op] || !llvm::all_of(graph.preds(op), [&](NodeId pred) {
            return placed[pred];
          }))
        continue;
      double inputs = 0;
      for (NodeId pred : graph.preds(op))
        inputs = std::max(inputs, finish[pred]);
      for (unsigned unit : problem.allowedUnits(op)) {
        double oldFree = unitFree[unit];
        finish[op] = std::max(oldFree, inputs) + problem.duration(op, unit);
        unitFree[unit] = finish[op];
        placed[op] = true;
        search(numPlaced + 1, std::max(makespan, finish[op]));
        placed[op] = false;
        unitFree[unit] = oldFree;
      }
    }
  }

  const Problem &problem;
  std::vector<double> finish, unitFree;
  std::vector<char> placed;
  double best = std::numeric_limits<double>::infinity();
};

TEST(OptimalScheduleTest, MatchesBruteForce) {
  // Integer durations in [0, 3] make ties and zero-length ops common, which
  // is where the search's canonical-order pruning could go wrong.
  Rng rng(deriveSeed(1, "brute-force"));
  Device device = makeHomogeneousDevice(2);
  for (unsigned trial = 0; trial < 150; ++trial) {
    unsigned numOps = 1 + uniformIndex(rng, 6);
    DepGraph graph = makeRandomGraph(rng, numOps, 0.35, 3);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    std::optional<Schedule> optimal = optimalSchedule(problem);
    ASSERT_TRUE(optimal.has_value());
    expectValid(problem, *optimal);
    EXPECT_EQ(proxyMakespan(problem, *optimal), BruteForce(problem).run())
        << "trial " << trial;
  }
}

TEST(OptimalScheduleTest, MatchesBruteForceOnHeterogeneousDevice) {
  // Two identical "big" units (symmetry pruning applies to them) and one
  // twice as fast "small" unit that runs only some classes.
  Device device;
  device.name = "mixed";
  device.unitTypes = {
      makeUnitType("big", 2, 1, {OpClass::Contraction, OpClass::Elementwise}),
      makeUnitType("small", 1, 2, {OpClass::Elementwise, OpClass::Reduction})};
  device.finalizeUnits();
  Rng rng(deriveSeed(2, "brute-force-hetero"));
  for (unsigned trial = 0; trial < 300; ++trial) {
    unsigned numOps = 1 + uniformIndex(rng, 6);
    DepGraphBuilder builder;
    for (unsigned i = 0; i < numOps; ++i) {
      // FLOP counts in kFLOP so that durations are whole microseconds.
      OpClass opClass = static_cast<OpClass>(uniformIndex(rng, 3));
      double flops = 1000.0 * uniformIndex(rng, 4);
      builder.addNode({opClass, flops, 0, std::nullopt});
    }
    for (unsigned from = 0; from < numOps; ++from)
      for (unsigned to = from + 1; to < numOps; ++to)
        if (uniformReal(rng) < 0.3)
          builder.addEdge(from, to);
    DepGraph graph = llvm::cantFail(std::move(builder).build());
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    std::optional<Schedule> optimal = optimalSchedule(problem);
    ASSERT_TRUE(optimal.has_value());
    expectValid(problem, *optimal);
    EXPECT_EQ(proxyMakespan(problem, *optimal), BruteForce(problem).run())
        << "trial " << trial;
  }
}

//===----------------------------------------------------------------------===//
// Properties over random graphs
//===----------------------------------------------------------------------===//

TEST(SchedulersTest, RandomGraphsOrderingOfSchedulers) {
  Rng graphRng(deriveSeed(3, "graphs"));
  Rng rng(deriveSeed(3, "schedules"));
  Device device = makeHomogeneousDevice(2);
  unsigned numStrictlyBetter = 0;
  for (unsigned trial = 0; trial < 200; ++trial) {
    unsigned numOps = 1 + uniformIndex(graphRng, 7);
    DepGraph graph = makeRandomGraph(graphRng, numOps, 0.3, 9);
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    std::optional<Schedule> optimal = optimalSchedule(problem);
    ASSERT_TRUE(optimal.has_value());
    expectValid(problem, *optimal);
    double best = proxyMakespan(problem, *optimal);
    // Nothing beats the critical path or the average load.
    EXPECT_GE(best, problem.criticalPath());
    EXPECT_GE(best, problem.totalWork() / 2 - 1e-9);

    Schedule list = listSchedule(problem);
    expectValid(problem, list);
    double listMakespan = proxyMakespan(problem, list);
    EXPECT_LE(best, listMakespan);
    numStrictlyBetter += best < listMakespan;

    Schedule program = programOrderSchedule(problem);
    expectValid(problem, program);
    EXPECT_LE(best, proxyMakespan(problem, program));
    for (unsigned draw = 0; draw < 10; ++draw) {
      Schedule random = randomSchedule(problem, rng);
      expectValid(problem, random);
      EXPECT_LE(best, proxyMakespan(problem, random));
      Schedule randomList = randomListSchedule(problem, rng);
      expectValid(problem, randomList);
      EXPECT_LE(best, proxyMakespan(problem, randomList));
    }
  }
  // List scheduling is not optimal: the search must find better somewhere.
  EXPECT_GT(numStrictlyBetter, 0u);
}

TEST(SchedulersTest, RandomSchedulesOnBuiltinHeteroDevice) {
  Device device = llvm::cantFail(loadDevice("accel-hetero"));
  Rng rng(deriveSeed(4, "hetero"));
  for (unsigned trial = 0; trial < 50; ++trial) {
    // Six classes; durations estimated from FLOPs and bytes.
    unsigned numOps = 1 + uniformIndex(rng, 20);
    DepGraphBuilder builder;
    for (unsigned i = 0; i < numOps; ++i) {
      OpClass opClass = static_cast<OpClass>(uniformIndex(rng, kNumOpClasses));
      bool arithmetic = opClass != OpClass::Data && opClass != OpClass::Meta;
      builder.addNode({opClass, arithmetic ? 1e6 * uniformReal(rng) : 0,
                       1e5 * uniformReal(rng), std::nullopt});
    }
    for (unsigned from = 0; from < numOps; ++from)
      for (unsigned to = from + 1; to < numOps; ++to)
        if (uniformReal(rng) < 0.2)
          builder.addEdge(from, to, 1e4);
    DepGraph graph = llvm::cantFail(std::move(builder).build());
    Problem problem = llvm::cantFail(Problem::create(graph, device));
    expectValid(problem, listSchedule(problem));
    expectValid(problem, programOrderSchedule(problem));
    expectValid(problem, randomSchedule(problem, rng));
    expectValid(problem, randomListSchedule(problem, rng));
  }
}

TEST(SchedulersTest, RandomSchedulesAreDeterministicAndVaried) {
  Rng graphRng(5);
  DepGraph graph = makeRandomGraph(graphRng, 12, 0.2, 5);
  Device device = makeHomogeneousDevice(3);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Rng a(42), b(42);
  std::vector<Schedule> draws;
  for (unsigned i = 0; i < 20; ++i) {
    Schedule fromA = randomSchedule(problem, a);
    EXPECT_EQ(fromA, randomSchedule(problem, b));
    draws.push_back(std::move(fromA));
  }
  unsigned distinct = 0;
  for (size_t i = 0; i < draws.size(); ++i)
    distinct += llvm::none_of(llvm::ArrayRef(draws).take_front(i),
                              [&](const Schedule &s) { return s == draws[i]; });
  EXPECT_GT(distinct, 15u);
}

TEST(SchedulersTest, RandomScheduleUsesEveryUnit) {
  // Independent ops: a uniform unit choice must reach every unit.
  DepGraph graph = makeGraph(std::vector<double>(40, 1.0), {});
  Device device = makeHomogeneousDevice(4);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  Rng rng(7);
  Schedule schedule = randomSchedule(problem, rng);
  for (unsigned unit = 0; unit < 4; ++unit)
    EXPECT_FALSE(schedule.unitOrder(unit).empty()) << "unit " << unit;
}

} // namespace
