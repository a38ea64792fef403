//===- Bench.h - gfsched-bench's methods, graphs and results ----*- C++ -*-===//
//
// What the driver (gfsched-bench.cpp) measures and the tables (Report.h) and
// plots (Plots.h) show: the methods compared, the graphs they run on, and one
// method's metrics on one graph.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_TOOLS_GFSCHED_BENCH_BENCH_H
#define GFSCHED_TOOLS_GFSCHED_BENCH_BENCH_H

#include "gfsched/Candidates/Diversity.h"
#include "gfsched/Graph/DepGraph.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Schedule.h"

#include "llvm/ADT/StringRef.h"

#include <array>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace gfsched::bench {

enum class Method {
  List,
  Random,
  RandomList,
  BRKGA,
  GFlowNet,
  Exact,
  Program,
  PPO
};

inline constexpr llvm::StringLiteral kMethodNames[] = {
    "list",     "random", "random-list", "brkga",
    "gflownet", "exact",  "program",     "ppo"};
inline constexpr size_t kNumMethods = std::size(kMethodNames);

llvm::StringRef getMethodName(Method method);
std::optional<Method> parseMethod(llvm::StringRef name);

/// The target models, in CSV and table order.
inline constexpr std::array<ModelKind, 4> kTargets = {
    ModelKind::Noisy, ModelKind::Bandwidth, ModelKind::Latency,
    ModelKind::Full};

/// The index in kTargets of the target named `name` (noisy, bandwidth,
/// latency or full), or none.
std::optional<size_t> findTarget(llvm::StringRef name);

enum class Status {
  Ok,
  /// exact: the graph has more than --exact-max-ops ops.
  Skipped,
  /// exact: the search hit --exact-node-limit, so no proven optimum.
  NodeLimit,
};

llvm::StringRef getStatusName(Status status);

/// One method on one graph.
struct Result {
  Method method;
  Status status = Status::Ok;
  unsigned numCandidates = 0, numKept = 0, numDistinct = 0;
  double proxyBest = 0, proxyMean = 0;
  std::array<double, kTargets.size()> targets{};
  Diversity diversity;
  double seconds = 0;
  /// Filled for the --svg-graph only: every kept candidate's proxy and
  /// target speedups, and the kept candidate best on --svg-target.
  std::vector<double> keptProxy;
  std::vector<std::array<double, kTargets.size()>> keptTargets;
  std::optional<Schedule> bestOnPlotTarget;
};

struct BenchGraph {
  /// The table the graph is averaged into: the file it came from, or
  /// "synthetic/<family>".
  std::string dataset;
  /// Unique within a run for distinct inputs; keys the random streams.
  std::string name;
  DepGraph graph;
  /// Generated (durations U(0, 1) us): judged on the synthetic device.
  bool synthetic = false;

  /// The name without the input file's folders: keys the graph's random
  /// streams, so that its target noise does not depend on how its path was
  /// spelled on the command line.
  std::string streamKey() const;
};

/// Every method's result on one graph, in the order of the methods.
struct GraphReport {
  const BenchGraph *graph = nullptr;
  double upperBound = 0;
  std::vector<Result> results;
};

/// Means of one method's results over the graphs of a table.
struct Summary {
  unsigned numGraphs = 0, numOk = 0, numSkipped = 0, numNodeLimit = 0;
  double proxyBest = 0, proxyMean = 0, chainEdge = 0, startTime = 0,
         placement = 0, seconds = 0;
  std::array<double, kTargets.size()> targets{};

  void add(const Result &result);
};

/// The gflownet method over all graphs at one --sigma-sweep temperature.
struct SweepPoint {
  double sigma = 0;
  Summary summary;
};

} // namespace gfsched::bench

#endif // GFSCHED_TOOLS_GFSCHED_BENCH_BENCH_H
