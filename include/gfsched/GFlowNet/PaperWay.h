//===- PaperWay.h - Timing the paper's sampling, for comparison -*- C++ -*-===//
//
// The paper runs the whole policy network again after every construction
// step (n full passes per sample). This times one such step - the encoder
// over a batch of samples' graphs - with the same network, so that the
// benchmark can compare it with our encoder-once, light-head-per-step
// sampler on the same graph in the same run. Implemented in
// libGFSchedTorch.so (link GFSchedTorch).
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_PAPERWAY_H
#define GFSCHED_GFLOWNET_PAPERWAY_H

#include "gfsched/GFlowNet/Model.h"

namespace gfsched {

/// Seconds one construction step takes the paper's way: one encoder pass over
/// `batch` copies of the problem's graph (run in chunks that fit in memory,
/// the time scaled to the whole batch). A whole batch of trajectories takes
/// numOps() such steps.
llvm::Expected<double> timePaperWayStep(const GFlowNetModel &model,
                                        const Problem &problem, unsigned batch);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_PAPERWAY_H
