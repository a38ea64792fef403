//===- Candidates.cpp - Draw, rank by proxy, check on target --------------===//

#include "gfsched/Candidates/Candidates.h"

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Search/CandidateSource.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <numeric>

using namespace gfsched;

static constexpr llvm::StringLiteral kPolicyKindNames[] = {"gflownet", "list",
                                                           "random"};

llvm::StringRef gfsched::getPolicyKindName(PolicyKind kind) {
  return kPolicyKindNames[static_cast<unsigned>(kind)];
}

std::optional<PolicyKind> gfsched::parsePolicyKind(llvm::StringRef name) {
  for (auto [index, kindName] : llvm::enumerate(kPolicyKindNames))
    if (name == kindName)
      return static_cast<PolicyKind>(index);
  return std::nullopt;
}

llvm::Expected<std::unique_ptr<CandidateSource>>
gfsched::createCandidateSource(PolicyKind kind,
                               std::shared_ptr<const GFlowNetModel> model,
                               llvm::ThreadPoolInterface *pool) {
  switch (kind) {
  case PolicyKind::List:
    return createListSource();
  case PolicyKind::Random:
    return createRandomSource();
  case PolicyKind::GFlowNet:
    if (!model)
      return llvm::createStringError("policy=gflownet needs a model");
    return std::make_unique<GFlowNetSource>(std::move(model), pool);
  }
  llvm_unreachable("unknown policy kind");
}

static Timing simulateFeasible(const LatencyModel &model,
                               const Schedule &schedule) {
  std::optional<Timing> timing = model.simulate(schedule);
  assert(timing && "candidates must be feasible");
  return timing ? std::move(*timing) : Timing();
}

Choice gfsched::chooseBest(std::vector<Schedule> candidates, unsigned topK,
                           const LatencyModel &proxy,
                           const LatencyModel &target) {
  assert(!candidates.empty() && "chooseBest needs a candidate");
  std::vector<double> proxyMakespans;
  proxyMakespans.reserve(candidates.size());
  for (const Schedule &schedule : candidates)
    proxyMakespans.push_back(proxy.makespan(schedule));
  std::vector<size_t> rank(candidates.size());
  std::iota(rank.begin(), rank.end(), 0);
  llvm::stable_sort(rank, [&](size_t a, size_t b) {
    return proxyMakespans[a] < proxyMakespans[b];
  });

  // Evaluating nothing would leave nothing to choose: at least one.
  unsigned numEvaluated =
      std::min<size_t>(std::max(topK, 1u), candidates.size());
  size_t bestIndex = rank.front();
  double bestTarget = target.makespan(candidates[bestIndex]);
  for (size_t position = 1; position < numEvaluated; ++position) {
    size_t index = rank[position];
    double makespan = target.makespan(candidates[index]);
    // Strictly better only: on ties the better proxy rank stays.
    if (makespan < bestTarget) {
      bestTarget = makespan;
      bestIndex = index;
    }
  }

  Choice choice;
  choice.schedule = std::move(candidates[bestIndex]);
  choice.proxy = simulateFeasible(proxy, choice.schedule);
  choice.target = simulateFeasible(target, choice.schedule);
  choice.numCandidates = candidates.size();
  choice.numEvaluated = numEvaluated;
  return choice;
}
