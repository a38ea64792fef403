//===- Plots.cpp - gfsched-bench's SVG plots ------------------------------===//

#include "Plots.h"

#include "gfsched/Schedule/Gantt.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace gfsched::bench {

static llvm::StringRef methodColor(Method method) {
  switch (method) {
  case Method::List:
    return "#000000";
  case Method::Random:
    return "#9a9a9a";
  case Method::RandomList:
    return "#1f77b4";
  case Method::BRKGA:
    return "#ff7f0e";
  case Method::GFlowNet:
    return "#2ca02c";
  case Method::Exact:
    return "#d62728";
  case Method::Program:
    return "#9467bd";
  case Method::PPO:
    return "#8c564b";
  }
  llvm_unreachable("unknown method");
}

static std::string tickLabel(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

/// A graph's name without the directories of its file.
static std::string shortName(llvm::StringRef name) {
  return llvm::sys::path::filename(name).str();
}

namespace {
/// A plot area inside an Svg, with linear or logarithmic x.
struct Axes {
  double left, top, width, height;
  double xMin, xMax, yMin, yMax;
  bool logX = false;

  double px(double x) const {
    if (logX)
      return left + width * (std::log(x) - std::log(xMin)) /
                        (std::log(xMax) - std::log(xMin));
    return left + width * (x - xMin) / (xMax - xMin);
  }
  double py(double y) const {
    return top + height - height * (y - yMin) / (yMax - yMin);
  }

  /// Frame, grid, ticks and labels. `xTicks` replaces the automatic ones.
  void draw(SvgDocument &svg, llvm::StringRef title, llvm::StringRef xLabel,
            llvm::StringRef yLabel, std::vector<double> xTicks = {}) const {
    if (xTicks.empty())
      xTicks = niceTicks(xMin, xMax);
    // Labels that would overlap the previous one are left out (the tick
    // stays).
    double lastLabel = -std::numeric_limits<double>::infinity();
    for (double x : xTicks) {
      if (x < xMin - 1e-12 || x > xMax + 1e-12)
        continue;
      svg.line(px(x), top, px(x), top + height, "stroke=\"#e4e4e4\"");
      svg.line(px(x), top + height, px(x), top + height + 5);
      std::string label = tickLabel(x);
      if (px(x) - lastLabel < 8.0 * (label.size() + 1))
        continue;
      svg.text(px(x), top + height + 18, label);
      lastLabel = px(x);
    }
    for (double y : niceTicks(yMin, yMax)) {
      svg.line(left, py(y), left + width, py(y), "stroke=\"#e4e4e4\"");
      svg.line(left - 5, py(y), left, py(y));
      svg.text(left - 8, py(y) + 4, tickLabel(y), "end");
    }
    svg.rect(left, top, width, height, "fill=\"none\" stroke=\"#000\"");
    svg.text(left + width / 2, top - 10, title, "middle", 14,
             "font-weight=\"bold\"");
    svg.text(left + width / 2, top + height + 38, xLabel);
    svg.text(left - 48, top + height / 2, yLabel, "middle", 12,
             llvm::formatv("transform=\"rotate(-90 {0:F1} {1:F1})\"", left - 48,
                           top + height / 2)
                 .str());
  }
};
} // namespace

/// [min, max] of `values`, padded by 5% (and made non-empty).
static std::pair<double, double> paddedRange(llvm::ArrayRef<double> values) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (double value : values) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
  if (values.empty())
    return {0, 1};
  double pad = std::max(0.05 * (high - low), 1e-3 * std::max(1.0, high));
  return {low - pad, high + pad};
}

std::string fileSafe(llvm::StringRef name) {
  name = llvm::sys::path::filename(name);
  std::string out;
  for (char c : name)
    out += llvm::isAlnum(c) || c == '-' || c == '_' ? c : '-';
  return out;
}

llvm::Error writeSweepSvg(const std::string &path,
                          llvm::ArrayRef<SweepPoint> points,
                          llvm::ArrayRef<GraphReport> reports,
                          llvm::ArrayRef<Method> methods, unsigned topK) {
  SvgDocument svg(960, 420);
  std::vector<double> sigmas, proxies, distances;
  for (const SweepPoint &point : points) {
    double n = std::max(1u, point.summary.numOk);
    sigmas.push_back(point.sigma);
    proxies.push_back(point.summary.proxyMean / n);
    distances.push_back(point.summary.startTime / n);
  }
  // Reference lines: the other methods' mean proxy-k and d_inv at their
  // single setting.
  std::vector<std::pair<Method, std::pair<double, double>>> references;
  for (auto [column, method] : llvm::enumerate(methods)) {
    if (method == Method::GFlowNet || method == Method::Exact)
      continue;
    Summary summary;
    for (const GraphReport &report : reports)
      summary.add(report.results[column]);
    if (!summary.numOk)
      continue;
    references.push_back({method,
                          {summary.proxyMean / summary.numOk,
                           summary.startTime / summary.numOk}});
  }
  double sigmaLow = *llvm::min_element(sigmas) / 1.3;
  double sigmaHigh = *llvm::max_element(sigmas) * 1.3;
  for (int panel = 0; panel < 2; ++panel) {
    std::vector<double> ys = panel == 0 ? proxies : distances;
    std::vector<double> range = ys;
    for (auto &[method, values] : references)
      if (panel == 0 ? method != Method::Random : true)
        range.push_back(panel == 0 ? values.first : values.second);
    auto [yMin, yMax] = paddedRange(range);
    if (panel == 1)
      yMin = 0;
    Axes axes{80.0 + panel * 470, 50,   370,  280, sigmaLow,
              sigmaHigh,          yMin, yMax, true};
    axes.draw(svg,
              panel == 0 ? llvm::formatv("mean proxy-{0} speedup", topK).str()
                         : std::string("diversity of the kept: d_inv"),
              "sampling temperature sigma (log scale)",
              panel == 0 ? "speedup (higher is better)" : "d_inv (us)", sigmas);
    for (auto &[method, values] : references) {
      double y = panel == 0 ? values.first : values.second;
      if (y < yMin || y > yMax)
        continue;
      std::string style =
          ("stroke=\"" + methodColor(method) + "\" stroke-dasharray=\"6 4\"")
              .str();
      svg.line(axes.left, axes.py(y), axes.left + axes.width, axes.py(y),
               style);
      svg.text(axes.left + axes.width - 4, axes.py(y) - 4,
               getMethodName(method), "end", 11,
               ("fill=\"" + methodColor(method) + "\"").str());
    }
    std::vector<std::pair<double, double>> line;
    for (auto [sigmaValue, y] : llvm::zip_equal(sigmas, ys))
      line.push_back({axes.px(sigmaValue), axes.py(y)});
    svg.polyline(line, "stroke=\"#2ca02c\" stroke-width=\"2\"");
    for (auto [x, y] : line)
      svg.circle(x, y, 4, "fill=\"#2ca02c\"");
  }
  svg.text(480, 400,
           llvm::formatv("gflownet (green, solid) against sigma, mean over {0} "
                         "graph(s); dashed: the other methods at their one "
                         "setting",
                         reports.size())
               .str(),
           "middle", 12);
  return svg.write(path);
}

llvm::Error writeScatterSvg(const std::string &path, const GraphReport &report,
                            llvm::ArrayRef<Method> methods) {
  SvgDocument svg(960, 800);
  svg.text(480, 22,
           llvm::formatv("{0}: kept candidates, proxy vs target speedup",
                         shortName(report.graph->name))
               .str(),
           "middle", 15, "font-weight=\"bold\"");
  for (size_t t = 0; t < kTargets.size(); ++t) {
    std::vector<double> xs, ys;
    for (const Result &result : report.results)
      for (auto [proxy, target] :
           llvm::zip_equal(result.keptProxy, result.keptTargets)) {
        xs.push_back(proxy);
        ys.push_back(target[t]);
      }
    auto [xMin, xMax] = paddedRange(xs);
    auto [yMin, yMax] = paddedRange(ys);
    Axes axes{80.0 + (t % 2) * 470,
              70.0 + (t / 2) * 350,
              370,
              260,
              xMin,
              xMax,
              yMin,
              yMax};
    std::string target = getModelKindName(kTargets[t]).str();
    axes.draw(svg, target + " target", "proxy speedup", target + " speedup");
    for (auto [column, method] : llvm::enumerate(methods)) {
      const Result &result = report.results[column];
      std::string style =
          ("fill=\"" + methodColor(method) + "\" fill-opacity=\"0.55\"").str();
      for (auto [proxy, targetSpeedups] :
           llvm::zip_equal(result.keptProxy, result.keptTargets))
        svg.circle(axes.px(proxy), axes.py(targetSpeedups[t]),
                   method == Method::List || method == Method::Exact ? 6 : 3,
                   style);
    }
  }
  double x = 80;
  for (Method method : methods) {
    svg.circle(x, 778, 5, ("fill=\"" + methodColor(method) + "\"").str());
    svg.text(x + 10, 782, getMethodName(method), "start");
    x += 30 + 8 * getMethodName(method).size();
  }
  return svg.write(path);
}

llvm::Error writeGanttSvg(const std::string &path, const Problem &problem,
                          const LatencyModel &target, const GraphReport &report,
                          llvm::ArrayRef<Method> methods) {
  // The list schedule beside the best-on-target candidate of the first
  // sampling method (gflownet, else ppo, brkga, random-list, random).
  const Result *listResult = nullptr, *chosen = nullptr;
  for (Method preferred : {Method::GFlowNet, Method::PPO, Method::BRKGA,
                           Method::RandomList, Method::Random})
    for (auto [column, method] : llvm::enumerate(methods))
      if (method == preferred && !chosen &&
          report.results[column].bestOnPlotTarget)
        chosen = &report.results[column];
  for (auto [column, method] : llvm::enumerate(methods))
    if (method == Method::List && report.results[column].bestOnPlotTarget)
      listResult = &report.results[column];
  std::vector<std::pair<const Result *, std::string>> panels;
  if (listResult)
    panels.push_back({listResult, "list scheduling (HLFET)"});
  if (chosen)
    panels.push_back(
        {chosen, (getMethodName(chosen->method) + ": best of the kept on " +
                  getModelKindName(target.getKind()) + " target")
                     .str()});
  if (panels.empty())
    return llvm::Error::success();
  std::vector<GanttPanel> ganttPanels;
  for (auto &[result, title] : panels) {
    const Schedule &schedule = *result->bestOnPlotTarget;
    Timing timing = *target.simulate(schedule);
    double proxy = problem.speedup(
        LatencyModel(problem, ModelKind::Proxy).makespan(schedule));
    ganttPanels.push_back(
        {llvm::formatv("{0}: makespan {1:F2} us, speedup {2:F3} (proxy "
                       "{3:F3})",
                       title, timing.makespan, problem.speedup(timing.makespan),
                       proxy),
         &schedule, std::move(timing)});
  }
  std::vector<std::string> labels;
  for (NodeId op = 0; op < problem.numOps(); ++op)
    labels.push_back(std::to_string(op));
  constexpr double kWidth = 1100;
  SvgDocument svg(kWidth,
                  50 + getGanttPanelsHeight(problem, ganttPanels.size()));
  svg.text(kWidth / 2, 24,
           llvm::formatv("{0}: schedules as run on the {1} target (boxes: op "
                         "ids; dashed: transfers)",
                         shortName(report.graph->name),
                         getModelKindName(target.getKind()))
               .str(),
           "middle", 14, "font-weight=\"bold\"");
  drawGanttPanels(svg, problem, target, ganttPanels, labels, 50, kWidth);
  return svg.write(path);
}

} // namespace gfsched::bench
