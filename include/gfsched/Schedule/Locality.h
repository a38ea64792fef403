//===- Locality.h - Unit labels that keep data on its unit ------*- C++ -*-===//
//
// The proxy moves data between units for free, so among the schedules that
// give every op the same proxy times it cannot tell the one that keeps each
// chain of ops on one unit from one that sends every edge across units. The
// targets can. keepDataLocal() picks, for a schedule's proxy times, the unit
// labels that move the least data.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SCHEDULE_LOCALITY_H
#define GFSCHED_SCHEDULE_LOCALITY_H

#include "gfsched/Device/Device.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Schedule.h"

namespace gfsched {

class Problem;

/// Reassigns the ops of a complete, feasible schedule to units so that each
/// op runs in the same proxy time interval as before, on a unit of the same
/// duration, while little data crosses units, edges costing `transfer`.
/// Ops are taken in order of proxy start; each goes to the free unit holding
/// the inputs whose transfer would delay it most (their cost beyond their
/// slack), then the most transfer cost, then the most edges. Of ops starting
/// together the one whose choice matters most goes first (on a tie, the one
/// with the longer path to the end). Further ties prefer a unit whose last op
/// has no successor still waiting, then the unit free latest (best fit).
///
/// No op's proxy start can move later (the intervals on each unit still do
/// not overlap), so the proxy makespan never grows. Returns `schedule`
/// unchanged where no such relabelling exists (possible only when units
/// differ in kind).
Schedule keepDataLocal(const Problem &problem, const Schedule &schedule,
                       TransferCost transfer);
/// The same, given the schedule's proxy timing (LatencyModel::simulate under
/// ModelKind::Proxy), for callers that have it already.
Schedule keepDataLocal(const Problem &problem, const Schedule &schedule,
                       const Timing &proxyTiming, TransferCost transfer);

/// The precedence edges whose ops run on different units: how many, and the
/// bytes they carry.
struct CrossUnitTraffic {
  unsigned edges = 0;
  double bytes = 0;
};
CrossUnitTraffic measureCrossUnitTraffic(const DepGraph &graph,
                                         const Schedule &schedule);

} // namespace gfsched

#endif // GFSCHED_SCHEDULE_LOCALITY_H
