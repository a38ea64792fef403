//===- Schedulers.h - Classic schedulers ------------------------*- C++ -*-===//
//
// The baselines and fallbacks of the GFlowNet sampler, as free functions over
// a Problem. None knows MLIR or torch; each returns a complete schedule that
// passes verify().
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SEARCH_SCHEDULERS_H
#define GFSCHED_SEARCH_SCHEDULERS_H

#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"
#include "gfsched/Support/Random.h"

#include <cstdint>
#include <optional>

namespace gfsched {

/// Critical-path list scheduling, event-driven (HLFET): whenever a unit is
/// idle, it takes the ready op with the highest bottom level that it may run
/// (ties: lower op id). Deterministic.
Schedule listSchedule(const Problem &problem);
/// The same event-driven list scheduling with the given priority per op
/// (higher first; ties: lower op id).
Schedule listScheduleByPriority(const Problem &problem,
                                llvm::ArrayRef<double> priority);
/// Serial list scheduling: the ready op of highest priority (ties: lower op
/// id) goes, one at a time, to the allowed unit where it finishes first, an
/// input from another unit arriving `transfer` later. A unit that some
/// successor may not run on (Problem::resultMustLeave) counts its result's
/// transfer too, since the result will have to leave it.
Schedule earliestFinishByPriority(const Problem &problem,
                                  llvm::ArrayRef<double> priority,
                                  TransferCost transfer);

/// A sampled schedule tightened without changing the order it chose: its ops
/// are replayed in the order of their proxy starts twice, by
/// listScheduleByPriority() (no unit idles while an op is ready) and by
/// earliestFinishByPriority() with `transfer` (an op may wait for a unit
/// where it ends sooner, such as a faster kind of unit or the one holding its
/// inputs). The replay shortest on the proxy replaces the sample if strictly
/// shorter. Then keepDataLocal() picks the unit labels that keep data local
/// when edges cost `transfer`. Never longer on the proxy than `sample`.
Schedule tightenSample(const Problem &problem, const Schedule &sample,
                       TransferCost transfer);
/// The proxy speedup of what tightenSample() makes of `sample`: the
/// schedule the sampler delivers, as the second training stage's reward
/// scores it. Unit labels do not change the proxy, so no transfer model is
/// needed.
double tightenedProxySpeedup(const Problem &problem, const Schedule &sample);
/// What tightening makes of a sample when the proxy is not the only judge.
struct TightenedSample {
  /// tightenSample()'s schedule.
  Schedule tightened;
  /// The earliest-finish replay with its data-local labels, whatever its
  /// proxy makespan. It lets an op wait for the unit that holds its inputs
  /// when a transfer would cost more than the wait; the proxy moves data for
  /// free and so often prefers the tightened schedule, which a target that
  /// charges transfers may not.
  Schedule transferAwareReplay;
};
/// tightenSample() and the transfer-aware replay it computes on the way.
TightenedSample tightenSampleWithReplay(const Problem &problem,
                                        const Schedule &sample,
                                        TransferCost transfer);
/// The transfer cost for tightening the index-th schedule of a batch: the
/// device's bandwidth and latency hypotheses in turn, so that the batch
/// holds schedules labelled for either.
TransferCost getTighteningTransfer(const Device &device, size_t index);
/// The ops in program (node id) order, each on the allowed unit where it can
/// start earliest under the proxy: what running the original IR order on the
/// device without a scheduler gives. The "before" of every report.
Schedule programOrderSchedule(const Problem &problem);

/// One uniformly random trajectory of the paper's MDP: repeatedly a uniformly
/// random ready op on a uniformly random allowed unit.
Schedule randomSchedule(const Problem &problem, Rng &rng);

/// Random list scheduling: a uniformly random ready op, placed on the allowed
/// unit where it can start earliest under the proxy.
Schedule randomListSchedule(const Problem &problem, Rng &rng);

/// The proxy-optimal schedule by exhaustive branch and bound over the MDP, or
/// std::nullopt if more than `nodeLimit` search nodes would be needed. For
/// tests and for measuring the gap to optimal on small graphs.
std::optional<Schedule> optimalSchedule(const Problem &problem,
                                        uint64_t nodeLimit = 10'000'000);

} // namespace gfsched

#endif // GFSCHED_SEARCH_SCHEDULERS_H
