//===- BlockSchedulerTest.cpp - The pass's choice for one block -----------===//

#include "gfsched/Candidates/BlockScheduler.h"

#include "gfsched/Search/Schedulers.h"

#include "TestUtil.h"

#include "gtest/gtest.h"

#include "llvm/Support/ThreadPool.h"

#include <string>
#include <vector>

using namespace gfsched;
using namespace gfsched::test;

namespace {

TEST(BlockSchedulerOptionsTest, DefaultsAreValid) {
  EXPECT_EQ(errorOf(BlockSchedulerOptions().validate()), "");
}

TEST(BlockSchedulerOptionsTest, ErrorsNameTheOptionAndItsValue) {
  auto errorWith = [](auto change) {
    BlockSchedulerOptions options;
    change(options);
    return errorOf(options.validate());
  };
  EXPECT_EQ(errorWith([](auto &o) { o.temperature = -0.5; }),
            "temp must be a finite number > 0, got -0.5");
  EXPECT_EQ(errorWith([](auto &o) { o.samples = 0; }),
            "samples must be at least 1");
  EXPECT_EQ(errorWith([](auto &o) { o.topK = 0; }), "topk must be at least 1");
  EXPECT_EQ(errorWith([](auto &o) { o.topK = 2000; }),
            "topk (2000) cannot exceed samples (1000)");
  EXPECT_EQ(errorWith([](auto &o) { o.keep.spread = -1; }),
            "spread must be a finite number >= 0, got -1");
  EXPECT_EQ(errorWith([](auto &o) { o.keep.localShare = 1; }),
            "local must be a share in [0, 1), got 1");
  EXPECT_EQ(errorWith([](auto &o) { o.exploreShare = 1.5; }),
            "explore must be a share in [0, 1], got 1.5");
  EXPECT_EQ(errorWith([](auto &o) { o.window = 0; }),
            "window must be at least 1");
  EXPECT_EQ(errorWith([](auto &o) { o.window = 5000; }),
            "window must be at most 4096 with policy=gflownet, got 5000: its "
            "encoder's memory grows with the square of the window");
  // List scheduling is never windowed, and random sampling has no encoder.
  EXPECT_EQ(errorWith([](auto &o) {
              o.window = 5000;
              o.policy = PolicyKind::List;
            }),
            "");
}

TEST(BlockSchedulerCreateTest, RejectsBadOptionsAndAMissingModel) {
  BlockSchedulerOptions options;
  options.samples = 0;
  EXPECT_EQ(errorOf(BlockScheduler::create(options, nullptr)),
            "samples must be at least 1");
  EXPECT_EQ(errorOf(BlockScheduler::create(BlockSchedulerOptions(), nullptr)),
            "policy=gflownet needs a model");
}

/// Remembers what the scheduler reported.
struct RecordingObserver : BlockObserver {
  void onWindow(llvm::StringRef key, const WindowReport &report) override {
    windowKeys.push_back(key.str());
    windows.push_back(report);
  }
  void onJoin(llvm::StringRef key, const JoinReport &report) override {
    joinKeys.push_back(key.str());
    joins.push_back(report);
  }
  std::vector<std::string> windowKeys, joinKeys;
  std::vector<WindowReport> windows;
  std::vector<JoinReport> joins;
};

/// A random graph on accel4, judged on the full target (transfers cost).
class BlockSchedulerTest : public ::testing::Test {
protected:
  BlockSchedulerTest()
      : graph(makeGraph()), device(llvm::cantFail(loadDevice("accel4"))),
        problem(llvm::cantFail(Problem::create(graph, device))) {}

  static DepGraph makeGraph() {
    Rng rng(deriveSeed(3, "block-scheduler"));
    return makeRandomGraph(rng, 40, 0.08, 9);
  }

  static BlockSchedulerOptions randomPolicy(unsigned window = 128) {
    BlockSchedulerOptions options;
    options.policy = PolicyKind::Random;
    options.samples = 50;
    options.topK = 10;
    options.window = window;
    return options;
  }

  BlockChoice schedule(const BlockSchedulerOptions &options,
                       llvm::StringRef key = "f#0",
                       BlockObserver *observer = nullptr,
                       llvm::ThreadPoolInterface *pool = nullptr) {
    BlockScheduler scheduler =
        llvm::cantFail(BlockScheduler::create(options, nullptr, pool));
    return llvm::cantFail(
        scheduler.schedule(problem, key, ModelKind::Full, observer));
  }

  /// On the noisy full target that the scheduler of `seed` judges the block
  /// of `key` on.
  double targetMakespan(const Schedule &schedule, uint64_t seed,
                        llvm::StringRef key) const {
    LatencyModel target(problem, ModelKind::Full,
                        deriveSeed(seed, (key + "/target").str()));
    return target.makespan(schedule);
  }

  DepGraph graph;
  Device device;
  Problem problem;
};

TEST(BlockSchedulerEmptyTest, NoOpsGetTheEmptySchedule) {
  DepGraph graph = makeGraph({}, {});
  Device device = makeHomogeneousDevice(2);
  Problem problem = llvm::cantFail(Problem::create(graph, device));
  BlockSchedulerOptions options;
  options.policy = PolicyKind::Random;
  BlockScheduler scheduler =
      llvm::cantFail(BlockScheduler::create(options, nullptr));
  BlockChoice choice =
      llvm::cantFail(scheduler.schedule(problem, "f#0", ModelKind::Full));
  EXPECT_EQ(choice.chosen.schedule, Schedule(0, 2));
  EXPECT_EQ(choice.original, Schedule(0, 2));
  EXPECT_EQ(choice.chosen.numCandidates, 0u);
  EXPECT_EQ(choice.chosen.target.makespan, 0);
  EXPECT_FALSE(choice.rejectedTarget);
}

TEST_F(BlockSchedulerTest, ListPolicyDeliversTheListScheduleOrTheOriginal) {
  BlockSchedulerOptions options;
  options.policy = PolicyKind::List;
  BlockChoice choice = schedule(options);
  EXPECT_EQ(choice.original, programOrderSchedule(problem));
  const Schedule &expected =
      choice.rejectedTarget ? choice.original : listSchedule(problem);
  EXPECT_EQ(choice.chosen.schedule, expected);
  EXPECT_EQ(choice.chosen.numCandidates, 1u);
  EXPECT_EQ(choice.chosen.numEvaluated, 1u);
}

TEST_F(BlockSchedulerTest, BestIsNeverSlowerThanTheHeuristicsOrTheOriginal) {
  for (uint64_t seed = 0; seed < 5; ++seed) {
    BlockSchedulerOptions options = randomPolicy();
    options.seed = seed;
    BlockChoice choice = schedule(options);
    const Choice &chosen = choice.chosen;
    ASSERT_FALSE(verify(problem, chosen.schedule));
    EXPECT_DOUBLE_EQ(chosen.target.makespan,
                     targetMakespan(chosen.schedule, seed, "f#0"));
    EXPECT_LE(chosen.target.makespan,
              targetMakespan(listSchedule(problem), seed, "f#0"));
    if (choice.rejectedTarget) {
      EXPECT_EQ(chosen.schedule, choice.original);
      EXPECT_GT(*choice.rejectedTarget, choice.targetBefore);
    } else {
      EXPECT_LE(chosen.target.makespan, choice.targetBefore);
    }
    // 50 draws, 10 kept judged, and the 9 heuristic candidates.
    EXPECT_EQ(chosen.numCandidates, 50u);
    EXPECT_EQ(chosen.numEvaluated, 19u);
  }
}

TEST_F(BlockSchedulerTest, SampleModeDeliversOneDrawWhateverItIsWorth) {
  BlockSchedulerOptions options = randomPolicy();
  options.sampleMode = true;
  RecordingObserver observer;
  BlockChoice choice = schedule(options, "f#0", &observer);
  EXPECT_EQ(choice.chosen.numCandidates, 1u);
  EXPECT_EQ(choice.chosen.numEvaluated, 1u);
  EXPECT_FALSE(choice.rejectedTarget);
  ASSERT_EQ(observer.windows.size(), 1u);
  EXPECT_EQ(observer.windows[0].pick, WindowPick::SingleDraw);
  EXPECT_FALSE(observer.windows[0].heuristicTarget);
}

TEST_F(BlockSchedulerTest, WindowsAreReportedAndJoined) {
  RecordingObserver observer;
  BlockChoice choice = schedule(randomPolicy(/*window=*/8), "f#0", &observer);
  EXPECT_EQ(
      observer.windowKeys,
      (std::vector<std::string>{"f#0/window0", "f#0/window1", "f#0/window2",
                                "f#0/window3", "f#0/window4"}));
  ASSERT_EQ(observer.joins.size(), 1u);
  EXPECT_EQ(observer.joinKeys[0], "f#0");
  const JoinReport &join = observer.joins[0];
  EXPECT_EQ(join.numWindows, 5u);
  ASSERT_TRUE(join.heuristicTarget);
  // The join never loses to the concatenation or to the heuristics.
  EXPECT_LE(join.chosenTarget, join.joinedTarget);
  EXPECT_LE(join.chosenTarget, *join.heuristicTarget);
  EXPECT_FALSE(verify(problem, choice.chosen.schedule));
  EXPECT_EQ(choice.chosen.numCandidates, 5u * 50u);
}

TEST_F(BlockSchedulerTest, TheBudgetSpansBlocksThenListSchedulingTakesOver) {
  // 40 ops in windows of 8 at 50 samples: 400 op-samples a window.
  BlockSchedulerOptions options = randomPolicy(/*window=*/8);
  options.budget = 2 * 400;
  BlockScheduler scheduler =
      llvm::cantFail(BlockScheduler::create(options, nullptr));
  BlockChoice first =
      llvm::cantFail(scheduler.schedule(problem, "f#0", ModelKind::Full));
  EXPECT_EQ(scheduler.getNumFallbacks(), 3u);
  EXPECT_EQ(first.chosen.numCandidates, 2u * 50u + 3u);
  BlockChoice second =
      llvm::cantFail(scheduler.schedule(problem, "f#1", ModelKind::Full));
  EXPECT_EQ(scheduler.getNumFallbacks(), 8u);
  EXPECT_EQ(second.chosen.numCandidates, 5u);
}

TEST_F(BlockSchedulerTest, TheStreamKeyAloneDecidesAndAPoolChangesNothing) {
  BlockSchedulerOptions options = randomPolicy(/*window=*/16);
  BlockChoice alone = schedule(options, "f#0");
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  BlockChoice onPool = schedule(options, "f#0", nullptr, &pool);
  EXPECT_EQ(onPool.chosen.schedule, alone.chosen.schedule);
  EXPECT_EQ(onPool.chosen.target.makespan, alone.chosen.target.makespan);
  // Reports cost simulations, not decisions.
  RecordingObserver observer;
  EXPECT_EQ(schedule(options, "f#0", &observer).chosen.schedule,
            alone.chosen.schedule);
  // Another key draws other samples (and another noisy target).
  EXPECT_NE(schedule(options, "g#0").chosen.target.makespan,
            alone.chosen.target.makespan);
}

} // namespace
