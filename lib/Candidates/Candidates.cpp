//===- Candidates.cpp - Draw, rank by proxy, check on target --------------===//

#include "gfsched/Candidates/Candidates.h"

#include "gfsched/Candidates/Diversity.h"
#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Schedule/Locality.h"
#include "gfsched/Search/CandidateSource.h"
#include "gfsched/Support/Parallel.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <numeric>

using namespace gfsched;

static constexpr llvm::StringLiteral kPolicyKindNames[] = {"gflownet", "list",
                                                           "random"};
static_assert(std::size(kPolicyKindNames) ==
                  static_cast<size_t>(PolicyKind::Random) + 1,
              "one name per PolicyKind, in its order");

llvm::StringRef gfsched::getPolicyKindName(PolicyKind kind) {
  return kPolicyKindNames[static_cast<unsigned>(kind)];
}

std::optional<PolicyKind> gfsched::parsePolicyKind(llvm::StringRef name) {
  for (auto [index, kindName] : llvm::enumerate(kPolicyKindNames))
    if (name == kindName)
      return static_cast<PolicyKind>(index);
  return std::nullopt;
}

llvm::Expected<std::unique_ptr<CandidateSource>> gfsched::createCandidateSource(
    PolicyKind kind, std::shared_ptr<const GFlowNetModel> model,
    llvm::ThreadPoolInterface *pool, const SamplingOptions &sampling) {
  switch (kind) {
  case PolicyKind::List:
    return createListSource();
  case PolicyKind::Random:
    return createRandomSource();
  case PolicyKind::GFlowNet:
    if (!model)
      return llvm::createStringError("policy=gflownet needs a model");
    return std::make_unique<GFlowNetSource>(std::move(model), pool, sampling);
  }
  llvm_unreachable("unknown policy kind");
}

static Timing simulateFeasible(const LatencyModel &model,
                               const Schedule &schedule) {
  std::optional<Timing> timing = model.simulate(schedule);
  assert(timing && "candidates must be feasible");
  return timing ? std::move(*timing) : Timing();
}

/// The distinct candidates in proxy order (stable), best first.
static std::vector<size_t>
sortDistinctByProxy(llvm::ArrayRef<Schedule> candidates,
                    llvm::ArrayRef<double> proxyMakespans) {
  std::vector<size_t> rank(candidates.size());
  std::iota(rank.begin(), rank.end(), 0);
  llvm::stable_sort(rank, [&](size_t a, size_t b) {
    return proxyMakespans[a] < proxyMakespans[b];
  });
  DistinctSchedules seen;
  llvm::erase_if(rank, [&](size_t index) {
    return seen.insert(candidates, index) != index;
  });
  return rank;
}

/// Picks `count` of `pool` (indices into candidates, best proxy first)
/// greedily: the best first, then each time the one whose chain-edge
/// distances (GED) to those already picked sum highest, which is the greedy
/// step for the mean pairwise GED of the result. Ties go to the better proxy
/// rank. Returns positions in `pool`, ascending.
static std::vector<size_t> pickSpread(llvm::ArrayRef<Schedule> candidates,
                                      llvm::ArrayRef<size_t> pool,
                                      size_t count) {
  assert(count >= 1 && count <= pool.size() && "cannot pick that many");
  std::vector<std::vector<NodeId>> successors;
  successors.reserve(pool.size());
  for (size_t index : pool)
    successors.push_back(getChainSuccessors(candidates[index]));
  std::vector<double> summedDistance(pool.size(), 0);
  std::vector<bool> picked(pool.size(), false);
  std::vector<size_t> positions;
  size_t next = 0;
  while (true) {
    picked[next] = true;
    positions.push_back(next);
    if (positions.size() == count)
      break;
    std::optional<size_t> farthest;
    for (size_t position = 0; position < pool.size(); ++position) {
      if (picked[position])
        continue;
      summedDistance[position] +=
          chainEdgeDistance(successors[next], successors[position]);
      if (!farthest || summedDistance[position] > summedDistance[*farthest])
        farthest = position;
    }
    next = *farthest;
  }
  llvm::sort(positions);
  return positions;
}

/// The first `count` of `rank` (distinct candidates, best proxy first), or,
/// when more than that are within `spread` of the best proxy makespan, the
/// spread pick among those. Positions in `rank`, ascending.
static std::vector<size_t> keepNearBest(llvm::ArrayRef<Schedule> candidates,
                                        llvm::ArrayRef<double> proxyMakespans,
                                        llvm::ArrayRef<size_t> rank,
                                        size_t count, double spread) {
  double nearBest = proxyMakespans[rank.front()] * (1 + spread);
  size_t numNear = llvm::count_if(
      rank, [&](size_t index) { return proxyMakespans[index] <= nearBest; });
  if (numNear <= count) {
    std::vector<size_t> positions(count);
    std::iota(positions.begin(), positions.end(), 0);
    return positions;
  }
  return pickSpread(candidates, rank.take_front(numNear), count);
}

/// Adds to `kept` (positions in `rank`) `count` more: the candidates within
/// `band` of the best proxy makespan that move the least data between units,
/// then any by proxy rank. What a crossing costs depends on the target, as
/// in tightening, so the picks alternate between two orders: fewest crossing
/// edges (latency-bound transfers) and fewest crossing bytes
/// (bandwidth-bound), each time the next one not kept yet. Ties go to the
/// better proxy rank.
static void addDataLocal(const DepGraph &graph,
                         llvm::ArrayRef<Schedule> candidates,
                         llvm::ArrayRef<double> proxyMakespans,
                         llvm::ArrayRef<size_t> rank, size_t count, double band,
                         std::vector<size_t> &kept) {
  std::vector<bool> isKept(rank.size(), false);
  for (size_t position : kept)
    isKept[position] = true;
  double limit = proxyMakespans[rank.front()] * (1 + band);
  std::vector<std::pair<unsigned, size_t>> byEdgeCount;
  std::vector<std::pair<double, size_t>> byByteCount;
  for (auto [position, index] : llvm::enumerate(rank)) {
    if (isKept[position] || proxyMakespans[index] > limit)
      continue;
    CrossUnitTraffic traffic =
        measureCrossUnitTraffic(graph, candidates[index]);
    byEdgeCount.push_back({traffic.edges, position});
    byByteCount.push_back({traffic.bytes, position});
  }
  llvm::stable_sort(byEdgeCount, llvm::less_first());
  llvm::stable_sort(byByteCount, llvm::less_first());

  size_t goal = kept.size() + count;
  auto keep = [&](size_t position) {
    if (isKept[position])
      return;
    kept.push_back(position);
    isKept[position] = true;
  };
  // The next candidate of `order` not kept yet. Both orders hold the same
  // candidates, so when one runs out, so has the other.
  auto nextOf = [&](const auto &order,
                    size_t &cursor) -> std::optional<size_t> {
    while (cursor < order.size() && isKept[order[cursor].second])
      ++cursor;
    return cursor < order.size() ? std::optional(order[cursor].second)
                                 : std::nullopt;
  };
  size_t edgesCursor = 0, bytesCursor = 0;
  for (bool byEdges = true; kept.size() < goal; byEdges = !byEdges) {
    std::optional<size_t> position = byEdges ? nextOf(byEdgeCount, edgesCursor)
                                             : nextOf(byByteCount, bytesCursor);
    if (!position)
      break;
    keep(*position);
  }
  for (size_t position = 0; kept.size() < goal; ++position)
    keep(position);
}

std::vector<size_t> gfsched::rankDistinct(const DepGraph &graph,
                                          llvm::ArrayRef<Schedule> candidates,
                                          llvm::ArrayRef<double> proxyMakespans,
                                          unsigned topK,
                                          const KeepPolicy &policy) {
  assert(candidates.size() == proxyMakespans.size() && "one makespan each");
  assert(KeepPolicy::isValidLocalShare(policy.localShare) && "a share");
  std::vector<size_t> rank = sortDistinctByProxy(candidates, proxyMakespans);
  if (rank.size() <= topK)
    return rank;
  size_t numLocal = std::min<size_t>(policy.localShare * topK, topK - 1);
  std::vector<size_t> positions = keepNearBest(candidates, proxyMakespans, rank,
                                               topK - numLocal, policy.spread);
  if (numLocal)
    addDataLocal(graph, candidates, proxyMakespans, rank, numLocal,
                 policy.localBand, positions);
  llvm::sort(positions);
  std::vector<size_t> kept;
  kept.reserve(positions.size());
  for (size_t position : positions)
    kept.push_back(rank[position]);
  return kept;
}

/// Candidates per task: a simulation of a 128-op window takes microseconds.
static constexpr unsigned kMakespansPerTask = 64;

/// model.makespan of candidates[indices[i]] for every i, on `pool` when there
/// is one.
static std::vector<double> computeMakespans(const LatencyModel &model,
                                            llvm::ArrayRef<Schedule> candidates,
                                            llvm::ArrayRef<size_t> indices,
                                            llvm::ThreadPoolInterface *pool) {
  std::vector<double> makespans(indices.size());
  forEachChunk(pool, indices.size(), kMakespansPerTask,
               [&](unsigned begin, unsigned end) {
                 for (unsigned i = begin; i < end; ++i)
                   makespans[i] = model.makespan(candidates[indices[i]]);
               });
  return makespans;
}

namespace {
/// Every candidate's proxy makespan, and the candidates rankDistinct keeps.
struct ProxyRanking {
  std::vector<double> makespans;
  std::vector<size_t> kept;
};
} // namespace

/// What chooseBest and summarizeCandidates both start from. Evaluating
/// nothing would leave nothing to choose: at least one is kept.
static ProxyRanking rankByProxy(llvm::ArrayRef<Schedule> candidates,
                                unsigned topK, const LatencyModel &proxy,
                                const KeepPolicy &policy,
                                llvm::ThreadPoolInterface *pool) {
  std::vector<size_t> all(candidates.size());
  std::iota(all.begin(), all.end(), 0);
  ProxyRanking ranking;
  ranking.makespans = computeMakespans(proxy, candidates, all, pool);
  ranking.kept = rankDistinct(proxy.getProblem().getGraph(), candidates,
                              ranking.makespans, std::max(topK, 1u), policy);
  return ranking;
}

Choice gfsched::chooseBest(std::vector<Schedule> candidates, unsigned topK,
                           const LatencyModel &proxy,
                           const LatencyModel &target, const KeepPolicy &policy,
                           llvm::ThreadPoolInterface *pool) {
  assert(!candidates.empty() && "chooseBest needs a candidate");
  std::vector<size_t> rank =
      rankByProxy(candidates, topK, proxy, policy, pool).kept;
  std::vector<double> targetMakespans =
      computeMakespans(target, candidates, rank, pool);
  // The first lowest: on ties the better proxy rank stays.
  size_t bestPosition =
      std::min_element(targetMakespans.begin(), targetMakespans.end()) -
      targetMakespans.begin();

  Choice choice;
  choice.schedule = std::move(candidates[rank[bestPosition]]);
  choice.proxy = simulateFeasible(proxy, choice.schedule);
  choice.target = simulateFeasible(target, choice.schedule);
  choice.numCandidates = candidates.size();
  choice.numEvaluated = rank.size();
  return choice;
}

/// Candidates that differ in no unit's order count once.
static unsigned countDistinct(llvm::ArrayRef<Schedule> candidates) {
  DistinctSchedules seen;
  unsigned distinct = 0;
  for (size_t index = 0; index < candidates.size(); ++index)
    distinct += seen.insert(candidates, index) == index;
  return distinct;
}

double CandidateSummary::keptMedian() const {
  size_t size = keptProxyMakespans.size();
  return size % 2 ? keptProxyMakespans[size / 2]
                  : (keptProxyMakespans[size / 2 - 1] +
                     keptProxyMakespans[size / 2]) /
                        2;
}

CandidateSummary
gfsched::summarizeCandidates(llvm::ArrayRef<Schedule> candidates, unsigned topK,
                             const LatencyModel &proxy,
                             const KeepPolicy &policy,
                             llvm::ThreadPoolInterface *pool) {
  assert(!candidates.empty() && "nothing to summarize");
  CandidateSummary summary;
  summary.numDrawn = candidates.size();
  summary.numDistinct = countDistinct(candidates);
  ProxyRanking ranking = rankByProxy(candidates, topK, proxy, policy, pool);
  for (size_t index : ranking.kept)
    summary.keptProxyMakespans.push_back(ranking.makespans[index]);
  return summary;
}
