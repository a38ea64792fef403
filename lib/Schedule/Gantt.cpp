//===- Gantt.cpp - Gantt charts of schedules as SVG -----------------------===//

#include "gfsched/Schedule/Gantt.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

namespace gfsched {

namespace {

constexpr double kLeft = 90, kRight = 30, kTitle = 26, kAxis = 40;

double laneHeightFor(const Problem &problem) {
  return std::clamp(240.0 / std::max(1u, problem.numUnits()), 18.0, 36.0);
}

/// A fill per op class, so that kinds of work stand out.
llvm::StringRef classColour(OpClass opClass) {
  switch (opClass) {
  case OpClass::Contraction:
    return "#8fb8de";
  case OpClass::Elementwise:
    return "#a8d5a2";
  case OpClass::Reduction:
    return "#f4c27a";
  case OpClass::Data:
    return "#d7b5d8";
  case OpClass::Meta:
    return "#dddddd";
  case OpClass::Other:
    return "#f2a39a";
  }
  return "#cccccc";
}

std::string tickLabel(double value) {
  return llvm::formatv("{0}", value).str();
}

} // namespace

double getGanttPanelsHeight(const Problem &problem, size_t numPanels) {
  return numPanels *
         (kTitle + problem.numUnits() * laneHeightFor(problem) + kAxis);
}

double drawGanttPanels(SvgDocument &svg, const Problem &problem,
                       const LatencyModel &model,
                       llvm::ArrayRef<GanttPanel> panels,
                       llvm::ArrayRef<std::string> labels, double top,
                       double width) {
  double timeMax = 0;
  for (const GanttPanel &panel : panels)
    timeMax = std::max(timeMax, panel.timing.makespan);
  if (!(timeMax > 0))
    timeMax = 1;
  double plotWidth = width - kLeft - kRight;
  double laneHeight = laneHeightFor(problem);
  auto px = [&](double t) { return kLeft + plotWidth * t / timeMax; };
  const DepGraph &graph = problem.getGraph();
  double y0 = top;
  for (const GanttPanel &panel : panels) {
    svg.text(kLeft, y0 + 16, panel.title, "start", 13, "font-weight=\"bold\"");
    double lanesTop = y0 + kTitle;
    auto laneY = [&](unsigned unit) { return lanesTop + unit * laneHeight; };
    for (unsigned unit = 0; unit < problem.numUnits(); ++unit) {
      svg.rect(kLeft, laneY(unit), plotWidth, laneHeight,
               unit % 2 ? "fill=\"#f4f4f4\"" : "fill=\"#fafafa\"");
      svg.text(kLeft - 8, laneY(unit) + laneHeight / 2 + 4,
               problem.getDevice().unitName(unit), "end");
    }
    // Transfers first, under the boxes.
    for (NodeId op = 0; op < graph.size(); ++op)
      for (auto [pred, bytes] :
           llvm::zip(graph.preds(op), graph.predBytes(op))) {
        unsigned from = panel.schedule->unitOf(pred),
                 to = panel.schedule->unitOf(op);
        if (model.transfer(from, to, bytes) <= 0)
          continue;
        svg.line(px(panel.timing.finish[pred]), laneY(from) + laneHeight / 2,
                 px(panel.timing.start[op]), laneY(to) + laneHeight / 2,
                 "stroke=\"#c0392b\" stroke-width=\"0.8\" "
                 "stroke-dasharray=\"3,2\"");
      }
    for (unsigned unit = 0; unit < problem.numUnits(); ++unit)
      for (NodeId op : panel.schedule->unitOrder(unit)) {
        double x0 = px(panel.timing.start[op]),
               x1 = px(panel.timing.finish[op]);
        const std::string &label = labels[op];
        std::string tooltip = llvm::formatv(
            "{0}: {1:F3} -> {2:F3} us on {3}", label, panel.timing.start[op],
            panel.timing.finish[op], problem.getDevice().unitName(unit));
        svg.rect(x0, laneY(unit) + 3, x1 - x0, laneHeight - 6,
                 ("fill=\"" + classColour(graph.cost(op).opClass) +
                  "\" stroke=\"#333\" stroke-width=\"0.6\"")
                     .str(),
                 tooltip);
        if (x1 - x0 >= 6.5 * label.size())
          svg.text((x0 + x1) / 2, laneY(unit) + laneHeight / 2 + 4, label,
                   "middle", 10);
      }
    double axisY = laneY(problem.numUnits());
    svg.rect(kLeft, lanesTop, plotWidth, axisY - lanesTop,
             "fill=\"none\" stroke=\"#000\"");
    for (double tick : niceTicks(0, timeMax, 8)) {
      svg.line(px(tick), axisY, px(tick), axisY + 5);
      svg.text(px(tick), axisY + 18, tickLabel(tick), "middle", 11);
    }
    svg.text(kLeft + plotWidth, axisY + 32, "time (us)", "end", 11);
    y0 = axisY + kAxis;
  }
  return y0 - top;
}

} // namespace gfsched
