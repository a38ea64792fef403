//===- DebugOutput.cpp - -debug-only=gflownet-schedule output -------------===//

#include "DebugOutput.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace gfsched;

DebugLog::~DebugLog() {
  if (!buffer.empty())
    llvm::dbgs() << buffer;
}

llvm::raw_ostream &DebugLog::line(const llvm::Twine &key) {
  return os << "[gflownet-schedule] @" << key << ": ";
}

static std::string formatMilliseconds(double seconds) {
  return llvm::formatv("{0:F2} ms", seconds * 1000).str();
}

void gfsched::printFunctionStart(DebugLog &log, llvm::StringRef function,
                                 unsigned numBlocks,
                                 const BlockSchedulerOptions &options,
                                 const Device &device, ModelKind target) {
  log.line(function) << llvm::formatv(
      "{0} schedulable block(s); policy={1} device={2} ({3} units) "
      "target={4} mode={5} samples={6} topk={7} spread={8} local={9} "
      "explore={10} window={11} budget={12}\n",
      numBlocks, getPolicyKindName(options.policy), device.name,
      device.numUnits(), getModelKindName(target),
      options.sampleMode ? "sample" : "best", options.samples, options.topK,
      options.keep.spread, options.keep.localShare, options.exploreShare,
      options.window, options.budget);
}

void gfsched::printGraphStats(DebugLog &log, llvm::StringRef key,
                              const SchedulingGraph &graph,
                              const Problem &problem, unsigned numWindows) {
  // No schedule beats the critical path, nor spreads the total work over
  // more than every unit: speedup <= min(work / critical path, units).
  double critical = problem.criticalPath(), work = problem.totalWork();
  std::string bound =
      critical > 0
          ? llvm::formatv("{0:F2}x",
                          std::min<double>(work / critical, problem.numUnits()))
                .str()
          : std::string("-");
  log.line(key) << llvm::formatv(
      "graph: {0} ops, {1} dependency edges, {2} negligible op(s) contracted "
      "out of {3} movable; critical path {4:F2} us, total work {5:F2} us, "
      "speedup <= {6}; {7} window(s)\n",
      graph.graph.size(), graph.graph.numEdges(), graph.deferred.size(),
      graph.movable.size(), critical, work, bound, numWindows);
}

/// Where the winner stands among the kept candidates by proxy makespan.
static unsigned proxyRank(const CandidateSummary &summary, double proxy) {
  return llvm::lower_bound(summary.keptProxyMakespans, proxy) -
         summary.keptProxyMakespans.begin() + 1;
}

static std::string describePick(const WindowReport &report) {
  const CandidateSummary &summary = report.candidates;
  unsigned numKept = summary.keptProxyMakespans.size();
  switch (report.pick) {
  case WindowPick::ListPolicy:
    return "the list schedule (policy=list: the only candidate)";
  case WindowPick::SingleDraw:
    return "the single draw (mode=sample: used even if slower)";
  case WindowPick::BestOfTopK:
    return llvm::formatv("the fastest on the target of the {0} kept "
                         "(proxy rank {1})",
                         numKept, proxyRank(summary, report.chosenProxy));
  case WindowPick::Heuristic:
    return llvm::formatv("a heuristic candidate (the list schedule or a "
                         "tightened form of it or of the original order): "
                         "faster on the target than the best of the top {0} "
                         "({1:F2} us)",
                         numKept, report.bestDrawnTarget);
  }
  llvm_unreachable("unknown pick");
}

void gfsched::printWindowReport(DebugLog &log, llvm::StringRef key,
                                const WindowReport &report) {
  const CandidateSummary &summary = report.candidates;
  log.line(key) << llvm::formatv(
      "candidates: {0} drawn, {1} distinct, top {2} kept: proxy makespan min "
      "{3:F2} / median {4:F2} / max {5:F2} us\n",
      summary.numDrawn, summary.numDistinct, summary.keptProxyMakespans.size(),
      summary.keptMin(), summary.keptMedian(), summary.keptMax());
  llvm::raw_ostream &os = log.line(key);
  os << llvm::formatv("on the target: best of the top {0} {1:F2} us",
                      summary.keptProxyMakespans.size(),
                      report.bestDrawnTarget);
  if (report.heuristicTarget)
    os << llvm::formatv(", heuristic candidates {0:F2} us",
                        *report.heuristicTarget);
  os << llvm::formatv(", original order {0:F2} us\n", report.originalTarget);
  log.line(key) << llvm::formatv(
      "chose {0}: proxy {1:F2} us, target {2:F2} us; {3}\n",
      describePick(report), report.chosenProxy, report.chosenTarget,
      formatMilliseconds(report.seconds));
}

void gfsched::printJoinReport(DebugLog &log, llvm::StringRef key,
                              const JoinReport &report) {
  llvm::raw_ostream &os = log.line(key);
  os << llvm::formatv("joined {0} windows: proxy {1:F2} us, target {2:F2} us",
                      report.numWindows, report.joinedProxy,
                      report.joinedTarget);
  if (report.heuristicTarget)
    os << llvm::formatv("; the block's heuristic candidates: target {0:F2} "
                        "us",
                        *report.heuristicTarget);
  os << llvm::formatv("; with the seams closed, chose: proxy {0:F2} us, target "
                      "{1:F2} us\n",
                      report.chosenProxy, report.chosenTarget);
}

std::string gfsched::formatSpeedup(double before, double after) {
  return after > 0 ? llvm::formatv("{0:F2}x", before / after).str() : "-";
}

static std::string formatChange(double before, double after) {
  return llvm::formatv("{0:F2} us -> {1:F2} us ({2})", before, after,
                       formatSpeedup(before, after));
}

void gfsched::printBlockResult(DebugLog &log, llvm::StringRef key,
                               const BlockResult &result) {
  llvm::raw_ostream &os = log.line(key) << "result: ";
  if (result.rejectedTarget)
    os << llvm::formatv("kept the original order (the chosen schedule took "
                        "{0:F2} us on the target); ",
                        *result.rejectedTarget);
  os << "proxy " << formatChange(result.proxyBefore, result.proxyAfter)
     << ", target " << formatChange(result.targetBefore, result.targetAfter)
     << "\n";
}

void gfsched::printFunctionEnd(DebugLog &log, llvm::StringRef function,
                               unsigned numOps, unsigned numBlocks,
                               unsigned numCandidates, unsigned numFallbacks,
                               double seconds) {
  log.line(function) << llvm::formatv(
      "done: {0} ops in {1} block(s), {2} candidate(s), {3} window(s) beyond "
      "the budget; {4}\n",
      numOps, numBlocks, numCandidates, numFallbacks,
      formatMilliseconds(seconds));
}
