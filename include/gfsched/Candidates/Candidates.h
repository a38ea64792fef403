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

class GFlowNetModel;

/// Where candidate schedules come from.
enum class PolicyKind { GFlowNet, List, Random };
llvm::StringRef getPolicyKindName(PolicyKind kind);
std::optional<PolicyKind> parsePolicyKind(llvm::StringRef name);

/// The source of `kind`: the classic ones, or the GFlowNet sampler over
/// `model` (required for it) spreading its samples over `pool` (may be null).
llvm::Expected<std::unique_ptr<CandidateSource>>
createCandidateSource(PolicyKind kind,
                      std::shared_ptr<const GFlowNetModel> model = nullptr,
                      llvm::ThreadPoolInterface *pool = nullptr);

struct Choice {
  Schedule schedule;
  Timing proxy;               ///< The chosen schedule under the proxy model.
  Timing target;              ///< The chosen schedule under the target model.
  unsigned numCandidates = 0; ///< Drawn.
  unsigned numEvaluated = 0;  ///< Evaluated on the target.
};

/// The indices of the `topK` distinct candidates to evaluate on the target,
/// best proxy makespan first. Of equal schedules the first drawn stands for
/// all: target evaluations are the scarce resource, and a copy of a kept
/// schedule would waste one.
///
/// Candidates within `spread` (a fraction, >= 0) of the best proxy makespan
/// are near-best. When more than `topK` are, the kept ones are chosen among
/// them for diversity, greedily by summed chain-edge distance (GED) from the
/// best one on; otherwise the best `topK` by proxy are kept (ties in drawing
/// order). The proxy cannot rank near-best schedules for the target, and a
/// spread set covers more of the target's possible disagreements with it.
std::vector<size_t> rankDistinct(llvm::ArrayRef<Schedule> candidates,
                                 llvm::ArrayRef<double> proxyMakespans,
                                 unsigned topK, double spread = 0);

/// Keeps the candidates (non-empty, all complete and feasible) that
/// rankDistinct picks by proxy makespan, evaluates them on `target`, and
/// returns the one with the lowest target makespan (ties: better proxy rank).
Choice chooseBest(std::vector<Schedule> candidates, unsigned topK,
                  const LatencyModel &proxy, const LatencyModel &target,
                  double spread = 0);

/// What chooseBest would see in `candidates`, for diagnostics: how many are
/// distinct, and the proxy makespans of the ones rankDistinct keeps (those
/// evaluated on the target). Simulates every candidate once, so it is not free.
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
                                     double spread = 0);

} // namespace gfsched

#endif // GFSCHED_CANDIDATES_CANDIDATES_H
