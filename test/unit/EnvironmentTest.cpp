//===- EnvironmentTest.cpp - The GFlowNet's scheduling MDP ----------------===//

#include "gfsched/GFlowNet/Environment.h"

#include "gfsched/Schedule/LatencyModel.h"

#include "GFlowNetTestUtil.h"
#include "TestUtil.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

using namespace gfsched;
using namespace gfsched::test;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Everything observable of an environment's state, with the ready ops and
/// the actions as sets (their order depends on the path to the state).
struct Observation {
  unsigned numPlaced = 0;
  std::set<NodeId> ready;
  std::vector<double> unitFree;
  double makespan = 0;
  /// start and finish of every placed op.
  std::map<NodeId, std::pair<double, double>> times;
  std::set<NodeId> removable;
  std::map<std::pair<NodeId, unsigned>, std::vector<float>> forward;
  std::map<NodeId, std::vector<float>> backward;
};

Observation observe(const ScheduleEnv &env) {
  const Problem &problem = env.getProblem();
  Observation result;
  result.numPlaced = env.numPlaced();
  result.ready.insert(env.readyOps().begin(), env.readyOps().end());
  for (unsigned unit = 0; unit < problem.numUnits(); ++unit)
    result.unitFree.push_back(env.unitFree(unit));
  result.makespan = env.makespan();
  for (NodeId op : env.placementOrder())
    result.times[op] = {env.start(op), env.finish(op)};
  llvm::SmallVector<NodeId> removable;
  env.getRemovableOps(removable);
  result.removable.insert(removable.begin(), removable.end());
  llvm::SmallVector<ForwardAction> actions;
  env.getForwardActions(actions);
  for (ForwardAction action : actions) {
    std::vector<float> features(kNumForwardFeatures);
    env.forwardFeatures(action, features.data());
    result.forward[{action.op, action.unit}] = features;
  }
  for (NodeId op : removable) {
    std::vector<float> features(kNumBackwardFeatures);
    env.backwardFeatures(op, features.data());
    result.backward[op] = features;
  }
  return result;
}

/// Compares every field exactly: undoing must restore the very same numbers.
void expectSameObservation(const Observation &actual,
                           const Observation &expected,
                           const std::string &context) {
  SCOPED_TRACE(context);
  EXPECT_EQ(actual.numPlaced, expected.numPlaced);
  EXPECT_EQ(actual.ready, expected.ready);
  EXPECT_EQ(actual.unitFree, expected.unitFree);
  EXPECT_EQ(actual.makespan, expected.makespan);
  EXPECT_EQ(actual.times, expected.times);
  EXPECT_EQ(actual.removable, expected.removable);
  ASSERT_EQ(actual.forward.size(), expected.forward.size());
  for (const auto &[action, features] : expected.forward) {
    auto it = actual.forward.find(action);
    ASSERT_NE(it, actual.forward.end())
        << "missing action op " << action.first << " unit " << action.second;
    EXPECT_EQ(it->second, features) << "forward features of op " << action.first
                                    << " on unit " << action.second;
  }
  ASSERT_EQ(actual.backward.size(), expected.backward.size());
  for (const auto &[op, features] : expected.backward) {
    auto it = actual.backward.find(op);
    ASSERT_NE(it, actual.backward.end()) << "missing removable op " << op;
    EXPECT_EQ(it->second, features) << "backward features of op " << op;
  }
}

/// A fresh environment that places `order` (each op on `unitOf[op]`).
Observation replay(const Problem &problem, llvm::ArrayRef<NodeId> order,
                   const std::map<NodeId, unsigned> &unitOf) {
  ScheduleEnv env(problem);
  for (NodeId op : order)
    env.step({op, unitOf.at(op)});
  return observe(env);
}

std::string describe(const ProblemCase &testCase, unsigned trial) {
  return testCase.name + ", trial " + std::to_string(trial);
}

//===----------------------------------------------------------------------===//
// Complete trajectories against the proxy model
//===----------------------------------------------------------------------===//

TEST(EnvironmentTest, RandomTrajectoriesMatchProxySimulation) {
  for (const auto &testCase : makeProblemCases(11, 20)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    LatencyModel proxy(problem, ModelKind::Proxy);
    Rng rng(deriveSeed(12, testCase->name));
    for (unsigned trial = 0; trial < 10; ++trial) {
      SCOPED_TRACE(describe(*testCase, trial));
      std::vector<ForwardAction> trajectory = randomTrajectory(problem, rng);
      ASSERT_EQ(trajectory.size(), problem.numOps());
      ScheduleEnv env(problem);
      for (ForwardAction action : trajectory) {
        EXPECT_FALSE(env.isDone());
        env.step(action);
      }
      ASSERT_TRUE(env.isDone());
      Schedule schedule = env.toSchedule();
      EXPECT_EQ(errorOf(verify(problem, schedule)), "");
      // The free function builds the same chains from the actions.
      Trajectory asTrajectory;
      asTrajectory.actions = trajectory;
      EXPECT_EQ(toSchedule(problem, asTrajectory), schedule);
      for (ForwardAction action : trajectory)
        EXPECT_EQ(schedule.unitOf(action.op), action.unit);

      std::optional<Timing> timing = proxy.simulate(schedule);
      ASSERT_TRUE(timing.has_value());
      for (NodeId op = 0; op < problem.numOps(); ++op) {
        EXPECT_EQ(env.start(op), timing->start[op]) << "op " << op;
        EXPECT_EQ(env.finish(op), timing->finish[op]) << "op " << op;
      }
      EXPECT_EQ(env.makespan(), timing->makespan);
      EXPECT_EQ(env.makespan(), proxy.makespan(schedule));
    }
  }
}

TEST(EnvironmentTest, ResetStartsOver) {
  auto testCase = makeCase("reset", makeGraph({1, 2, 3}, {{0, 2, 0}}),
                           makeHomogeneousDevice(2));
  ASSERT_TRUE(testCase);
  const Problem &problem = *testCase->problem;
  ScheduleEnv env(problem);
  Observation initial = observe(env);
  EXPECT_EQ(initial.ready, (std::set<NodeId>{0, 1}));
  EXPECT_TRUE(initial.removable.empty());
  env.step({0, 1});
  env.step({2, 1});
  env.reset();
  expectSameObservation(observe(env), initial, "after reset");
  EXPECT_TRUE(env.placementOrder().empty());
  EXPECT_FALSE(env.isDone());
}

//===----------------------------------------------------------------------===//
// Masks against brute force
//===----------------------------------------------------------------------===//

TEST(EnvironmentTest, MasksMatchBruteForce) {
  for (const auto &testCase : makeProblemCases(21, 18)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    const DepGraph &graph = problem.getGraph();
    const Device &device = testCase->device;
    Rng rng(deriveSeed(22, testCase->name));
    for (unsigned trial = 0; trial < 5; ++trial) {
      SCOPED_TRACE(describe(*testCase, trial));
      ScheduleEnv env(problem);
      std::vector<char> placed(problem.numOps(), false);
      std::vector<std::vector<NodeId>> chains(problem.numUnits());
      llvm::SmallVector<ForwardAction> actions;
      llvm::SmallVector<NodeId> removable;
      while (true) {
        // Forward mask: unplaced ops whose predecessors are all placed, on
        // every unit whose type runs their class.
        std::set<std::pair<NodeId, unsigned>> expectedActions;
        std::set<NodeId> expectedReady;
        for (NodeId op = 0; op < problem.numOps(); ++op) {
          if (placed[op] || !llvm::all_of(graph.preds(op), [&](NodeId pred) {
                return placed[pred];
              }))
            continue;
          expectedReady.insert(op);
          for (unsigned unit = 0; unit < problem.numUnits(); ++unit)
            if (device.canRun(graph.cost(op), device.unitTypeOf(unit)))
              expectedActions.insert({op, unit});
        }
        env.getForwardActions(actions);
        std::set<std::pair<NodeId, unsigned>> actualActions;
        for (ForwardAction action : actions)
          actualActions.insert({action.op, action.unit});
        EXPECT_EQ(actualActions.size(), actions.size()) << "duplicate action";
        EXPECT_EQ(actualActions, expectedActions);
        std::set<NodeId> actualReady(env.readyOps().begin(),
                                     env.readyOps().end());
        EXPECT_EQ(actualReady.size(), env.readyOps().size());
        EXPECT_EQ(actualReady, expectedReady);

        // Backward mask: ops last on their unit with no placed successor.
        std::set<NodeId> expectedRemovable;
        for (const std::vector<NodeId> &chain : chains)
          if (!chain.empty() &&
              llvm::none_of(graph.succs(chain.back()),
                            [&](NodeId succ) { return placed[succ]; }))
            expectedRemovable.insert(chain.back());
        env.getRemovableOps(removable);
        std::set<NodeId> actualRemovable(removable.begin(), removable.end());
        EXPECT_EQ(actualRemovable.size(), removable.size());
        EXPECT_EQ(actualRemovable, expectedRemovable);

        if (env.isDone())
          break;
        ASSERT_FALSE(actions.empty()) << "no legal action before the end";
        ForwardAction action = actions[uniformIndex(rng, actions.size())];
        env.step(action);
        placed[action.op] = true;
        chains[action.unit].push_back(action.op);
      }
      EXPECT_EQ(env.numPlaced(), problem.numOps());
    }
  }
}

TEST(EnvironmentTest, HeterogeneousDeviceNeverOffersForbiddenUnits) {
  // One op of each class that accel-hetero restricts: contractions only on
  // the two matrix units, data movement with no FLOPs on the vector units and
  // the DMA engine, "other" only on the vector units.
  Device device = builtinDevice("accel-hetero");
  ASSERT_EQ(device.numUnits(), 5u);
  DepGraphBuilder builder;
  builder.addNode({OpClass::Contraction, 1e6, 1e4, std::nullopt}, "mm");
  builder.addNode({OpClass::Data, 0, 1e4, std::nullopt}, "copy");
  builder.addNode({OpClass::Other, 1e3, 1e3, std::nullopt}, "call");
  builder.addNode({OpClass::Elementwise, 1e5, 1e4, std::nullopt}, "map");
  builder.addEdge(0, 3);
  auto testCase =
      makeCase("hetero", llvm::cantFail(std::move(builder).build()), device);
  ASSERT_TRUE(testCase);
  const Problem &problem = *testCase->problem;
  auto unitsOfType = [&](llvm::StringRef type) {
    std::set<unsigned> units;
    for (unsigned unit = 0; unit < device.numUnits(); ++unit)
      if (device.unitTypes[device.unitTypeOf(unit)].name == type)
        units.insert(unit);
    return units;
  };
  std::set<unsigned> matrix = unitsOfType("matrix"),
                     vector = unitsOfType("vector"), dma = unitsOfType("dma");
  ASSERT_EQ(matrix.size(), 2u);
  ASSERT_EQ(vector.size(), 2u);
  ASSERT_EQ(dma.size(), 1u);

  ScheduleEnv env(problem);
  llvm::SmallVector<ForwardAction> actions;
  env.getForwardActions(actions);
  std::map<NodeId, std::set<unsigned>> unitsOf;
  for (ForwardAction action : actions)
    unitsOf[action.op].insert(action.unit);
  std::set<unsigned> vectorOrDma = vector;
  vectorOrDma.insert(dma.begin(), dma.end());
  EXPECT_EQ(unitsOf[0], matrix);
  EXPECT_EQ(unitsOf[1], vectorOrDma);
  EXPECT_EQ(unitsOf[2], vector);
  EXPECT_EQ(unitsOf.count(3), 0u) << "map is not ready before mm";

  env.step({0, *matrix.begin()});
  env.getForwardActions(actions);
  std::set<unsigned> mapUnits;
  for (ForwardAction action : actions)
    if (action.op == 3)
      mapUnits.insert(action.unit);
  std::set<unsigned> matrixOrVector = matrix;
  matrixOrVector.insert(vector.begin(), vector.end());
  EXPECT_EQ(mapUnits, matrixOrVector);
}

//===----------------------------------------------------------------------===//
// Undo
//===----------------------------------------------------------------------===//

TEST(EnvironmentTest, UndoOfLastStepRestoresState) {
  for (const auto &testCase : makeProblemCases(31, 14)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(32, testCase->name));
    for (unsigned trial = 0; trial < 3; ++trial) {
      SCOPED_TRACE(describe(*testCase, trial));
      std::vector<ForwardAction> trajectory = randomTrajectory(problem, rng);
      ScheduleEnv env(problem);
      for (auto [t, action] : llvm::enumerate(trajectory)) {
        Observation before = observe(env);
        env.step(action);
        Observation after = observe(env);
        ASSERT_TRUE(after.removable.count(action.op))
            << "the op just placed must be removable";
        env.undo(action.op);
        expectSameObservation(observe(env), before,
                              "undo of step " + std::to_string(t));
        // And forward again to the same state.
        env.step(action);
        expectSameObservation(observe(env), after,
                              "redo of step " + std::to_string(t));
      }
    }
  }
}

TEST(EnvironmentTest, UndoOfEarlierStepMatchesReplayWithoutIt) {
  for (const auto &testCase : makeProblemCases(41, 14)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(42, testCase->name));
    for (unsigned trial = 0; trial < 3; ++trial) {
      SCOPED_TRACE(describe(*testCase, trial));
      std::vector<ForwardAction> trajectory = randomTrajectory(problem, rng);
      std::map<NodeId, unsigned> unitOf;
      for (ForwardAction action : trajectory)
        unitOf[action.op] = action.unit;
      ScheduleEnv env(problem);
      llvm::SmallVector<NodeId> removable;
      for (auto [t, action] : llvm::enumerate(trajectory)) {
        env.step(action);
        env.getRemovableOps(removable);
        for (NodeId op : removable) {
          if (op == action.op)
            continue; // the last step: UndoOfLastStepRestoresState
          ScheduleEnv copy = env;
          copy.undo(op);
          std::vector<NodeId> order;
          for (NodeId placed : env.placementOrder())
            if (placed != op)
              order.push_back(placed);
          EXPECT_THAT(copy.placementOrder().vec(),
                      ::testing::ElementsAreArray(order));
          expectSameObservation(observe(copy), replay(problem, order, unitOf),
                                "undo of op " + std::to_string(op) +
                                    " after step " + std::to_string(t));
        }
      }
    }
  }
}

TEST(EnvironmentTest, RandomWalkMatchesReplay) {
  // Steps and undos in any mix (undoing ops placed long ago, then undoing
  // further or stepping again) always leave the state that placing the
  // remaining ops afresh, in their placement order, gives.
  for (const auto &testCase : makeProblemCases(51, 12)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(52, testCase->name));
    ScheduleEnv env(problem);
    std::map<NodeId, unsigned> unitOf;
    llvm::SmallVector<ForwardAction> actions;
    llvm::SmallVector<NodeId> removable;
    for (unsigned move = 0; move < 300; ++move) {
      env.getRemovableOps(removable);
      bool forward =
          !env.isDone() && (removable.empty() || uniformReal(rng) < 0.55);
      std::string what;
      if (forward) {
        env.getForwardActions(actions);
        ForwardAction action = actions[uniformIndex(rng, actions.size())];
        env.step(action);
        unitOf[action.op] = action.unit;
        what = "step op " + std::to_string(action.op);
      } else {
        NodeId op = removable[uniformIndex(rng, removable.size())];
        env.undo(op);
        what = "undo op " + std::to_string(op);
      }
      SCOPED_TRACE(testCase->name + ", move " + std::to_string(move) + ": " +
                   what);
      expectSameObservation(observe(env),
                            replay(problem, env.placementOrder(), unitOf),
                            "against a replay");
      if (testing::Test::HasFailure())
        return;
    }
  }
}

/// A uniformly random order of `order`'s ops that keeps each op after its
/// predecessors and after the ops before it on its unit.
std::vector<NodeId>
shuffleTopologically(const Problem &problem, llvm::ArrayRef<NodeId> order,
                     const std::map<NodeId, unsigned> &unitOf, Rng &rng) {
  const DepGraph &graph = problem.getGraph();
  std::set<NodeId> remaining(order.begin(), order.end());
  std::map<unsigned, std::vector<NodeId>> chains;
  for (NodeId op : order)
    chains[unitOf.at(op)].push_back(op);
  std::map<unsigned, size_t> nextOnUnit;
  std::vector<NodeId> result;
  while (!remaining.empty()) {
    std::vector<NodeId> candidates;
    for (auto &[unit, chain] : chains) {
      size_t next = nextOnUnit[unit];
      if (next == chain.size())
        continue;
      NodeId op = chain[next];
      if (llvm::none_of(graph.preds(op),
                        [&](NodeId pred) { return remaining.count(pred); }))
        candidates.push_back(op);
    }
    NodeId op = candidates[uniformIndex(rng, candidates.size())];
    result.push_back(op);
    remaining.erase(op);
    ++nextOnUnit[unitOf.at(op)];
  }
  return result;
}

TEST(EnvironmentTest, StateDeterminesFeatures) {
  // The MDP's state is the partial schedule: every order of placing the same
  // chains must give the same observation, features included.
  for (const auto &testCase : makeProblemCases(61, 14)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(62, testCase->name));
    for (unsigned trial = 0; trial < 3; ++trial) {
      SCOPED_TRACE(describe(*testCase, trial));
      std::vector<ForwardAction> trajectory = randomTrajectory(problem, rng);
      std::map<NodeId, unsigned> unitOf;
      ScheduleEnv env(problem);
      for (auto [t, action] : llvm::enumerate(trajectory)) {
        env.step(action);
        unitOf[action.op] = action.unit;
        std::vector<NodeId> other =
            shuffleTopologically(problem, env.placementOrder(), unitOf, rng);
        expectSameObservation(observe(env), replay(problem, other, unitOf),
                              "another order after step " + std::to_string(t));
      }
    }
  }
}

TEST(EnvironmentTest, UndoWithTiedFinishTimes) {
  // a and b both finish at 2 on different units, and both feed c: which of
  // them is "c's latest-finishing predecessor" (feature 2) must depend on
  // the state only, not on the order a and b were placed or unplaced in.
  DepGraph graph = makeGraph({2, 2, 1, 1}, {{0, 2, 0}, {1, 2, 0}});
  auto testCase = makeCase("ties", graph, makeHomogeneousDevice(3));
  ASSERT_TRUE(testCase);
  const Problem &problem = *testCase->problem;
  std::map<NodeId, unsigned> unitOf = {{0, 0}, {1, 1}, {3, 1}};
  std::vector<std::vector<NodeId>> orders = {{0, 1}, {1, 0}};
  for (const std::vector<NodeId> &order : orders) {
    SCOPED_TRACE("order " + std::to_string(order[0]) + ", " +
                 std::to_string(order[1]));
    ScheduleEnv env(problem);
    for (NodeId op : order)
      env.step({op, unitOf[op]});
    expectSameObservation(observe(env), replay(problem, {0, 1}, unitOf),
                          "against placing a first");
  }
  // Place a, b and then d after b on unit 1; take d and b away and put b
  // back: the same state as placing a and b.
  ScheduleEnv env(problem);
  env.step({0, 0});
  env.step({1, 1});
  env.step({3, 1});
  env.undo(3);
  env.undo(1);
  env.step({1, 1});
  expectSameObservation(observe(env), replay(problem, {0, 1}, unitOf),
                        "after undo and redo");
}

//===----------------------------------------------------------------------===//
// Features by hand
//===----------------------------------------------------------------------===//

std::vector<float> forwardFeaturesOf(const ScheduleEnv &env, NodeId op,
                                     unsigned unit) {
  std::vector<float> features(kNumForwardFeatures);
  env.forwardFeatures({op, unit}, features.data());
  return features;
}

std::vector<float> backwardFeaturesOf(const ScheduleEnv &env, NodeId op) {
  std::vector<float> features(kNumBackwardFeatures);
  env.backwardFeatures(op, features.data());
  return features;
}

MATCHER_P(FeaturesAre, expected, "") {
  if (arg.size() != expected.size())
    return false;
  for (size_t k = 0; k < arg.size(); ++k)
    if (std::abs(arg[k] - float(expected[k])) > 1e-6f) {
      *result_listener << "feature " << k << " is " << arg[k] << ", expected "
                       << expected[k];
      return false;
    }
  return true;
}

TEST(EnvironmentTest, ForwardFeaturesByHand) {
  // a (2) -> c (1), b (1); two units. Bottom levels a 3, b 1, c 1: the
  // critical path is 3, so every time below is divided by 3.
  DepGraph graph = makeGraph({2, 1, 1}, {{0, 2, 0}});
  auto testCase = makeCase("three", graph, makeHomogeneousDevice(2));
  ASSERT_TRUE(testCase);
  const Problem &problem = *testCase->problem;
  ASSERT_EQ(problem.criticalPath(), 3);
  const double third = 1.0 / 3;
  using Features = std::vector<double>;

  ScheduleEnv env(problem);
  // Empty state: a on u0 starts at 0 and ends at 2 (makespan +2); its
  // finish plus the path after it (c, 1) raises the lower bound from 0 to 3.
  EXPECT_THAT(forwardFeaturesOf(env, 0, 0),
              FeaturesAre(Features{0, 0, 0, 0, 0, 2 * third, 1, 2 * third, 0}));
  EXPECT_THAT(forwardFeaturesOf(env, 1, 1),
              FeaturesAre(Features{0, 0, 0, 0, 0, third, third, third, 0}));

  // b on u0: [0, 1]; lower bound 1, makespan 1.
  env.step({1, 0});
  EXPECT_EQ(env.start(1), 0);
  EXPECT_EQ(env.finish(1), 1);
  EXPECT_EQ(env.makespan(), 1);
  // a on u0 waits for b: it starts at 1, 1/3 after the earliest free unit
  // (u1, free at 0), u0 being free 1/3 after it too; it ends at 3 (makespan
  // +2/3), and with c (1) after it the bound becomes 4 (+3/3). One op of
  // three is placed.
  EXPECT_THAT(forwardFeaturesOf(env, 0, 0),
              FeaturesAre(Features{third, third, 0, third, 0, 2 * third, 1,
                                   2 * third, 0}));
  // a on u1: [0, 2], makespan +1/3, bound 2 + 1 = 3, +2/3.
  EXPECT_THAT(
      forwardFeaturesOf(env, 0, 1),
      FeaturesAre(Features{0, 0, 0, third, 0, third, 2 * third, 2 * third, 0}));
  env.undo(1);

  // a on u0 [0, 2], then b on u1 [0, 1]: lower bound 3, makespan 2, units
  // free at 2 and 1.
  env.step({0, 0});
  env.step({1, 1});
  EXPECT_EQ(env.makespan(), 2);
  EXPECT_EQ(env.unitFree(0), 2);
  EXPECT_EQ(env.unitFree(1), 1);
  // c on u0 (a's unit): starts at 2 = free(u0) = when a is done; ends at 3.
  EXPECT_THAT(
      forwardFeaturesOf(env, 2, 0),
      FeaturesAre(Features{third, third, 1, 2 * third, 0, third, 0, third, 0}));
  // c on u1: u1 is free at 1 but c waits for a until 2: idle gap 1/3.
  EXPECT_THAT(
      forwardFeaturesOf(env, 2, 1),
      FeaturesAre(Features{third, 0, 0, 2 * third, third, third, 0, third, 0}));

  // Backward features: a ends at the makespan, b 1/3 before it.
  EXPECT_THAT(backwardFeaturesOf(env, 0),
              FeaturesAre(Features{0, 2 * third, 2 * third, 0}));
  EXPECT_THAT(backwardFeaturesOf(env, 1),
              FeaturesAre(Features{third, third, 2 * third, 0}));
  env.step({2, 1});
  // c on u1 [2, 3] after b [0, 1]: an idle gap of 1/3 before it.
  EXPECT_EQ(env.start(2), 2);
  EXPECT_THAT(backwardFeaturesOf(env, 2),
              FeaturesAre(Features{0, third, 1, third}));
  llvm::SmallVector<NodeId> removable;
  env.getRemovableOps(removable);
  EXPECT_THAT(removable, ::testing::ElementsAre(2u))
      << "a has a placed successor and b is not last on u1";
}

TEST(EnvironmentTest, SlowUnitFeatures) {
  // One op of 2000 FLOPs on a unit of 2 GFLOP/s (1 us) and one of 1 GFLOP/s
  // (2 us): the critical path is 1 us.
  Device device;
  device.name = "fast-slow";
  device.unitTypes = {makeUnitType("fast", 1, 2, {OpClass::Elementwise}),
                      makeUnitType("slow", 1, 1, {OpClass::Elementwise})};
  device.finalizeUnits();
  DepGraphBuilder builder;
  builder.addNode({OpClass::Elementwise, 2000, 0, std::nullopt}, "x");
  auto testCase =
      makeCase("fast-slow", llvm::cantFail(std::move(builder).build()), device);
  ASSERT_TRUE(testCase);
  ASSERT_DOUBLE_EQ(testCase->problem->criticalPath(), 1);
  ScheduleEnv env(*testCase->problem);
  using Features = std::vector<double>;
  EXPECT_THAT(forwardFeaturesOf(env, 0, 0),
              FeaturesAre(Features{0, 0, 0, 0, 0, 1, 1, 1, 0}));
  EXPECT_THAT(forwardFeaturesOf(env, 0, 1),
              FeaturesAre(Features{0, 0, 0, 0, 0, 2, 2, 2, 1}));
}

} // namespace

//===----------------------------------------------------------------------===//
// Best-fit units
//===----------------------------------------------------------------------===//

namespace {

/// The best proxy makespan over every complete trajectory from `env`'s state
/// (exhaustive; tiny problems only).
double bestReachableMakespan(ScheduleEnv &env) {
  if (env.isDone())
    return env.makespan();
  llvm::SmallVector<ForwardAction> actions;
  env.getForwardActions(actions);
  double best = std::numeric_limits<double>::infinity();
  for (ForwardAction action : actions) {
    env.step(action);
    best = std::min(best, bestReachableMakespan(env));
    env.undo(action.op);
  }
  return best;
}

} // namespace

TEST(BestFitTest, KeepsTheProxyOptimum) {
  // Dropping the dominated placements must not lose the best schedule.
  Rng rng(31);
  for (unsigned trial = 0; trial < 12; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    auto testCase = makeCase("tiny", makeRandomGraph(rng, 7, 0.25, 3),
                             makeHomogeneousDevice(trial % 2 ? 3 : 2));
    ASSERT_TRUE(testCase);
    ScheduleEnv any(*testCase->problem, UnitChoice::Any);
    ScheduleEnv bestFit(*testCase->problem, UnitChoice::BestFit);
    EXPECT_EQ(bestReachableMakespan(bestFit), bestReachableMakespan(any));
  }
}

TEST(BestFitTest, OffersOneUnitPerStartAndDuration) {
  for (const auto &testCase : makeProblemCases(41, 16)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(42, testCase->name));
    ScheduleEnv env(problem, UnitChoice::BestFit);
    llvm::SmallVector<ForwardAction> actions;
    while (!env.isDone()) {
      env.getForwardActions(actions);
      ASSERT_FALSE(actions.empty());
      for (NodeId op : env.readyOps()) {
        // Every (start, duration) an allowed unit gives appears exactly once,
        // on the unit that was free latest among those giving it.
        std::map<std::pair<double, double>, unsigned> expected;
        for (unsigned unit : problem.allowedUnits(op)) {
          auto key = std::make_pair(env.earliestStart(op, unit),
                                    problem.duration(op, unit));
          auto [it, inserted] = expected.insert({key, unit});
          if (!inserted && env.unitFree(unit) > env.unitFree(it->second))
            it->second = unit;
        }
        std::map<std::pair<double, double>, unsigned> offered;
        for (ForwardAction action : actions) {
          if (action.op != op)
            continue;
          bool isNew = offered
                           .insert({{env.earliestStart(op, action.unit),
                                     problem.duration(op, action.unit)},
                                    action.unit})
                           .second;
          EXPECT_TRUE(isNew)
              << testCase->name << ": op " << op << " offered twice";
        }
        EXPECT_EQ(offered, expected) << testCase->name << ": op " << op;
      }
      env.step(actions[uniformIndex(rng, actions.size())]);
    }
  }
}

TEST(BestFitTest, BackwardMaskInvertsTheForwardMask) {
  // An op last on its unit is removable exactly when, in the state without
  // it, placing it back where it was is a legal forward action; so the op
  // placed last always is.
  for (const auto &testCase : makeProblemCases(51, 14)) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    Rng rng(deriveSeed(52, testCase->name));
    ScheduleEnv env(problem, UnitChoice::BestFit);
    llvm::SmallVector<ForwardAction> actions, parentActions;
    llvm::SmallVector<NodeId> removable, lastOnUnits;
    std::vector<unsigned> unitOf(problem.numOps());
    ScheduleEnv paperMDP(problem, UnitChoice::Any);
    while (!env.isDone()) {
      env.getForwardActions(actions);
      ForwardAction action = actions[uniformIndex(rng, actions.size())];
      env.step(action);
      paperMDP.step(action);
      unitOf[action.op] = action.unit;
      env.getRemovableOps(removable);
      EXPECT_TRUE(llvm::is_contained(removable, action.op))
          << testCase->name << ": the op placed last is not removable";
      // The paper's MDP offers every op last on its unit with no placed
      // successor; best fit keeps those whose placement was a best fit.
      paperMDP.getRemovableOps(lastOnUnits);
      for (NodeId op : lastOnUnits) {
        // Masks depend on the state only: rebuild the parent state by
        // placing the other ops in their order.
        ScheduleEnv parent(problem, UnitChoice::BestFit);
        for (NodeId other : env.placementOrder())
          if (other != op)
            parent.step({other, unitOf[other]});
        parent.getForwardActions(parentActions);
        bool legal =
            llvm::is_contained(parentActions, ForwardAction{op, unitOf[op]});
        EXPECT_EQ(llvm::is_contained(removable, op), legal)
            << testCase->name << ": op " << op;
      }
      for (NodeId op : removable)
        EXPECT_TRUE(llvm::is_contained(lastOnUnits, op)) << testCase->name;
    }
  }
}
