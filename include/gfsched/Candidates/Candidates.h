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
#include "gfsched/Support/Random.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <vector>

namespace gfsched {

/// Where candidate schedules come from.
enum class PolicyKind { GFlowNet, List, Random };
llvm::StringRef getPolicyKindName(PolicyKind kind);
std::optional<PolicyKind> parsePolicyKind(llvm::StringRef name);

/// A source of candidate schedules for a problem.
class CandidateSource {
public:
  virtual ~CandidateSource();
  /// Draws up to `count` schedules at temperature `temperature` (> 0; sources
  /// without a temperature ignore it), each one complete and feasible.
  /// Deterministic for a given `rng` state.
  virtual llvm::Expected<std::vector<Schedule>>
  draw(const Problem &problem, unsigned count, double temperature,
       Rng &rng) = 0;
};

/// The classic sources: `List` yields the single list schedule, `Random`
/// uniformly random MDP trajectories. Fails for `GFlowNet`, which lives in
/// its own layer.
llvm::Expected<std::unique_ptr<CandidateSource>>
createClassicSource(PolicyKind kind);

struct Choice {
  Schedule schedule;
  Timing proxy;  ///< The chosen schedule under the proxy model.
  Timing target; ///< The chosen schedule under the target model.
  unsigned numCandidates = 0; ///< Drawn.
  unsigned numEvaluated = 0;  ///< Evaluated on the target.
};

/// Ranks `candidates` (non-empty, all complete and feasible) by proxy
/// makespan (stable), evaluates the best `topK` on `target`, and returns the
/// one with the lowest target makespan (ties: better proxy rank).
Choice chooseBest(std::vector<Schedule> candidates, unsigned topK,
                  const LatencyModel &proxy, const LatencyModel &target);

} // namespace gfsched

#endif // GFSCHED_CANDIDATES_CANDIDATES_H
