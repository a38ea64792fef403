//===- ScheduleTest.cpp - Schedules and verify() --------------------------===//

#include "gfsched/Schedule/Schedule.h"

#include "gfsched/Schedule/Problem.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace gfsched;
using namespace gfsched::test;
using ::testing::ElementsAre;

namespace {

TEST(ScheduleTest, AppendAndRemoveLast) {
  Schedule schedule(3, 2);
  EXPECT_EQ(schedule.numOps(), 3u);
  EXPECT_EQ(schedule.numUnits(), 2u);
  EXPECT_EQ(schedule.numPlaced(), 0u);
  EXPECT_FALSE(schedule.isPlaced(1));
  EXPECT_EQ(schedule.unitOf(1), Schedule::kUnplaced);

  schedule.append(1, 0);
  schedule.append(0, 1);
  schedule.append(2, 0);
  EXPECT_TRUE(schedule.isComplete());
  EXPECT_EQ(schedule.unitOf(2), 0u);
  EXPECT_THAT(schedule.unitOrder(0).vec(), ElementsAre(1u, 2u));
  EXPECT_THAT(schedule.unitOrder(1).vec(), ElementsAre(0u));

  schedule.removeLast(0);
  EXPECT_EQ(schedule.numPlaced(), 2u);
  EXPECT_FALSE(schedule.isComplete());
  EXPECT_FALSE(schedule.isPlaced(2));
  EXPECT_THAT(schedule.unitOrder(0).vec(), ElementsAre(1u));
}

TEST(ScheduleTest, EqualityComparesChains) {
  Schedule a = makeSchedule(3, {{0, 1}, {2}});
  EXPECT_EQ(a, makeSchedule(3, {{0, 1}, {2}}));
  EXPECT_FALSE(a == makeSchedule(3, {{1, 0}, {2}}));
  EXPECT_FALSE(a == makeSchedule(3, {{2}, {0, 1}}));
}

TEST(ScheduleTest, ExecutionOrderFollowsEdgesAndChains) {
  // a -> c, b -> d; unit 0 runs d then a, unit 1 runs b then c.
  DepGraph graph = makeGraph({1, 1, 1, 1}, {{0, 2, 0}, {1, 3, 0}});
  Schedule schedule = makeSchedule(4, {{3, 0}, {1, 2}});
  std::vector<NodeId> order = executionOrder(graph, schedule);
  ASSERT_EQ(order.size(), 4u);
  std::vector<unsigned> position(4);
  for (unsigned i = 0; i < 4; ++i)
    position[order[i]] = i;
  EXPECT_LT(position[1], position[3]); // b -> d
  EXPECT_LT(position[3], position[0]); // d before a on unit 0
  EXPECT_LT(position[0], position[2]); // a -> c
  EXPECT_LT(position[1], position[2]); // b before c on unit 1
}

/// a -> b -> d, a -> c -> d on a device with a "main" unit that runs
/// everything but data ops and a "dma" unit that runs only data and meta ops;
/// c is a data op.
class VerifyTest : public ::testing::Test {
protected:
  VerifyTest()
      : graph(makeTestGraph()), device(makeTestDevice()),
        problem(llvm::cantFail(Problem::create(graph, device))) {}

  static DepGraph makeTestGraph() {
    DepGraphBuilder builder;
    builder.addNode({OpClass::Contraction, 0, 0, 1.0}, "a");
    builder.addNode({OpClass::Elementwise, 0, 0, 1.0}, "b");
    builder.addNode({OpClass::Data, 0, 0, 1.0}, "c");
    builder.addNode({OpClass::Other, 0, 0, 1.0}, "d");
    builder.addEdge(0, 1);
    builder.addEdge(0, 2);
    builder.addEdge(1, 3);
    builder.addEdge(2, 3);
    return llvm::cantFail(std::move(builder).build());
  }

  static Device makeTestDevice() {
    Device device;
    device.name = "split";
    device.unitTypes = {
        makeUnitType("main", 1, 1,
                     {OpClass::Contraction, OpClass::Elementwise,
                      OpClass::Reduction, OpClass::Other}),
        makeUnitType("dma", 1, 0, {OpClass::Data, OpClass::Meta})};
    device.finalizeUnits();
    return device;
  }

  std::string verifyError(const Schedule &schedule) {
    return errorOf(verify(problem, schedule));
  }

  DepGraph graph;
  Device device;
  Problem problem;
};

TEST_F(VerifyTest, AcceptsValidSchedule) {
  EXPECT_EQ(verifyError(makeSchedule(4, {{0, 1, 3}, {2}})), "");
}

TEST_F(VerifyTest, RejectsUnplacedOp) {
  EXPECT_EQ(verifyError(makeSchedule(4, {{0, 1}, {2}})),
            "op 3 ('d') is not placed");
}

TEST_F(VerifyTest, RejectsDisallowedUnit) {
  EXPECT_EQ(verifyError(makeSchedule(4, {{0, 2, 1, 3}, {}})),
            "op 2 ('c') is on unit 0 ('main0'), which cannot run class "
            "'data'");
  EXPECT_EQ(verifyError(makeSchedule(4, {{1, 3}, {0, 2}})),
            "op 0 ('a') is on unit 1 ('dma0'), which cannot run class "
            "'contraction'");
}

TEST_F(VerifyTest, RejectsUnitWithoutTheRate) {
  // The DMA unit runs data ops but does no arithmetic, so a gather with
  // FLOPs must go to the main unit (which runs data ops in this variant).
  Device withData = device;
  withData.unitTypes[0].runs[static_cast<unsigned>(OpClass::Data)] = true;
  DepGraphBuilder builder;
  builder.addNode({OpClass::Data, 100, 10, std::nullopt}, "gather");
  DepGraph gather = llvm::cantFail(std::move(builder).build());
  Problem gatherProblem = llvm::cantFail(Problem::create(gather, withData));
  EXPECT_EQ(errorOf(verify(gatherProblem, makeSchedule(1, {{0}, {}}))), "");
  EXPECT_EQ(errorOf(verify(gatherProblem, makeSchedule(1, {{}, {0}}))),
            "op 0 ('gather') is on unit 1 ('dma0'), which cannot run it (no "
            "rate for its FLOPs or bytes)");
}

TEST_F(VerifyTest, RejectsInfeasibleChains) {
  // Unit 0 runs d before a: d waits for b, which waits for a, which waits for
  // d on the chain.
  EXPECT_EQ(verifyError(makeSchedule(4, {{3, 0, 1}, {2}})),
            "schedule is infeasible: the unit chains contradict the "
            "dependencies (cycle through op 0 ('a'))");
  // Plain reversal of one dependency on a unit.
  EXPECT_EQ(verifyError(makeSchedule(4, {{1, 0, 3}, {2}})),
            "schedule is infeasible: the unit chains contradict the "
            "dependencies (cycle through op 0 ('a'))");
}

TEST_F(VerifyTest, RejectsWrongSizes) {
  EXPECT_EQ(verifyError(Schedule(4, 3)),
            "schedule is sized for 4 ops and 3 units, but the problem has 4 "
            "ops and 2 units");
  EXPECT_EQ(verifyError(makeSchedule(3, {{0, 1}, {2}})),
            "schedule is sized for 3 ops and 2 units, but the problem has 4 "
            "ops and 2 units");
}

} // namespace
