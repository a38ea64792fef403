//===- Report.h - gfsched-bench's CSV and Markdown tables -------*- C++ -*-===//
//
// One CSV row per method and graph; a Markdown table per dataset in the
// paper's layout (means over the dataset's graphs), one over all datasets,
// and the temperature sweep's table.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_TOOLS_GFSCHED_BENCH_REPORT_H
#define GFSCHED_TOOLS_GFSCHED_BENCH_REPORT_H

#include "Bench.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace gfsched::bench {

/// The settings of a run that its Markdown report states.
struct RunDescription {
  std::string deviceName;
  unsigned numUnits = 0;
  unsigned numSamples = 0, topK = 0;
  double spread = 0, localShare = 0;
  uint64_t seed = 0;
  /// The gflownet method's model ("embedded model" or its path), sigma and
  /// exploring share.
  std::string modelName;
  double sigma = 0, exploreShare = 0;
  /// The ppo method's policy file and the sigma it samples at.
  std::string ppoModelName;
  double ppoSigma = 0;
  bool rawSamples = false, keepDrawn = true, keepReplays = true,
       tightenBaselines = false;
  double transferScale = 1, noiseScale = 1;
  double syntheticEdgeBytes = 0, syntheticTransferScale = 1;
  /// The model the brkga method is evolved on ("proxy", or a target).
  std::string brkgaFitness = "proxy";
  /// The exact method's limits, for the note on the graphs it left out.
  unsigned exactMaxOps = 0;
  uint64_t exactNodeLimit = 0;
};

/// The CSV header and one row per (graph, method).
void writeCSV(llvm::raw_ostream &os, llvm::ArrayRef<GraphReport> reports);

/// The run's settings, a table per dataset (in order of first appearance),
/// one over all of them when there are several, and the legend.
void writeMarkdown(llvm::raw_ostream &os, const RunDescription &run,
                   llvm::ArrayRef<GraphReport> reports,
                   llvm::ArrayRef<Method> methods);

/// The temperature sweep's table: one row per sigma.
void writeSweepTable(llvm::raw_ostream &os, llvm::ArrayRef<SweepPoint> points,
                     size_t numGraphs, unsigned topK);

} // namespace gfsched::bench

#endif // GFSCHED_TOOLS_GFSCHED_BENCH_REPORT_H
