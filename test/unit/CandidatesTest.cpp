//===- CandidatesTest.cpp - Draw, rank by proxy, check on target ----------===//

#include "gfsched/Candidates/Candidates.h"

#include "gfsched/Search/Schedulers.h"

#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "llvm/Support/ThreadPool.h"

#include <algorithm>
#include <numeric>

using namespace gfsched;
using namespace gfsched::test;

namespace {

TEST(PolicyKindTest, NamesRoundTrip) {
  for (PolicyKind kind :
       {PolicyKind::GFlowNet, PolicyKind::List, PolicyKind::Random})
    EXPECT_EQ(parsePolicyKind(getPolicyKindName(kind)), kind);
  EXPECT_EQ(getPolicyKindName(PolicyKind::GFlowNet), "gflownet");
  EXPECT_EQ(getPolicyKindName(PolicyKind::List), "list");
  EXPECT_EQ(getPolicyKindName(PolicyKind::Random), "random");
  EXPECT_EQ(parsePolicyKind("brkga"), std::nullopt);
}

TEST(CandidateSourceTest, GFlowNetNeedsAModel) {
  EXPECT_EQ(errorOf(createCandidateSource(PolicyKind::GFlowNet)),
            "policy=gflownet needs a model");
}

class SourceTest : public ::testing::Test {
protected:
  SourceTest()
      : graph(makeGraphFromSeed()), device(makeHomogeneousDevice(3)),
        problem(llvm::cantFail(Problem::create(graph, device))) {}

  static DepGraph makeGraphFromSeed() {
    Rng rng(11);
    return makeRandomGraph(rng, 15, 0.2, 5);
  }

  DepGraph graph;
  Device device;
  Problem problem;
};

TEST_F(SourceTest, ListYieldsTheListSchedule) {
  auto source = createListSource();
  Rng rng(1);
  std::vector<Schedule> schedules =
      llvm::cantFail(source->draw(problem, 10, 0.5, rng));
  ASSERT_EQ(schedules.size(), 1u);
  EXPECT_EQ(schedules[0], listSchedule(problem));
}

TEST_F(SourceTest, RandomYieldsCountValidDeterministicSchedules) {
  auto source = createRandomSource();
  Rng rng(3), again(3);
  std::vector<Schedule> schedules =
      llvm::cantFail(source->draw(problem, 25, 1.0, rng));
  ASSERT_EQ(schedules.size(), 25u);
  for (const Schedule &schedule : schedules)
    EXPECT_EQ(errorOf(verify(problem, schedule)), "");
  EXPECT_EQ(llvm::cantFail(source->draw(problem, 25, 0.01, again)), schedules);
  EXPECT_FALSE(schedules[0] == schedules[1]);
}

/// The running example of LatencyModelTest: a (2) -> b (3) -> d (2),
/// a -> c (1) -> d, with 100, 200, 0 and 50 bytes on a->b, a->c, b->d, c->d;
/// bandwidth target a = 0.01 us/B, b = 1 us.
class ChooseBestTest : public ::testing::Test {
protected:
  ChooseBestTest()
      : graph(makeGraph({2, 3, 1, 2},
                        {{0, 1, 100}, {0, 2, 200}, {1, 3, 0}, {2, 3, 50}})),
        device(makeDevice()),
        problem(llvm::cantFail(Problem::create(graph, device))),
        proxy(problem, ModelKind::Proxy),
        bandwidth(problem, ModelKind::Bandwidth) {}

  static Device makeDevice() {
    Device device = makeHomogeneousDevice(2);
    device.bandwidth = {0.01, 1};
    return device;
  }

  // All on one unit: proxy 8, bandwidth 8 (no transfers).
  Schedule serial() const { return makeSchedule(4, {{0, 1, 2, 3}, {}}); }
  // c apart: proxy 7; bandwidth: c [5, 6], d [7.5, 9.5] -> 9.5.
  Schedule cApart() const { return makeSchedule(4, {{0, 1, 3}, {2}}); }
  // b apart: proxy: b [2, 5], d [5, 7] -> 7; bandwidth: b starts at
  // 2 + 0.01 * 100 + 1 = 4, ends at 7; d at 7 + 0 + 1 = 8 -> 10.
  Schedule bApart() const { return makeSchedule(4, {{0, 2, 3}, {1}}); }

  DepGraph graph;
  Device device;
  Problem problem;
  LatencyModel proxy, bandwidth;
};

TEST_F(ChooseBestTest, HandComputedMakespans) {
  EXPECT_EQ(proxy.makespan(serial()), 8);
  EXPECT_EQ(proxy.makespan(cApart()), 7);
  EXPECT_EQ(proxy.makespan(bApart()), 7);
  EXPECT_DOUBLE_EQ(bandwidth.makespan(serial()), 8);
  EXPECT_DOUBLE_EQ(bandwidth.makespan(cApart()), 9.5);
  EXPECT_DOUBLE_EQ(bandwidth.makespan(bApart()), 10);
}

TEST_F(ChooseBestTest, TopKLimitsWhatTheTargetSees) {
  // Proxy ranks (stable): cApart (7), bApart (7), serial (8).
  std::vector<Schedule> candidates = {serial(), cApart(), bApart()};

  Choice top1 = chooseBest(candidates, 1, proxy, bandwidth);
  EXPECT_EQ(top1.schedule, cApart());
  EXPECT_EQ(top1.numEvaluated, 1u);
  EXPECT_EQ(top1.numCandidates, 3u);

  Choice top2 = chooseBest(candidates, 2, proxy, bandwidth);
  EXPECT_EQ(top2.schedule, cApart());
  EXPECT_EQ(top2.numEvaluated, 2u);
  EXPECT_DOUBLE_EQ(top2.target.makespan, 9.5);
  EXPECT_EQ(top2.proxy.makespan, 7);

  // Only with all three does the target's favourite, the proxy's worst, win.
  Choice top3 = chooseBest(candidates, 3, proxy, bandwidth);
  EXPECT_EQ(top3.schedule, serial());
  EXPECT_EQ(top3.numEvaluated, 3u);
  EXPECT_DOUBLE_EQ(top3.target.makespan, 8);
  EXPECT_EQ(top3.proxy.makespan, 8);
  EXPECT_EQ(top3.target.start.size(), 4u);

  Choice topMany = chooseBest(candidates, 100, proxy, bandwidth);
  EXPECT_EQ(topMany.schedule, serial());
  EXPECT_EQ(topMany.numEvaluated, 3u);

  // topK = 0 still evaluates (and returns) the proxy's best.
  Choice top0 = chooseBest(candidates, 0, proxy, bandwidth);
  EXPECT_EQ(top0.schedule, cApart());
  EXPECT_EQ(top0.numEvaluated, 1u);
}

TEST_F(ChooseBestTest, CopiesDoNotTakeATargetEvaluation) {
  // Proxy ranks (stable): cApart, its copy, bApart (all 7), serial (8).
  // Counting the copy, the top 3 would leave out serial, the target's
  // favourite; without it the three distinct schedules are evaluated.
  std::vector<Schedule> candidates = {cApart(), cApart(), bApart(), serial()};
  Choice top3 = chooseBest(candidates, 3, proxy, bandwidth);
  EXPECT_EQ(top3.schedule, serial());
  EXPECT_EQ(top3.numEvaluated, 3u);
  EXPECT_EQ(top3.numCandidates, 4u);
  EXPECT_EQ(chooseBest(candidates, 100, proxy, bandwidth).numEvaluated, 3u);

  std::vector<double> makespans = {7, 7, 7, 8};
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 100),
            (std::vector<size_t>{0, 2, 3}));
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 2),
            (std::vector<size_t>{0, 2}));
}

// Chain edges: cApart 0-1, 1-3; bApart 0-2, 2-3; serial 0-1, 1-2, 2-3. GED
// from cApart is 1 to bApart and 3/5 to serial; bApart to serial is 3/5.
TEST_F(ChooseBestTest, SpreadKeepsTheFarthestOfTheNearBest) {
  std::vector<Schedule> candidates = {cApart(), serial(), bApart()};
  // All tie: spread 0 already makes them all near-best. From the best,
  // bApart is farther than serial.
  EXPECT_EQ(rankDistinct(graph, candidates, {7, 7, 7}, 2, {0}),
            (std::vector<size_t>{0, 2}));
  // Fewer near-best than topK: the best by proxy, whatever the spread.
  EXPECT_EQ(rankDistinct(graph, candidates, {7, 7.2, 7.2}, 2, {0}),
            (std::vector<size_t>{0, 1}));
  EXPECT_EQ(rankDistinct(graph, candidates, {7, 7.1, 8}, 2, {0.02}),
            (std::vector<size_t>{0, 1}));
  // A wider spread takes them in, and the kept stay best proxy first.
  EXPECT_EQ(rankDistinct(graph, candidates, {7, 7.2, 7.2}, 2, {0.05}),
            (std::vector<size_t>{0, 2}));
  EXPECT_EQ(rankDistinct(graph, candidates, {7.1, 7, 7.05}, 2, {0.05}),
            (std::vector<size_t>{1, 2}));
  // Beyond the spread nothing is kept while near-best ones are left.
  std::vector<Schedule> withFar = {cApart(), serial(), cApart(), bApart()};
  withFar[2] = makeSchedule(4, {{2}, {0, 1, 3}}); // cApart on renamed units
  EXPECT_EQ(rankDistinct(graph, withFar, {7, 7, 7, 7.5}, 2, {0.05}),
            (std::vector<size_t>{0, 1}));
  EXPECT_EQ(rankDistinct(graph, withFar, {7, 7, 7, 7.5}, 3, {0.05}),
            (std::vector<size_t>{0, 1, 2}));
}

// Cross-unit edges: serial 0, cApart 2 (a->c, c->d: 250 bytes), bApart 2
// (a->b, b->d: 100 bytes).
TEST_F(ChooseBestTest, LocalShareKeepsTheLeastCrossingWithinTheBand) {
  std::vector<Schedule> candidates = {cApart(), bApart(), serial()};
  std::vector<double> makespans = {7, 7, 8};
  KeepPolicy policy;
  policy.localShare = 0.5;
  // One near-best (the best), one data-local: serial, within 20% of 7.
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 2, policy),
            (std::vector<size_t>{0, 2}));
  // A narrower band leaves serial out; bApart is the only one in it.
  policy.localBand = 0.1;
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 2, policy),
            (std::vector<size_t>{0, 1}));
  // Nothing in the band: the reserve goes by proxy rank.
  EXPECT_EQ(rankDistinct(graph, candidates, {7, 9, 9.5}, 2, policy),
            (std::vector<size_t>{0, 1}));
  // The best by proxy always stays: a share never takes the whole set.
  policy.localShare = 0.9;
  policy.localBand = 0.2;
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 1, policy),
            (std::vector<size_t>{0}));
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 2, policy),
            (std::vector<size_t>{0, 2}));
}

// Crossing bytes: serial 0, lowBytes ({a, b, c}, {d}: b->d, c->d) 50,
// bApart 100, cApart 250; all but serial cross on two edges.
TEST_F(ChooseBestTest, LocalShareAlternatesFewestEdgesAndFewestBytes) {
  Schedule lowBytes = makeSchedule(4, {{0, 1, 2}, {3}});
  std::vector<Schedule> candidates = {cApart(), bApart(), lowBytes, serial()};
  std::vector<double> makespans = {7, 7.1, 7.2, 7.3};
  KeepPolicy policy;
  policy.localShare = 0.67;
  // One near-best (cApart), then fewest edges: serial; then fewest bytes of
  // the rest: lowBytes, though bApart is ahead of it by proxy rank.
  EXPECT_EQ(rankDistinct(graph, candidates, makespans, 3, policy),
            (std::vector<size_t>{0, 2, 3}));
}

TEST_F(ChooseBestTest, LocalShareFindsWhatTheTargetPrefers) {
  // Ranked by proxy the target sees cApart and bApart (9.5 and 10); with
  // half kept for the data-local it sees serial, 8 on the bandwidth target.
  std::vector<Schedule> candidates = {cApart(), bApart(), serial()};
  EXPECT_DOUBLE_EQ(chooseBest(candidates, 2, proxy, bandwidth).target.makespan,
                   9.5);
  KeepPolicy policy;
  policy.localShare = 0.5;
  Choice local = chooseBest(candidates, 2, proxy, bandwidth, policy);
  EXPECT_EQ(local.schedule, serial());
  EXPECT_EQ(local.numEvaluated, 2u);
}

TEST_F(ChooseBestTest, SpreadSkipsARenamedCopyForTheTarget) {
  // cApart on renamed units is a distinct schedule at GED 0 from cApart, and
  // the same on this homogeneous device. Ranked by proxy it takes the second
  // evaluation; spread over the near-best, serial does, and wins.
  Schedule renamed = makeSchedule(4, {{2}, {0, 1, 3}});
  std::vector<Schedule> candidates = {cApart(), renamed, serial()};
  Choice byProxy = chooseBest(candidates, 2, proxy, bandwidth, {0});
  EXPECT_EQ(byProxy.schedule, cApart());
  EXPECT_DOUBLE_EQ(byProxy.target.makespan, 9.5);
  Choice spread = chooseBest(candidates, 2, proxy, bandwidth, {0.2});
  EXPECT_EQ(spread.schedule, serial());
  EXPECT_EQ(spread.numEvaluated, 2u);
  EXPECT_EQ(summarizeCandidates(candidates, 2, proxy, {0.2}).keptProxyMakespans,
            (std::vector<double>{7, 8}));
}

TEST_F(ChooseBestTest, TargetTiesGoToTheBetterProxyRank) {
  // On the proxy as target, cApart and bApart tie at 7: the first in proxy
  // rank (the stable order of the input) wins.
  EXPECT_EQ(
      chooseBest({serial(), bApart(), cApart()}, 3, proxy, proxy).schedule,
      bApart());
  EXPECT_EQ(
      chooseBest({cApart(), serial(), bApart()}, 3, proxy, proxy).schedule,
      cApart());
}

TEST_F(ChooseBestTest, SummaryCountsDistinctAndKeptProxyMakespans) {
  // Two copies each of cApart and serial, and bApart: 3 distinct, of proxy
  // makespans 7, 7 and 8.
  std::vector<Schedule> candidates = {cApart(), serial(), bApart(), serial(),
                                      cApart()};
  CandidateSummary all = summarizeCandidates(candidates, 100, proxy);
  EXPECT_EQ(all.numDrawn, 5u);
  EXPECT_EQ(all.numDistinct, 3u);
  EXPECT_EQ(all.keptProxyMakespans, (std::vector<double>{7, 7, 8}));
  EXPECT_EQ(all.keptMin(), 7);
  EXPECT_EQ(all.keptMedian(), 7);
  EXPECT_EQ(all.keptMax(), 8);

  // The kept are the best topK distinct, as chooseBest evaluates them; an
  // even count has the mean of the middle two as median; topK = 0 keeps one.
  CandidateSummary top2 = summarizeCandidates(candidates, 2, proxy);
  EXPECT_EQ(top2.keptProxyMakespans, (std::vector<double>{7, 7}));
  EXPECT_EQ(top2.keptMedian(), 7);
  EXPECT_EQ(summarizeCandidates({serial(), cApart()}, 2, proxy).keptMedian(),
            7.5);
  EXPECT_EQ(summarizeCandidates(candidates, 0, proxy).keptProxyMakespans,
            (std::vector<double>{7}));
}

/// 30 elementwise ops of growing size, 10% of the forward pairs an edge of
/// 200 kB: transfers matter on the full target.
DepGraph makeTransferHeavyGraph(Rng &rng) {
  DepGraphBuilder builder;
  for (unsigned i = 0; i < 30; ++i)
    builder.addNode({OpClass::Elementwise, 0, 1e5 + 1e4 * i, std::nullopt});
  for (unsigned from = 0; from < 30; ++from)
    for (unsigned to = from + 1; to < 30; ++to)
      if (uniformReal(rng) < 0.1)
        builder.addEdge(from, to, 2e5);
  return llvm::cantFail(std::move(builder).build());
}

/// A transfer-heavy graph on accel4, with the proxy and a full target.
struct TransferHeavyProblem {
  explicit TransferHeavyProblem(Rng &rng)
      : graph(makeTransferHeavyGraph(rng)),
        device(llvm::cantFail(loadDevice("accel4"))),
        problem(llvm::cantFail(Problem::create(graph, device))),
        proxy(problem, ModelKind::Proxy), target(problem, ModelKind::Full, 5) {}
  DepGraph graph;
  Device device;
  Problem problem;
  LatencyModel proxy, target;
};

TEST(ChooseBestRandomTest, PicksTheTargetBestAmongTheTopK) {
  Rng rng(deriveSeed(17, "choose"));
  TransferHeavyProblem random(rng);
  const Problem &problem = random.problem;
  const LatencyModel &proxy = random.proxy, &target = random.target;

  auto source = createRandomSource();
  std::vector<Schedule> candidates =
      llvm::cantFail(source->draw(problem, 60, 1.0, rng));
  const unsigned topK = 10;
  Choice choice = chooseBest(candidates, topK, proxy, target);

  // Recompute by brute force: the 10 best by proxy, the best of those on
  // the target.
  std::vector<double> proxyMakespans;
  for (const Schedule &schedule : candidates)
    proxyMakespans.push_back(proxy.makespan(schedule));
  std::vector<double> sorted = proxyMakespans;
  std::sort(sorted.begin(), sorted.end());
  double cutoff = sorted[topK - 1];
  double bestTarget = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < candidates.size(); ++i)
    if (proxyMakespans[i] < cutoff)
      bestTarget = std::min(bestTarget, target.makespan(candidates[i]));
  EXPECT_LE(choice.proxy.makespan, cutoff);
  EXPECT_LE(choice.target.makespan, bestTarget);
  EXPECT_DOUBLE_EQ(choice.target.makespan, target.makespan(choice.schedule));
  EXPECT_DOUBLE_EQ(choice.proxy.makespan, proxy.makespan(choice.schedule));
  EXPECT_EQ(choice.numCandidates, 60u);
  EXPECT_EQ(choice.numEvaluated, topK);
  // The target disagrees with the proxy: its choice is not the proxy's best
  // here, or the test would not tell the two apart.
  EXPECT_GT(choice.proxy.makespan, sorted[0]);
}

TEST(ChooseBestRandomTest, APoolChoosesAsOneThread) {
  Rng rng(deriveSeed(17, "choose-on-a-pool"));
  TransferHeavyProblem random(rng);
  const Problem &problem = random.problem;
  const LatencyModel &proxy = random.proxy, &target = random.target;
  // Many tasks' worth of candidates, and of kept ones.
  std::vector<Schedule> candidates =
      llvm::cantFail(createRandomSource()->draw(problem, 1000, 1.0, rng));
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));

  Choice alone = chooseBest(candidates, 200, proxy, target);
  Choice onPool = chooseBest(candidates, 200, proxy, target, {}, &pool);
  EXPECT_EQ(onPool.schedule, alone.schedule);
  EXPECT_EQ(onPool.target.makespan, alone.target.makespan);
  EXPECT_EQ(onPool.proxy.makespan, alone.proxy.makespan);
  EXPECT_EQ(onPool.numEvaluated, 200u);
  // Not simply the proxy's best, which the first task alone would find.
  EXPECT_FALSE(onPool.schedule ==
               chooseBest(candidates, 1, proxy, target, {}, &pool).schedule);
}

} // namespace
