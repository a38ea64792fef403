//===- CandidateSource.h - Where candidate schedules come from --*- C++ -*-===//
//
// The interface every sampler implements (the classic ones here, the
// GFlowNet in its own layer), so that the candidate pipeline and the
// benchmarks treat them alike.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SEARCH_CANDIDATESOURCE_H
#define GFSCHED_SEARCH_CANDIDATESOURCE_H

#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"
#include "gfsched/Support/Random.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace gfsched {

class CandidateSource {
public:
  virtual ~CandidateSource();
  /// Draws `count` samples (a deterministic source: its one schedule, however
  /// many are asked for) at temperature `temperature` (> 0; sources
  /// without a temperature ignore it) and returns their schedules, each one
  /// complete and feasible: one per sample, or more for a GFlowNetSource
  /// that keeps each sample's transfer-aware replay or its exploring samples
  /// as drawn beside the tightened schedules (SamplingOptions::keepReplays,
  /// keepDrawn). Deterministic for a given `rng` state.
  virtual llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                                     unsigned count,
                                                     double temperature,
                                                     Rng &rng) = 0;
};

/// The single deterministic list schedule, however many are asked for.
std::unique_ptr<CandidateSource> createListSource();
/// The single program-order schedule (the "before" of the pass's reports).
std::unique_ptr<CandidateSource> createProgramOrderSource();
/// Uniformly random MDP trajectories.
std::unique_ptr<CandidateSource> createRandomSource();
/// Random list schedules (randomListSchedule).
std::unique_ptr<CandidateSource> createRandomListSource();

} // namespace gfsched

#endif // GFSCHED_SEARCH_CANDIDATESOURCE_H
