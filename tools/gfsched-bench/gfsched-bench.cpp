//===- gfsched-bench.cpp - Compare candidate sources the paper's way ------===//
//
//   gfsched-bench --synthetic=erdos-renyi,layered,sbm,watts-strogatz,
//                 barabasi-albert --model=model.pt --markdown=results.md
//   gfsched-bench --input=model.mlir --methods=list,gflownet --csv=out.csv
//   gfsched-bench --quick                        (a smoke test, seconds)
//
// The evaluation protocol of PAPER.md: for every graph and method, draw
// --samples candidate schedules, rank them by proxy makespan, keep the best
// --topk, and report
//   proxy-1     the best proxy speedup;
//   proxy-k     the mean proxy speedup over the kept k;
//   noisy, bandwidth, latency, full
//               the best speedup among the kept on each target latency model
//               (noise seeded per graph, the same for every method);
//   GED, d_inv, d_sen
//               the kept set's diversity (Candidates/Diversity.h);
//   time        the wall time of drawing the candidates;
// beside the upper bound min(units, total work / critical path). Speedup is
// total work / makespan (Problem::speedup). One CSV row per (method, graph),
// and a Markdown table per dataset (an .mlir file, a graph dataset, a
// synthetic family) averaged over its graphs, plus one over all graphs.
//
// Graphs come from .mlir files (every schedulable block of every func.func,
// with the negligible ops contracted out exactly as the pass does, so that
// the graphs are the ones the pass schedules), from datasets written by
// gfsched-graph-dump (used as they are), and from the synthetic families,
// generated from --synthetic-seed under a key that gfsched-train does not use
// (it draws its graphs from deriveSeed(seed, "synthetic-training-graphs")).
//
//===----------------------------------------------------------------------===//

#include "gfsched/Candidates/Candidates.h"
#include "gfsched/Candidates/Diversity.h"
#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/Graph/Generators.h"
#include "gfsched/Graph/GraphJSON.h"
#include "gfsched/MLIR/BlockGraph.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Search/CandidateSource.h"
#include "gfsched/Search/Schedulers.h"
#include "gfsched/Support/Random.h"

#include "mlir/Analysis/AliasAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

using namespace gfsched;
namespace cl = llvm::cl;

static cl::OptionCategory category("gfsched-bench options");

static cl::opt<std::string>
    deviceName("device",
               cl::desc("Builtin device or JSON file (default: accel4)"),
               cl::init("accel4"), cl::cat(category));
static cl::list<std::string>
    inputFiles("input",
               cl::desc("MLIR file: every schedulable block of every "
                        "func.func with at least --min-ops ops is a graph"),
               cl::value_desc("file.mlir"), cl::cat(category));
static cl::list<std::string>
    graphFiles("graphs", cl::desc("Graph or dataset JSON (gfsched-graph-dump)"),
               cl::value_desc("dataset.json"), cl::cat(category));
static cl::list<std::string> syntheticFamilies(
    "synthetic", cl::CommaSeparated,
    cl::desc("Synthetic test families: erdos-renyi, layered, sbm, "
             "watts-strogatz, barabasi-albert (all five when no graph is "
             "given at all)"),
    cl::cat(category));
static cl::opt<unsigned>
    syntheticCount("synthetic-count", cl::init(10),
                   cl::desc("Synthetic graphs per family (default: 10)"),
                   cl::cat(category));
static cl::opt<unsigned>
    syntheticNodes("synthetic-nodes", cl::init(50),
                   cl::desc("Ops per synthetic graph (default: 50)"),
                   cl::cat(category));
static cl::opt<double> syntheticEdgeBytes(
    "synthetic-max-edge-bytes", cl::init(GeneratorOptions().maxEdgeBytes),
    cl::desc("Synthetic edges carry U(0, this) bytes (default: 1e6), charged "
             "by the bandwidth, latency and full targets across units"),
    cl::cat(category));
static cl::opt<uint64_t>
    syntheticSeed("synthetic-seed", cl::init(1000),
                  cl::desc("Seed of the synthetic test graphs (default: 1000)"),
                  cl::cat(category));
static cl::list<std::string>
    methodNames("methods", cl::CommaSeparated,
                cl::desc("Methods to compare: list, random, random-list, "
                         "gflownet, exact, program (default: list, random, "
                         "random-list, gflownet, exact)"),
                cl::cat(category));
static cl::opt<std::string>
    modelPath("model",
              cl::desc("GFlowNet model (default: the one compiled in)"),
              cl::value_desc("model.pt"), cl::cat(category));
static cl::opt<unsigned>
    numSamples("samples", cl::init(1000),
               cl::desc("Candidates drawn per graph (default: 1000)"),
               cl::cat(category));
static cl::opt<unsigned>
    topK("topk", cl::init(100),
         cl::desc("Candidates kept, best by proxy (default: 100)"),
         cl::cat(category));
static cl::opt<double>
    sigma("sigma", cl::init(0.005),
          cl::desc("GFlowNet sampling temperature (default: 0.005)"),
          cl::cat(category));
static cl::opt<unsigned>
    exactMaxOps("exact-max-ops", cl::init(20),
                cl::desc("Largest graph the exact method tries (default: 20)"),
                cl::cat(category));
static cl::opt<uint64_t>
    exactNodeLimit("exact-node-limit", cl::init(10'000'000),
                   cl::desc("Search nodes after which the exact method gives "
                            "up (default: 10^7)"),
                   cl::cat(category));
static cl::opt<unsigned>
    minOps("min-ops", cl::init(8),
           cl::desc("Skip .mlir blocks and dataset graphs with fewer "
                    "ops (default: 8)"),
           cl::cat(category));
static cl::opt<std::string> csvPath("csv",
                                    cl::desc("Write one row per (method, "
                                             "graph) to this CSV file"),
                                    cl::value_desc("out.csv"),
                                    cl::cat(category));
static cl::opt<std::string>
    markdownPath("markdown",
                 cl::desc("Also write the Markdown tables to this file"),
                 cl::value_desc("out.md"), cl::cat(category));
static cl::opt<uint64_t>
    seed("seed", cl::init(0),
         cl::desc("Seed of sampling and target noise (default: 0)"),
         cl::cat(category));
static cl::opt<unsigned>
    jobs("jobs", cl::init(2),
         cl::desc("Threads of the GFlowNet sampler (default: 2)"),
         cl::cat(category));
static cl::opt<bool>
    quick("quick",
          cl::desc("Smoke test: 4 synthetic graphs of 20 ops per family, 200 "
                   "samples, top 20 (explicit options win)"),
          cl::cat(category));

namespace {

//===----------------------------------------------------------------------===//
// Methods
//===----------------------------------------------------------------------===//

enum class Method { List, Random, RandomList, GFlowNet, Exact, Program };

constexpr llvm::StringLiteral kMethodNames[] = {
    "list", "random", "random-list", "gflownet", "exact", "program"};
constexpr llvm::StringLiteral kDefaultMethods[] = {
    "list", "random", "random-list", "gflownet", "exact"};

llvm::StringRef getMethodName(Method method) {
  return kMethodNames[static_cast<unsigned>(method)];
}

std::optional<Method> parseMethod(llvm::StringRef name) {
  for (auto [index, methodName] : llvm::enumerate(kMethodNames))
    if (name == methodName)
      return static_cast<Method>(index);
  return std::nullopt;
}

/// Random list scheduling: a uniformly random ready op on the unit where it
/// starts earliest, `count` times.
class RandomListSource : public CandidateSource {
public:
  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned count,
                                             double /*temperature*/,
                                             Rng &rng) override {
    std::vector<Schedule> schedules;
    schedules.reserve(count);
    for (unsigned i = 0; i < count; ++i)
      schedules.push_back(randomListSchedule(problem, rng));
    return schedules;
  }
};

/// The program order schedule (the "before" of the pass's reports).
class ProgramOrderSource : public CandidateSource {
public:
  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned /*count*/,
                                             double /*temperature*/,
                                             Rng & /*rng*/) override {
    std::vector<Schedule> schedules;
    schedules.push_back(programOrderSchedule(problem));
    return schedules;
  }
};

/// The target models, in CSV and table order.
constexpr std::array<ModelKind, 4> kTargets = {
    ModelKind::Noisy, ModelKind::Bandwidth, ModelKind::Latency,
    ModelKind::Full};

enum class Status {
  Ok,
  /// exact: the graph has more than --exact-max-ops ops.
  Skipped,
  /// exact: the search hit --exact-node-limit, so no proven optimum.
  NodeLimit,
};

llvm::StringRef getStatusName(Status status) {
  switch (status) {
  case Status::Ok:
    return "ok";
  case Status::Skipped:
    return "skipped";
  case Status::NodeLimit:
    return "node-limit";
  }
  llvm_unreachable("unknown status");
}

/// One method on one graph.
struct Result {
  Method method;
  Status status = Status::Ok;
  unsigned numCandidates = 0, numKept = 0, numDistinct = 0;
  double proxyBest = 0, proxyMean = 0;
  std::array<double, kTargets.size()> targets{};
  Diversity diversity;
  double seconds = 0;
};

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

struct BenchGraph {
  /// The table the graph is averaged into: the file it came from, or
  /// "synthetic/<family>".
  std::string dataset;
  /// Unique within a run for distinct inputs; keys the random streams.
  std::string name;
  DepGraph graph;
};

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

/// The graphs the pass schedules in `path`: every schedulable block (named
/// "<path>:<function>#<block>", block counted as the pass counts it) whose
/// graph, negligible ops contracted out, has at least --min-ops ops.
llvm::Error appendMLIRFile(mlir::MLIRContext &context, const std::string &path,
                           std::vector<BenchGraph> &graphs) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!file)
    return makeError("cannot read '" + path +
                     "': " + file.getError().message());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  // Parse and extraction errors are printed with their locations here.
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    return makeError("cannot parse '" + path + "'");

  bool failed = false;
  module->walk([&](mlir::func::FuncOp func) {
    mlir::AliasAnalysis aliasAnalysis(func);
    for (auto [index, block] :
         llvm::enumerate(getSchedulableBlocks(func.getFunctionBody()))) {
      mlir::FailureOr<SchedulingGraph> extracted =
          extractSchedulingGraph(*block, aliasAnalysis);
      if (mlir::failed(extracted)) {
        failed = true;
        return mlir::WalkResult::interrupt();
      }
      if (extracted->graph.size() < minOps)
        continue;
      graphs.push_back({path,
                        (llvm::Twine(path) + ":" + func.getSymName() + "#" +
                         llvm::Twine(index))
                            .str(),
                        std::move(extracted->graph)});
    }
    return mlir::WalkResult::advance();
  });
  if (failed)
    return makeError("cannot extract the graphs of '" + path + "'");
  return llvm::Error::success();
}

/// The graphs of a dataset (or a single graph) with at least --min-ops ops,
/// as they are, named "<path>:<function>#<block>" (or "<path>").
llvm::Error appendDataset(const std::string &path,
                          std::vector<BenchGraph> &graphs) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer)
    return makeError("cannot read '" + path +
                     "': " + buffer.getError().message());
  llvm::Expected<std::vector<NamedGraph>> dataset =
      parseGraphDataset((*buffer)->getBuffer());
  if (!dataset)
    return makeError(path + ": " + llvm::toString(dataset.takeError()));
  for (NamedGraph &named : *dataset) {
    if (named.graph.size() < minOps)
      continue;
    std::string name = named.name.empty() ? path : path + ":" + named.name;
    graphs.push_back({path, std::move(name), std::move(named.graph)});
  }
  return llvm::Error::success();
}

/// --synthetic-count graphs of each family, each family from its own stream
/// so that the graphs of one do not depend on which others are asked for.
llvm::Error appendSynthetic(llvm::ArrayRef<std::string> families,
                            std::vector<BenchGraph> &graphs) {
  GeneratorOptions options;
  options.numNodes = syntheticNodes;
  options.maxEdgeBytes = syntheticEdgeBytes;
  if (options.numNodes == 0)
    return makeError("--synthetic-nodes must be at least 1");
  uint64_t testSeed = deriveSeed(syntheticSeed, "synthetic-test-graphs");
  for (const std::string &name : families) {
    std::optional<GraphFamily> family = parseGraphFamily(name);
    if (!family)
      return makeError("unknown graph family '" + name +
                       "' (expected erdos-renyi, layered, sbm, "
                       "watts-strogatz or barabasi-albert)");
    if (llvm::Error error = checkGeneratorOptions(*family, options))
      return error;
    Rng rng(deriveSeed(testSeed, name));
    for (unsigned i = 0; i < syntheticCount; ++i)
      graphs.push_back({"synthetic/" + name,
                        llvm::formatv("{0}-{1}", name, i).str(),
                        generateGraph(*family, options, rng)});
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

/// Everything a graph's evaluation needs besides the graph.
struct Bench {
  const Device *device = nullptr;
  std::vector<Method> methods;
  /// The source of each method but exact, indexed by Method.
  std::array<std::unique_ptr<CandidateSource>, std::size(kMethodNames)> sources;
};

struct GraphReport {
  const BenchGraph *graph = nullptr;
  double upperBound = 0;
  std::vector<Result> results;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// Ranks `candidates` by proxy makespan (stable), keeps the best --topk and
/// fills the metrics of `result` from them.
void measure(const Problem &problem, const LatencyModel &proxy,
             llvm::ArrayRef<LatencyModel> targets,
             std::vector<Schedule> candidates, Result &result) {
  std::vector<double> makespans;
  makespans.reserve(candidates.size());
  for (const Schedule &schedule : candidates)
    makespans.push_back(proxy.makespan(schedule));
  std::vector<size_t> rank(candidates.size());
  std::iota(rank.begin(), rank.end(), 0);
  llvm::stable_sort(
      rank, [&](size_t a, size_t b) { return makespans[a] < makespans[b]; });
  rank.resize(std::min<size_t>(rank.size(), topK));

  std::vector<Schedule> kept;
  std::vector<std::vector<double>> starts;
  kept.reserve(rank.size());
  starts.reserve(rank.size());
  double proxySum = 0;
  std::array<double, kTargets.size()> bestTarget;
  bestTarget.fill(std::numeric_limits<double>::infinity());
  for (size_t index : rank) {
    Schedule &schedule = candidates[index];
    proxySum += problem.speedup(makespans[index]);
    for (auto [best, target] : llvm::zip_equal(bestTarget, targets))
      best = std::min(best, target.makespan(schedule));
    starts.push_back(proxy.simulate(schedule)->start);
    kept.push_back(std::move(schedule));
  }

  result.numCandidates = candidates.size();
  result.numKept = kept.size();
  result.proxyBest = problem.speedup(makespans[rank.front()]);
  result.proxyMean = proxySum / kept.size();
  for (auto [speedup, best] : llvm::zip_equal(result.targets, bestTarget))
    speedup = problem.speedup(best);
  result.diversity = measureDiversity(kept, starts);
  result.numDistinct = result.diversity.numDistinct;
}

llvm::Expected<Result> runMethod(Bench &bench, Method method,
                                 const BenchGraph &graph,
                                 const Problem &problem,
                                 const LatencyModel &proxy,
                                 llvm::ArrayRef<LatencyModel> targets) {
  Result result;
  result.method = method;
  std::vector<Schedule> candidates;
  if (method == Method::Exact) {
    if (problem.numOps() > exactMaxOps) {
      result.status = Status::Skipped;
      return result;
    }
    auto start = std::chrono::steady_clock::now();
    std::optional<Schedule> optimal = optimalSchedule(problem, exactNodeLimit);
    result.seconds = secondsSince(start);
    if (!optimal) {
      result.status = Status::NodeLimit;
      return result;
    }
    candidates.push_back(std::move(*optimal));
  } else {
    Rng rng(deriveSeed(seed, (getMethodName(method) + "/" + graph.name).str()));
    auto start = std::chrono::steady_clock::now();
    llvm::Expected<std::vector<Schedule>> drawn =
        bench.sources[static_cast<unsigned>(method)]->draw(problem, numSamples,
                                                           sigma, rng);
    result.seconds = secondsSince(start);
    if (!drawn)
      return makeError(getMethodName(method) + " on " + graph.name + ": " +
                       llvm::toString(drawn.takeError()));
    candidates = std::move(*drawn);
  }
  if (candidates.empty())
    return makeError(getMethodName(method) + " drew no schedule for " +
                     graph.name);
  for (const Schedule &schedule : candidates)
    if (llvm::Error error = verify(problem, schedule))
      return makeError(getMethodName(method) +
                       " produced an invalid schedule for " + graph.name +
                       ": " + llvm::toString(std::move(error)));
  measure(problem, proxy, targets, std::move(candidates), result);
  return result;
}

llvm::Expected<GraphReport> evaluateGraph(Bench &bench,
                                          const BenchGraph &graph) {
  llvm::Expected<Problem> problem = Problem::create(graph.graph, *bench.device);
  if (!problem)
    return makeError(graph.name + ": " + llvm::toString(problem.takeError()));
  GraphReport report;
  report.graph = &graph;
  if (problem->criticalPath() > 0)
    report.upperBound = std::min<double>(
        problem->numUnits(), problem->totalWork() / problem->criticalPath());

  LatencyModel proxy(*problem, ModelKind::Proxy);
  // One "real machine" per graph, the same for every method.
  uint64_t noiseSeed = deriveSeed(seed, "target/" + graph.name);
  std::vector<LatencyModel> targets;
  for (ModelKind kind : kTargets)
    targets.emplace_back(*problem, kind, noiseSeed);

  for (Method method : bench.methods) {
    llvm::Expected<Result> result =
        runMethod(bench, method, graph, *problem, proxy, targets);
    if (!result)
      return result.takeError();
    report.results.push_back(std::move(*result));
  }
  return report;
}

//===----------------------------------------------------------------------===//
// Output
//===----------------------------------------------------------------------===//

/// A CSV field, quoted where it needs to be (RFC 4180).
std::string csvField(llvm::StringRef text) {
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

std::string csvNumber(double value) {
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
        // Nothing measured, but the time an unfinished search took.
        os << ",,,,,,,,,,,,," << csvNumber(result.seconds) << '\n';
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

/// Means of one method's results over the graphs of a table.
struct Summary {
  unsigned numGraphs = 0, numOk = 0, numSkipped = 0, numNodeLimit = 0;
  double proxyBest = 0, proxyMean = 0, chainEdge = 0, startTime = 0,
         placement = 0, seconds = 0;
  std::array<double, kTargets.size()> targets{};

  void add(const Result &result) {
    ++numGraphs;
    numSkipped += result.status == Status::Skipped;
    numNodeLimit += result.status == Status::NodeLimit;
    if (result.status != Status::Ok)
      return;
    ++numOk;
    proxyBest += result.proxyBest;
    proxyMean += result.proxyMean;
    for (auto [sum, value] : llvm::zip_equal(targets, result.targets))
      sum += value;
    chainEdge += result.diversity.chainEdge;
    startTime += result.diversity.startTime;
    placement += result.diversity.placement;
    seconds += result.seconds;
  }
};

/// "list 3.21, random 2.90, ..." : each method's mean proxy-1 over the
/// graphs where methods[column] succeeded (and it did too), so that a method
/// measured on part of the graphs can be compared with the others.
std::string compareOnSubset(llvm::ArrayRef<const GraphReport *> reports,
                            llvm::ArrayRef<Method> methods, size_t column) {
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

void writeTable(llvm::raw_ostream &os, llvm::StringRef title,
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
                      unsigned(topK));
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
          summary.numSkipped, unsigned(exactMaxOps), summary.numNodeLimit,
          uint64_t(exactNodeLimit),
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

void writeMarkdown(llvm::raw_ostream &os, const Device &device,
                   llvm::ArrayRef<GraphReport> reports,
                   llvm::ArrayRef<Method> methods, llvm::StringRef modelName) {
  os << llvm::formatv("# gfsched-bench on {0} ({1} units)\n\n", device.name,
                      device.numUnits());
  os << llvm::formatv("{0} samples per graph, top {1} kept, seed {2}",
                      unsigned(numSamples), unsigned(topK), uint64_t(seed));
  if (llvm::is_contained(methods, Method::GFlowNet))
    os << "; gflownet: " << modelName << ", sigma "
       << llvm::format("%g", double(sigma));
  os << ".\n\n";

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
    writeTable(os, dataset, members, methods);
  }
  if (datasets.size() > 1) {
    std::vector<const GraphReport *> all;
    for (const GraphReport &report : reports)
      all.push_back(&report);
    writeTable(os, llvm::formatv("all {0} datasets", datasets.size()).str(),
               all, methods);
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
      unsigned(topK));
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

llvm::Error applyQuick() {
  if (!quick)
    return llvm::Error::success();
  if (!syntheticCount.getNumOccurrences())
    syntheticCount = 4;
  if (!syntheticNodes.getNumOccurrences())
    syntheticNodes = 20;
  if (!numSamples.getNumOccurrences())
    numSamples = 200;
  if (!topK.getNumOccurrences())
    topK = 20;
  return llvm::Error::success();
}

llvm::Error checkOptions() {
  if (numSamples == 0)
    return makeError("--samples must be at least 1");
  if (topK == 0)
    return makeError("--topk must be at least 1");
  if (topK > numSamples)
    return makeError(llvm::formatv("--topk ({0}) cannot exceed --samples ({1})",
                                   unsigned(topK), unsigned(numSamples))
                         .str());
  if (!(sigma > 0) || !std::isfinite(sigma))
    return makeError(llvm::formatv("--sigma must be a finite number > 0, got "
                                   "{0}",
                                   double(sigma))
                         .str());
  if (jobs == 0)
    return makeError("--jobs must be at least 1");
  return llvm::Error::success();
}

llvm::Expected<std::vector<Method>> parseMethods() {
  std::vector<Method> methods;
  std::vector<std::string> names(methodNames.begin(), methodNames.end());
  if (names.empty())
    names.assign(std::begin(kDefaultMethods), std::end(kDefaultMethods));
  for (const std::string &name : names) {
    std::optional<Method> method = parseMethod(name);
    if (!method)
      return makeError("unknown method '" + name +
                       "' (expected list, random, random-list, gflownet, "
                       "exact or program)");
    if (llvm::is_contained(methods, *method))
      return makeError("method '" + name + "' is given twice");
    methods.push_back(*method);
  }
  if (!modelPath.empty() && !llvm::is_contained(methods, Method::GFlowNet))
    return makeError("--model is only used by the gflownet method, which "
                     "--methods leaves out");
  return methods;
}

llvm::Expected<std::vector<BenchGraph>> loadGraphs() {
  std::vector<BenchGraph> graphs;
  if (!inputFiles.empty()) {
    mlir::DialectRegistry registry;
    mlir::registerAllDialects(registry);
    mlir::registerAllExtensions(registry);
    mlir::MLIRContext context(registry);
    for (const std::string &path : inputFiles)
      if (llvm::Error error = appendMLIRFile(context, path, graphs))
        return std::move(error);
  }
  for (const std::string &path : graphFiles)
    if (llvm::Error error = appendDataset(path, graphs))
      return std::move(error);
  std::vector<std::string> families(syntheticFamilies.begin(),
                                    syntheticFamilies.end());
  bool anyInput = !inputFiles.empty() || !graphFiles.empty();
  if (families.empty() && !anyInput)
    for (unsigned i = 0; i < kNumGraphFamilies; ++i)
      families.push_back(getGraphFamilyName(static_cast<GraphFamily>(i)).str());
  if (llvm::Error error = appendSynthetic(families, graphs))
    return std::move(error);
  if (graphs.empty())
    return makeError(llvm::formatv("no graph to evaluate (no block or "
                                   "dataset graph has --min-ops={0} ops)",
                                   unsigned(minOps))
                         .str());
  return graphs;
}

llvm::Error run() {
  if (llvm::Error error = applyQuick())
    return error;
  if (llvm::Error error = checkOptions())
    return error;
  llvm::Expected<std::vector<Method>> methods = parseMethods();
  if (!methods)
    return methods.takeError();
  llvm::Expected<Device> device = loadDevice(deviceName);
  if (!device)
    return device.takeError();
  llvm::Expected<std::vector<BenchGraph>> graphs = loadGraphs();
  if (!graphs)
    return graphs.takeError();

  // The sampler's threads; torch gets one, as in the pass.
  std::optional<llvm::DefaultThreadPool> pool;
  if (jobs > 1)
    pool.emplace(llvm::hardware_concurrency(jobs));
  Bench bench;
  bench.device = &*device;
  bench.methods = *methods;
  std::string modelName =
      modelPath.empty() ? std::string("embedded model") : modelPath.getValue();
  for (Method method : bench.methods) {
    std::unique_ptr<CandidateSource> &source =
        bench.sources[static_cast<unsigned>(method)];
    switch (method) {
    case Method::List:
      source = llvm::cantFail(createCandidateSource(PolicyKind::List));
      break;
    case Method::Random:
      source = llvm::cantFail(createCandidateSource(PolicyKind::Random));
      break;
    case Method::RandomList:
      source = std::make_unique<RandomListSource>();
      break;
    case Method::Program:
      source = std::make_unique<ProgramOrderSource>();
      break;
    case Method::Exact:
      break;
    case Method::GFlowNet: {
      llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
          modelPath.empty() ? GFlowNetModel::loadEmbedded()
                            : GFlowNetModel::loadFile(modelPath);
      if (!model)
        return makeError("gflownet: " + llvm::toString(model.takeError()));
      if (llvm::Error error = setTorchThreads(1))
        return error;
      llvm::Expected<std::unique_ptr<CandidateSource>> created =
          createCandidateSource(PolicyKind::GFlowNet, std::move(*model),
                                pool ? &*pool : nullptr);
      if (!created)
        return created.takeError();
      source = std::move(*created);
      break;
    }
    }
  }

  auto started = std::chrono::steady_clock::now();
  bool terminal = llvm::errs().is_displayed();
  std::vector<GraphReport> reports;
  for (auto [index, graph] : llvm::enumerate(*graphs)) {
    if (terminal)
      llvm::errs() << llvm::formatv("\r[{0}/{1}] {2}\x1b[K", index + 1,
                                    graphs->size(), graph.name);
    llvm::Expected<GraphReport> report = evaluateGraph(bench, graph);
    if (!report)
      return report.takeError();
    reports.push_back(std::move(*report));
  }
  if (terminal)
    llvm::errs() << "\r\x1b[K";

  if (!csvPath.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream csv(csvPath, ec);
    if (ec)
      return makeError("cannot write '" + csvPath + "': " + ec.message());
    writeCSV(csv, reports);
  }
  std::string markdown;
  llvm::raw_string_ostream markdownStream(markdown);
  writeMarkdown(markdownStream, *device, reports, bench.methods, modelName);
  llvm::outs() << markdown;
  if (!markdownPath.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream file(markdownPath, ec);
    if (ec)
      return makeError("cannot write '" + markdownPath + "': " + ec.message());
    file << markdown;
  }
  llvm::errs() << llvm::formatv(
      "gfsched-bench: {0} graph(s) x {1} method(s) in {2:F1} s\n",
      reports.size(), bench.methods.size(), secondsSince(started));
  return llvm::Error::success();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "gfsched-bench: compare candidate sources the paper's way (proxy, "
      "targets, diversity, time)\n");
  if (llvm::Error error = run()) {
    llvm::WithColor::error(llvm::errs(), "gfsched-bench")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
