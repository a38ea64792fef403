//===- DiversityTest.cpp - The diversity metrics over schedules -----------===//

#include "gfsched/Candidates/Diversity.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace gfsched;
using namespace gfsched::test;

namespace {

// Four independent ops a, b, c, d (durations 1, 2, 3, 4) on two units.
class DiversityTest : public ::testing::Test {
protected:
  DiversityTest()
      : graph(makeGraph({1, 2, 3, 4}, {})), device(makeHomogeneousDevice(2)),
        problem(llvm::cantFail(Problem::create(graph, device))),
        proxy(problem, ModelKind::Proxy) {}

  std::vector<double> starts(const Schedule &schedule) {
    return proxy.simulate(schedule)->start;
  }

  DepGraph graph;
  Device device;
  Problem problem;
  LatencyModel proxy;

  static constexpr NodeId a = 0, b = 1, c = 2, d = 3;
  // D(x) = {ab, cd}; starts a 0, b 1, c 0, d 3.
  Schedule x = makeSchedule(4, {{a, b}, {c, d}});
  // D(y) = {ac, bd}; starts a 0, b 0, c 1, d 2.
  Schedule y = makeSchedule(4, {{a, c}, {b, d}});
  // x with its units swapped: the same chains and start times.
  Schedule z = makeSchedule(4, {{c, d}, {a, b}});
  // D(w) = {ab, bc}.
  Schedule w = makeSchedule(4, {{a, b, c}, {d}});
};

TEST_F(DiversityTest, ChainSuccessors) {
  EXPECT_EQ(getChainSuccessors(x),
            (std::vector<NodeId>{b, kNoChainSuccessor, d, kNoChainSuccessor}));
  EXPECT_EQ(getChainSuccessors(w),
            (std::vector<NodeId>{b, c, kNoChainSuccessor, kNoChainSuccessor}));
}

TEST_F(DiversityTest, ChainEdgeDistance) {
  EXPECT_DOUBLE_EQ(chainEdgeDistance(x, x), 0);
  // No common chain edge: {ab, cd, ac, bd} / (2 + 2).
  EXPECT_DOUBLE_EQ(chainEdgeDistance(x, y), 1);
  // Renaming units changes no chain edge.
  EXPECT_DOUBLE_EQ(chainEdgeDistance(x, z), 0);
  // {cd, bc} / (2 + 2).
  EXPECT_DOUBLE_EQ(chainEdgeDistance(x, w), 0.5);
  EXPECT_DOUBLE_EQ(chainEdgeDistance(w, x), 0.5);
}

TEST_F(DiversityTest, ChainEdgeDistanceWithoutEdges) {
  // Every op alone on its unit: no chain edges at all.
  Schedule alone = makeSchedule(2, {{0}, {1}});
  Schedule swapped = makeSchedule(2, {{1}, {0}});
  EXPECT_DOUBLE_EQ(chainEdgeDistance(alone, swapped), 0);
  // One side empty: every edge of the other differs.
  Schedule chained = makeSchedule(2, {{0, 1}, {}});
  EXPECT_DOUBLE_EQ(chainEdgeDistance(alone, chained), 1);
}

TEST_F(DiversityTest, StartTimes) {
  EXPECT_EQ(starts(x), (std::vector<double>{0, 1, 0, 3}));
  EXPECT_EQ(starts(y), (std::vector<double>{0, 0, 1, 2}));
  // Differences (0, 1, -1, 1).
  EXPECT_DOUBLE_EQ(startTimeDistance(starts(x), starts(y)), std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(startTimeDistance(starts(x), starts(z)), 0);
}

TEST_F(DiversityTest, PlacementDistance) {
  // b and c changed units: 3 + 2 * 2.
  EXPECT_DOUBLE_EQ(placementDistance(x, starts(x), y, starts(y)),
                   std::sqrt(7.0));
  // Same start times, every op on the other unit: 0 + 2 * 4.
  EXPECT_DOUBLE_EQ(placementDistance(x, starts(x), z, starts(z)),
                   std::sqrt(8.0));
  EXPECT_DOUBLE_EQ(placementDistance(x, starts(x), x, starts(x)), 0);
}

TEST_F(DiversityTest, MeansOverPairs) {
  // Pairs (x, y), (x, z), (y, z):
  //   GED   1, 0, 1
  //   d_inv sqrt 3, 0, sqrt 3
  //   d_sen sqrt 7, sqrt 8, sqrt 7 (y to z moves a and d)
  std::vector<Schedule> set = {x, y, z};
  Diversity diversity = measureDiversity(set, proxy);
  EXPECT_EQ(diversity.numSchedules, 3u);
  EXPECT_EQ(diversity.numDistinct, 3u);
  EXPECT_DOUBLE_EQ(diversity.chainEdge, 2.0 / 3);
  EXPECT_DOUBLE_EQ(diversity.startTime, 2 * std::sqrt(3.0) / 3);
  EXPECT_DOUBLE_EQ(diversity.placement,
                   (2 * std::sqrt(7.0) + std::sqrt(8.0)) / 3);

  // The same from explicit start times.
  Diversity explicitTimes =
      measureDiversity(set, {starts(x), starts(y), starts(z)});
  EXPECT_DOUBLE_EQ(explicitTimes.chainEdge, diversity.chainEdge);
  EXPECT_DOUBLE_EQ(explicitTimes.startTime, diversity.startTime);
  EXPECT_DOUBLE_EQ(explicitTimes.placement, diversity.placement);
}

TEST_F(DiversityTest, DuplicatesCount) {
  // Pairs (x, x), (x, y), (x, y): GED 0, 1, 1.
  std::vector<Schedule> set = {x, x, y};
  Diversity diversity = measureDiversity(set, proxy);
  EXPECT_EQ(diversity.numSchedules, 3u);
  EXPECT_EQ(diversity.numDistinct, 2u);
  EXPECT_DOUBLE_EQ(diversity.chainEdge, 2.0 / 3);
  EXPECT_DOUBLE_EQ(diversity.startTime, 2 * std::sqrt(3.0) / 3);
  EXPECT_DOUBLE_EQ(diversity.placement, 2 * std::sqrt(7.0) / 3);
}

TEST_F(DiversityTest, FewerThanTwoSchedules) {
  Diversity none = measureDiversity({}, proxy);
  EXPECT_EQ(none.numSchedules, 0u);
  EXPECT_EQ(none.numDistinct, 0u);
  EXPECT_EQ(none.chainEdge, 0);

  std::vector<Schedule> one = {y};
  Diversity single = measureDiversity(one, proxy);
  EXPECT_EQ(single.numSchedules, 1u);
  EXPECT_EQ(single.numDistinct, 1u);
  EXPECT_EQ(single.chainEdge, 0);
  EXPECT_EQ(single.startTime, 0);
  EXPECT_EQ(single.placement, 0);
}

} // namespace
