//===- Distribution.cpp - What a policy samples, exactly ------------------===//

#include "gfsched/GFlowNet/Distribution.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>

using namespace gfsched;

namespace {

/// A depth-first walk over every trajectory, accumulating P_T by schedule.
class TrajectoryEnumerator {
public:
  TrajectoryEnumerator(const Problem &problem, UnitChoice unitChoice,
                       const HeadWeights *forward, uint64_t maxTrajectories)
      : env(problem, unitChoice), forward(forward),
        maxTrajectories(maxTrajectories) {}

  llvm::Expected<TerminalDistribution> run() {
    env.reset();
    if (!visit(0))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "more than %llu trajectories: too large to enumerate",
          static_cast<unsigned long long>(maxTrajectories));
    result.numTrajectories = numTrajectories;
    return std::move(result);
  }

private:
  /// The log-probabilities of the legal actions of the current state.
  void scoreActions(llvm::SmallVectorImpl<ForwardAction> &actions,
                    std::vector<double> &logProbabilities) {
    if (!forward) {
      env.getForwardActions(actions);
      logProbabilities.assign(actions.size(), -std::log(actions.size()));
      return;
    }
    computeForwardLogits(*forward, env, scratch);
    actions.assign(scratch.actions.begin(), scratch.actions.end());
    logProbabilities.resize(actions.size());
    for (size_t index = 0; index < actions.size(); ++index)
      logProbabilities[index] = logSoftmaxAt(scratch.logits, index);
  }

  /// Adds the trajectories below the current state, reached with
  /// probability exp(logProbability). False when there are too many.
  bool visit(double logProbability) {
    if (env.isDone()) {
      if (++numTrajectories > maxTrajectories)
        return false;
      addTerminal(std::exp(logProbability));
      return true;
    }
    llvm::SmallVector<ForwardAction> actions;
    std::vector<double> logProbabilities;
    scoreActions(actions, logProbabilities);
    for (auto [action, logStep] : llvm::zip_equal(actions, logProbabilities)) {
      env.step(action);
      bool ok = visit(logProbability + logStep);
      env.undo(action.op);
      if (!ok)
        return false;
    }
    return true;
  }

  void addTerminal(double probability) {
    size_t index = result.schedules.size();
    result.schedules.push_back(env.toSchedule());
    size_t first = distinct.insert(result.schedules, index);
    if (first != index) {
      result.schedules.pop_back();
      result.probability[first] += probability;
      return;
    }
    result.probability.push_back(probability);
    result.makespan.push_back(env.makespan());
  }

  ScheduleEnv env;
  const HeadWeights *forward;
  uint64_t maxTrajectories;
  uint64_t numTrajectories = 0;
  HeadScratch scratch;
  DistinctSchedules distinct;
  TerminalDistribution result;
};

} // namespace

llvm::Expected<TerminalDistribution> gfsched::computeTerminalDistribution(
    const Problem &problem, UnitChoice unitChoice, const HeadWeights *forward,
    uint64_t maxTrajectories) {
  return TrajectoryEnumerator(problem, unitChoice, forward, maxTrajectories)
      .run();
}

std::vector<double>
gfsched::normalizeLogRewards(llvm::ArrayRef<double> logReward) {
  double maxLog = *std::max_element(logReward.begin(), logReward.end());
  std::vector<double> reward;
  double partition = 0;
  for (double value : logReward) {
    reward.push_back(std::exp(value - maxLog));
    partition += reward.back();
  }
  for (double &value : reward)
    value /= partition;
  return reward;
}

double gfsched::distanceToReward(llvm::ArrayRef<double> probability,
                                 llvm::ArrayRef<double> logReward) {
  assert(probability.size() == logReward.size() && "one reward each");
  double distance = 0;
  for (auto [p, q] :
       llvm::zip_equal(probability, normalizeLogRewards(logReward)))
    distance += std::abs(p - q);
  return distance / 2;
}
