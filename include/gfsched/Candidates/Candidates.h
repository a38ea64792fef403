//===- Candidates.h - Draw, rank by proxy, check on target ------*- C++ -*-===//
//
// The paper's pipeline as one small piece shared by the pass and the
// benchmark: candidate schedules (from any scheduler) are ranked by proxy
// makespan, the best k are evaluated on the target model, and the schedule
// with the lowest target makespan wins.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_CANDIDATES_CANDIDATES_H
#define GFSCHED_CANDIDATES_CANDIDATES_H

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"
#include "gfsched/Search/CandidateSource.h"
#include "gfsched/Support/Random.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <vector>

namespace llvm {
class ThreadPoolInterface;
} // namespace llvm

namespace gfsched {

/// Where candidate schedules come from.
enum class PolicyKind { GFlowNet, List, Random };
llvm::StringRef getPolicyKindName(PolicyKind kind);
std::optional<PolicyKind> parsePolicyKind(llvm::StringRef name);

/// The source of `kind`: the classic ones, or the GFlowNet sampler over
/// `model` (required for it) spreading its samples over `pool` (may be null)
/// with `sampling`.
llvm::Expected<std::unique_ptr<CandidateSource>>
createCandidateSource(PolicyKind kind,
                      std::shared_ptr<const GFlowNetModel> model = nullptr,
                      llvm::ThreadPoolInterface *pool = nullptr,
                      const SamplingOptions &sampling = {});

struct Choice {
  Schedule schedule;
  Timing proxy;               ///< The chosen schedule under the proxy model.
  Timing target;              ///< The chosen schedule under the target model.
  unsigned numCandidates = 0; ///< Drawn.
  unsigned numEvaluated = 0;  ///< Evaluated on the target.
};

/// How rankDistinct fills the kept set, the candidates judged on the target.
struct KeepPolicy {
  /// Candidates within `spread` (a fraction, >= 0) of the best proxy
  /// makespan are near-best. The proxy cannot rank them for the target, so
  /// when more are near-best than there is room for, the kept ones are
  /// spread over them for diversity rather than taken in drawing order.
  double spread = 0;
  /// The share of the kept set (in [0, 1)) reserved for data-local
  /// candidates: of those within `localBand` of the best proxy makespan, the
  /// ones that move the least data between units. The proxy moves data for
  /// free; a target whose transfers cost more than the device says favours
  /// schedules that are a little longer on the proxy but move less.
  double localShare = 0;
  double localBand = 0.2;

  /// The values `localShare` may take, [0, 1): one kept is always near-best.
  static bool isValidLocalShare(double share) {
    return share >= 0 && share < 1;
  }
};

/// The indices of the `topK` distinct candidates of schedules of `graph` to
/// evaluate on the target, best proxy makespan first. Of equal schedules the
/// first drawn stands for all: target evaluations are the scarce resource,
/// and a copy of a kept schedule would waste one.
///
/// floor(localShare x topK) of them (at most topK - 1) are the data-local
/// reserve; the rest are near-best. When more candidates than that are
/// within `spread` of the best proxy makespan, the near-best kept are chosen
/// among them greedily by summed chain-edge distance (GED) from the best one
/// on; otherwise they are the best by proxy (ties in drawing order). The
/// reserve takes the remaining candidates within `localBand`, alternately
/// the one with the fewest dependency edges between units and the one with
/// the fewest bytes on such edges (ties: proxy rank), then any by proxy rank.
std::vector<size_t> rankDistinct(const DepGraph &graph,
                                 llvm::ArrayRef<Schedule> candidates,
                                 llvm::ArrayRef<double> proxyMakespans,
                                 unsigned topK, const KeepPolicy &policy = {});

/// Keeps the candidates (non-empty, all complete and feasible) that
/// rankDistinct picks, evaluates them on `target`, and returns the one with
/// the lowest target makespan (ties: better proxy rank). Simulates on `pool`
/// when there is one, with the same result.
Choice chooseBest(std::vector<Schedule> candidates, unsigned topK,
                  const LatencyModel &proxy, const LatencyModel &target,
                  const KeepPolicy &policy = {},
                  llvm::ThreadPoolInterface *pool = nullptr);

/// What chooseBest would see in `candidates`, for diagnostics: how many are
/// distinct, and the proxy makespans of the ones rankDistinct keeps (those
/// evaluated on the target). Simulates every candidate once (on `pool` when
/// there is one), so it is not free.
struct CandidateSummary {
  unsigned numDrawn = 0;
  unsigned numDistinct = 0;
  /// The proxy makespans of the min(topK, numDistinct) kept, ascending.
  std::vector<double> keptProxyMakespans;

  double keptMin() const { return keptProxyMakespans.front(); }
  double keptMedian() const;
  double keptMax() const { return keptProxyMakespans.back(); }
};
CandidateSummary summarizeCandidates(llvm::ArrayRef<Schedule> candidates,
                                     unsigned topK, const LatencyModel &proxy,
                                     const KeepPolicy &policy = {},
                                     llvm::ThreadPoolInterface *pool = nullptr);

} // namespace gfsched

#endif // GFSCHED_CANDIDATES_CANDIDATES_H
