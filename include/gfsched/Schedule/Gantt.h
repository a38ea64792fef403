//===- Gantt.h - Gantt charts of schedules as SVG ---------------*- C++ -*-===//

#ifndef GFSCHED_SCHEDULE_GANTT_H
#define GFSCHED_SCHEDULE_GANTT_H

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"
#include "gfsched/Support/Svg.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace gfsched {

struct GanttPanel {
  std::string title;
  const Schedule *schedule;
  /// The schedule's times under the chart's model.
  Timing timing;
};

/// Panels stacked on one time axis, each with the device's units as lanes and
/// the ops as boxes labelled with labels[op] (where they fit; every box has
/// the full label as a tooltip). Where `model` charges a transfer between two
/// units, a line runs from the producer's end to the consumer's start.
/// Returns the height used, starting at `top`.
double drawGanttPanels(SvgDocument &svg, const Problem &problem,
                       const LatencyModel &model,
                       llvm::ArrayRef<GanttPanel> panels,
                       llvm::ArrayRef<std::string> labels, double top,
                       double width);

/// The height drawGanttPanels needs.
double getGanttPanelsHeight(const Problem &problem, size_t numPanels);

} // namespace gfsched

#endif // GFSCHED_SCHEDULE_GANTT_H
