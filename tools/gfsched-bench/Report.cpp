//===- Report.cpp - gfsched-bench's CSV and Markdown tables ---------------===//

#include "Report.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <string>
#include <vector>

namespace gfsched::bench {

/// A CSV field, quoted where it needs to be (RFC 4180).
static std::string csvField(llvm::StringRef text) {
  if (!text.contains(',') && !text.contains('"') && !text.contains('\n'))
    return text.str();
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"')
      quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

static std::string csvNumber(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.9g", value);
  return text;
}

void writeCSV(llvm::raw_ostream &os, llvm::ArrayRef<GraphReport> reports) {
  os << "dataset,graph,ops,edges,upper_bound,method,status,candidates,kept,"
        "distinct,proxy_1,proxy_topk,noisy,bandwidth,latency,full,ged,d_inv,"
        "d_sen,seconds\n";
  for (const GraphReport &report : reports) {
    const DepGraph &graph = report.graph->graph;
    for (const Result &result : report.results) {
      os << csvField(report.graph->dataset) << ','
         << csvField(report.graph->name) << ',' << graph.size() << ','
         << graph.numEdges() << ',' << csvNumber(report.upperBound) << ','
         << getMethodName(result.method) << ',' << getStatusName(result.status)
         << ',';
      if (result.status != Status::Ok) {
        // Nothing measured, but the time an unfinished search took: twelve
        // empty fields, candidates to d_sen.
        os << std::string(12, ',') << csvNumber(result.seconds) << '\n';
        continue;
      }
      os << result.numCandidates << ',' << result.numKept << ','
         << result.numDistinct << ',' << csvNumber(result.proxyBest) << ','
         << csvNumber(result.proxyMean);
      for (double target : result.targets)
        os << ',' << csvNumber(target);
      os << ',' << csvNumber(result.diversity.chainEdge) << ','
         << csvNumber(result.diversity.startTime) << ','
         << csvNumber(result.diversity.placement) << ','
         << csvNumber(result.seconds) << '\n';
    }
  }
}

/// "list 3.21, random 2.90, ..." : each method's mean proxy-1 over the
/// graphs where methods[column] succeeded (and it did too), so that a method
/// measured on part of the graphs can be compared with the others.
static std::string compareOnSubset(llvm::ArrayRef<const GraphReport *> reports,
                                   llvm::ArrayRef<Method> methods,
                                   size_t column) {
  std::vector<std::string> parts;
  for (auto [other, method] : llvm::enumerate(methods)) {
    double sum = 0;
    unsigned count = 0;
    for (const GraphReport *report : reports) {
      const Result &result = report->results[other];
      if (report->results[column].status != Status::Ok ||
          result.status != Status::Ok)
        continue;
      sum += result.proxyBest;
      ++count;
    }
    if (count)
      parts.push_back(
          llvm::formatv("{0} {1:F3}", getMethodName(method), sum / count)
              .str());
  }
  return llvm::join(parts, ", ") + ".";
}

static void writeTable(llvm::raw_ostream &os, const RunDescription &run,
                       llvm::StringRef title,
                       llvm::ArrayRef<const GraphReport *> reports,
                       llvm::ArrayRef<Method> methods) {
  double ops = 0, bound = 0;
  for (const GraphReport *report : reports) {
    ops += report->graph->graph.size();
    bound += report->upperBound;
  }
  size_t count = reports.size();
  os << llvm::formatv("## {0}: {1} graph(s), {2:F1} ops on average, upper "
                      "bound {3:F3}\n\n",
                      title, count, ops / count, bound / count);
  os << llvm::formatv("| method | proxy-1 | proxy-{0} | noisy | bandwidth | "
                      "latency | full | GED % | d_inv | d_sen | time (ms) |\n",
                      run.topK);
  os << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  std::vector<std::string> notes;
  for (auto [column, method] : llvm::enumerate(methods)) {
    Summary summary;
    for (const GraphReport *report : reports)
      summary.add(report->results[column]);
    std::string name = getMethodName(method).str();
    if (summary.numOk != summary.numGraphs) {
      name +=
          llvm::formatv(" ({0}/{1})", summary.numOk, summary.numGraphs).str();
      std::string note = llvm::formatv(
          "{0}: {1} of {2} graph(s) solved ({3} above {4} ops skipped, {5} "
          "stopped at the node limit of {6}){7}",
          getMethodName(method), summary.numOk, summary.numGraphs,
          summary.numSkipped, run.exactMaxOps, summary.numNodeLimit,
          run.exactNodeLimit,
          summary.numOk ? "; its row averages those only." : ".");
      if (summary.numOk > 0)
        note += " On the same graphs, proxy-1: " +
                compareOnSubset(reports, methods, column);
      notes.push_back(std::move(note));
    }
    os << "| " << name;
    if (summary.numOk == 0) {
      os << " | - | - | - | - | - | - | - | - | - | - |\n";
      continue;
    }
    double n = summary.numOk;
    os << llvm::formatv(" | {0:F3} | {1:F3}", summary.proxyBest / n,
                        summary.proxyMean / n);
    for (double target : summary.targets)
      os << llvm::formatv(" | {0:F3}", target / n);
    os << llvm::formatv(" | {0:F1} | {1:F2} | {2:F2} | {3:F2} |\n",
                        100 * summary.chainEdge / n, summary.startTime / n,
                        summary.placement / n, 1000 * summary.seconds / n);
  }
  for (const std::string &note : notes)
    os << "\n" << note << "\n";
  os << "\n";
}

void writeMarkdown(llvm::raw_ostream &os, const RunDescription &run,
                   llvm::ArrayRef<GraphReport> reports,
                   llvm::ArrayRef<Method> methods) {
  os << llvm::formatv("# gfsched-bench on {0} ({1} units)\n\n", run.deviceName,
                      run.numUnits);
  os << llvm::formatv(
      "{0} samples per graph, top {1} kept (spread {2}, local {3}), seed {4}",
      run.numSamples, run.topK, llvm::format("%g", run.spread),
      llvm::format("%g", run.localShare), run.seed);
  if (llvm::is_contained(methods, Method::GFlowNet))
    os << "; gflownet: " << run.modelName << ", sigma "
       << llvm::format("%g", run.sigma) << " (explore "
       << llvm::format("%g", run.exploreShare) << " at 0.3)";
  if (llvm::is_contained(methods, Method::PPO))
    os << "; ppo: " << run.ppoModelName << ", sigma "
       << llvm::format("%g", run.ppoSigma);
  if (run.rawSamples) {
    os << "; raw samples (no tightenSample)";
  } else {
    if (!run.keepDrawn)
      os << "; exploring samples tightened only (not also as drawn)";
    if (!run.keepReplays)
      os << "; transfer-aware replays not kept";
  }
  if (run.tightenBaselines)
    os << "; baselines tightened (tightenSample)";
  if (llvm::is_contained(methods, Method::BRKGA) && run.brkgaFitness != "proxy")
    os << "; brkga evolved on the " << run.brkgaFitness
       << " target itself (a reference beyond the protocol)";
  os << ".\n\n";
  if (run.transferScale != 1 || run.noiseScale != 1)
    os << llvm::formatv("Target severity: transfer costs x{0}, noise x{1}.\n\n",
                        llvm::format("%g", run.transferScale),
                        llvm::format("%g", run.noiseScale));
  bool anySynthetic = llvm::any_of(reports, [](const GraphReport &report) {
    return report.graph->synthetic;
  });
  if (anySynthetic)
    os << llvm::formatv(
        "Synthetic graphs: edges U(0, {0}) bytes, transfer costs x{1} "
        "further (docs/bench.md).\n\n",
        llvm::format("%g", run.syntheticEdgeBytes),
        llvm::format("%g", run.syntheticTransferScale));

  // Datasets in order of first appearance.
  std::vector<std::string> datasets;
  for (const GraphReport &report : reports)
    if (!llvm::is_contained(datasets, report.graph->dataset))
      datasets.push_back(report.graph->dataset);
  for (const std::string &dataset : datasets) {
    std::vector<const GraphReport *> members;
    for (const GraphReport &report : reports)
      if (report.graph->dataset == dataset)
        members.push_back(&report);
    writeTable(os, run, dataset, members, methods);
  }
  if (datasets.size() > 1) {
    std::vector<const GraphReport *> all;
    for (const GraphReport &report : reports)
      all.push_back(&report);
    writeTable(os, run,
               llvm::formatv("all {0} datasets", datasets.size()).str(), all,
               methods);
  }
  os << llvm::formatv(
      "Speedup = total work / makespan (higher is better; at most the upper "
      "bound min(units, work / critical path)), averaged over graphs. "
      "proxy-1: the best proxy speedup of a method's candidates; proxy-{0}: "
      "the mean over the {0} kept (best by proxy); noisy, bandwidth, latency, "
      "full: the best target speedup among the kept. GED %: mean pairwise "
      "chain-edge distance of the kept; d_inv, d_sen: mean pairwise L2 "
      "distances of proxy start times (us), without and with unit one-hots. "
      "time: drawing a graph's candidates.\n",
      run.topK);
}

void writeSweepTable(llvm::raw_ostream &os, llvm::ArrayRef<SweepPoint> points,
                     size_t numGraphs, unsigned topK) {
  os << llvm::formatv("## gflownet temperature sweep: {0} graph(s)\n\n",
                      numGraphs);
  os << llvm::formatv("| sigma | proxy-1 | proxy-{0} | noisy | bandwidth | "
                      "latency | full | GED % | d_inv | d_sen | time (ms) |\n",
                      topK);
  os << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const SweepPoint &point : points) {
    const Summary &s = point.summary;
    double n = std::max(1u, s.numOk);
    os << llvm::formatv("| {0} | {1:F3} | {2:F3}",
                        llvm::format("%g", point.sigma), s.proxyBest / n,
                        s.proxyMean / n);
    for (double target : s.targets)
      os << llvm::formatv(" | {0:F3}", target / n);
    os << llvm::formatv(" | {0:F1} | {1:F2} | {2:F2} | {3:F2} |\n",
                        100 * s.chainEdge / n, s.startTime / n, s.placement / n,
                        1000 * s.seconds / n);
  }
  os << "\n";
}

} // namespace gfsched::bench
