//===- gfsched-bench.cpp - Compare candidate sources the paper's way ------===//
//
//   gfsched-bench --synthetic=erdos-renyi,layered,sbm,watts-strogatz,
//                 barabasi-albert --model=model.pt --markdown=results.md
//   gfsched-bench --input=model.mlir --methods=list,gflownet --csv=out.csv
//   gfsched-bench --methods=list,gflownet,ppo --ppo-model=models/ppo.pt
//   gfsched-bench --quick                        (a smoke test, seconds)
//
// The evaluation protocol of PAPER.md: for every graph and method, draw
// --samples candidate schedules, rank them by proxy makespan, keep the best
// --topk distinct ones as the pass does (rankDistinct: near-best spread by
// --spread, and a --local share of data-local ones), and report
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
#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Graph/Generators.h"
#include "gfsched/Graph/GraphJSON.h"
#include "gfsched/MLIR/BlockGraph.h"
#include "gfsched/Schedule/Gantt.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Search/BRKGA.h"
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
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
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
#include <utility>
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
    "synthetic-max-edge-bytes", cl::init(2.5e5),
    cl::desc("Synthetic edges carry U(0, this) bytes (default: 2.5e5), "
             "charged by the bandwidth, latency and full targets across "
             "units"),
    cl::cat(category));
static cl::opt<double> syntheticTransferScale(
    "synthetic-transfer-scale", cl::init(0.1),
    cl::desc("Extra factor on the transfer costs (a and b) for synthetic "
             "graphs, whose ops last U(0, 1) us (default: 0.1; see "
             "docs/bench.md)"),
    cl::cat(category));
static cl::opt<double> transferScale(
    "transfer-scale", cl::init(1.0),
    cl::desc("Multiplies the device's transfer costs (a and b of the "
             "bandwidth and latency models): 0.25 milder, 4 harsher "
             "(default: 1)"),
    cl::cat(category));
static cl::opt<double> noiseScale(
    "noise-scale", cl::init(1.0),
    cl::desc("Multiplies the device's noise relative_stddev: 0.5 milder, 2 "
             "harsher (default: 1)"),
    cl::cat(category));
static cl::opt<uint64_t>
    syntheticSeed("synthetic-seed", cl::init(1000),
                  cl::desc("Seed of the synthetic test graphs (default: 1000)"),
                  cl::cat(category));
static cl::list<std::string>
    methodNames("methods", cl::CommaSeparated,
                cl::desc("Methods to compare: list, random, random-list, "
                         "brkga, gflownet, ppo, exact, program (default: "
                         "list, random, random-list, brkga, gflownet, exact)"),
                cl::cat(category));
static cl::opt<std::string>
    modelPath("model",
              cl::desc("GFlowNet model (default: the one compiled in)"),
              cl::value_desc("model.pt"), cl::cat(category));
#ifndef GFSCHED_DEFAULT_PPO_MODEL
#define GFSCHED_DEFAULT_PPO_MODEL ""
#endif
static cl::opt<std::string> ppoModelPath(
    "ppo-model",
    cl::desc("PPO policy of the ppo method, trained by gfsched-train "
             "--objective=ppo and sampled at its training sigma (default: "
             "the source tree's models/ppo.pt)"),
    cl::value_desc("ppo.pt"), cl::init(GFSCHED_DEFAULT_PPO_MODEL),
    cl::cat(category));
static cl::opt<unsigned>
    numSamples("samples", cl::init(1000),
               cl::desc("Candidates drawn per graph (default: 1000)"),
               cl::cat(category));
static cl::opt<unsigned>
    topK("topk", cl::init(100),
         cl::desc("Candidates kept, best by proxy (default: 100)"),
         cl::cat(category));
static cl::opt<double> spread(
    "spread", cl::init(0.01),
    cl::desc("Candidates within this fraction of the best proxy makespan are "
             "near-best; when more than --topk are, the kept ones are chosen "
             "among them for diversity (default: 0.01)"),
    cl::cat(category));
static cl::opt<double> local(
    "local", cl::init(0.5),
    cl::desc("Share of the --topk kept for the candidates within 20% of the "
             "best proxy makespan that move the least data between units "
             "(default: 0.5)"),
    cl::cat(category));
static cl::opt<double> explore(
    "explore", cl::init(0.5),
    cl::desc("Share of the samples the GFlowNet draws at temperature 0.3 "
             "instead of --sigma (default: 0.5)"),
    cl::cat(category));
static cl::opt<double>
    sigma("sigma", cl::init(0.01),
          cl::desc("GFlowNet sampling temperature (default: 0.01)"),
          cl::cat(category));
static cl::opt<unsigned>
    brkgaPopulation("brkga-population", cl::init(100),
                    cl::desc("BRKGA population size (default: 100)"),
                    cl::cat(category));
static cl::opt<unsigned> brkgaEvaluations(
    "brkga-evaluations", cl::init(0),
    cl::desc("BRKGA decodes per graph, the initial population included "
             "(default: 0 = 20 x --samples)"),
    cl::cat(category));
static cl::opt<std::string>
    svgDir("svg-dir",
           cl::desc("Write SVG plots (scatter, Gantt, temperature sweep) to "
                    "this directory"),
           cl::value_desc("dir"), cl::cat(category));
static cl::list<double>
    sigmaSweep("sigma-sweep", cl::CommaSeparated,
               cl::desc("GFlowNet temperatures of the trade-off table and plot "
                        "(e.g. 0.003,0.005,0.01,0.03,0.1,0.3,1)"),
               cl::cat(category));
static cl::opt<std::string>
    svgGraph("svg-graph",
             cl::desc("Graph of the scatter and Gantt plots (default: the "
                      "first)"),
             cl::cat(category));
static cl::opt<std::string>
    svgTarget("svg-target", cl::init("full"),
              cl::desc("Target of the Gantt plot's chosen schedule "
                       "(default: full)"),
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
static cl::opt<unsigned> window(
    "window",
    cl::desc("Cut graphs larger than this many ops into consecutive windows "
             "of their topological order, each judged as a graph, as the "
             "pass schedules large blocks (default: 0 = never)"),
    cl::init(0), cl::cat(category));
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
static cl::opt<bool> rawSamples(
    "raw-samples",
    cl::desc("Keep the gflownet and ppo samples as the policy drew them, "
             "without the replays and the data-locality unit labels of "
             "tightenSample (an ablation)"),
    cl::cat(category));
static cl::opt<bool> keepDrawn(
    "keep-drawn", cl::init(true),
    cl::desc("Keep the gflownet's exploring samples as drawn too, beside "
             "their tightened schedules (default: true; false for the "
             "ablation)"),
    cl::cat(category));
static cl::opt<bool> tightenBaselines(
    "tighten-baselines",
    cl::desc("Tighten the candidates of list, random, random-list and brkga "
             "as the gflownet's are (tightenSample), to compare the methods "
             "without that advantage"),
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

constexpr llvm::StringLiteral kMethodNames[] = {
    "list",     "random", "random-list", "brkga",
    "gflownet", "exact",  "program",     "ppo"};
constexpr llvm::StringLiteral kDefaultMethods[] = {
    "list", "random", "random-list", "brkga", "gflownet", "exact"};

llvm::StringRef getMethodName(Method method) {
  return kMethodNames[static_cast<unsigned>(method)];
}

/// What --tighten-baselines tightens: the candidates of the baseline
/// schedulers. The learned policies' samples are always tightened; the
/// exact optimum and the program order stay what they are.
bool isTightenableBaseline(Method method) {
  return method == Method::List || method == Method::Random ||
         method == Method::RandomList || method == Method::BRKGA;
}

std::optional<Method> parseMethod(llvm::StringRef name) {
  for (auto [index, methodName] : llvm::enumerate(kMethodNames))
    if (name == methodName)
      return static_cast<Method>(index);
  return std::nullopt;
}

/// The BRKGA's final population (distinct schedules, best first), evolved
/// with --brkga-evaluations decodes (default 20 x count).
class BRKGASource : public CandidateSource {
public:
  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned count,
                                             double /*temperature*/,
                                             Rng &rng) override {
    BRKGAOptions options;
    options.populationSize = brkgaPopulation;
    options.maxEvaluations =
        brkgaEvaluations ? uint64_t(brkgaEvaluations) : 20 * uint64_t(count);
    return brkgaSchedules(problem, rng, options);
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
  /// Filled for the --svg-graph only: every kept candidate's proxy and
  /// target speedups, and the kept candidate best on --svg-target.
  std::vector<double> keptProxy;
  std::vector<std::array<double, 4>> keptTargets;
  std::optional<Schedule> bestOnPlotTarget;
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
  /// Generated (durations U(0, 1) us): judged on the synthetic device.
  bool synthetic = false;

  /// The name without the input file's folders: keys the graph's random
  /// streams, so that its target noise does not depend on how its path was
  /// spelled on the command line.
  std::string streamKey() const {
    if (!llvm::StringRef(name).starts_with(dataset))
      return name;
    return (llvm::sys::path::filename(dataset) +
            llvm::StringRef(name).drop_front(dataset.size()))
        .str();
  }
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
                        generateGraph(*family, options, rng), true});
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

/// Everything a graph's evaluation needs besides the graph.
struct Bench {
  /// The device with --transfer-scale and --noise-scale applied, and the
  /// same with --synthetic-transfer-scale on top for synthetic graphs.
  const Device *device = nullptr;
  const Device *syntheticDevice = nullptr;
  std::vector<Method> methods;
  /// The source of each method but exact, indexed by Method.
  std::array<std::unique_ptr<CandidateSource>, std::size(kMethodNames)> sources;
  /// The graph whose candidates are recorded for the plots ("" for none),
  /// and the index in kTargets of the Gantt plot's target.
  std::string plotGraph;
  size_t plotTarget = 3;
  /// The sigma the PPO policy was trained at, the only one it is sampled at.
  double ppoSigma = 0;
};

/// The temperature `method` samples at: PPO's own, else --sigma.
double getTemperature(const Bench &bench, Method method) {
  return method == Method::PPO ? bench.ppoSigma : double(sigma);
}

struct GraphReport {
  const BenchGraph *graph = nullptr;
  double upperBound = 0;
  std::vector<Result> results;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// Which candidates every method keeps, as the pass keeps them.
KeepPolicy getKeepPolicy() {
  KeepPolicy policy;
  policy.spread = spread;
  policy.localShare = local;
  return policy;
}

/// Keeps the --topk distinct `candidates` that rankDistinct picks (with
/// --spread and --local) and fills the metrics of `result` from them.
void measure(const Problem &problem, const LatencyModel &proxy,
             llvm::ArrayRef<LatencyModel> targets,
             std::vector<Schedule> candidates, Result &result,
             bool record = false, size_t plotTarget = 3) {
  std::vector<double> makespans;
  makespans.reserve(candidates.size());
  for (const Schedule &schedule : candidates)
    makespans.push_back(proxy.makespan(schedule));
  std::vector<size_t> rank = rankDistinct(problem.getGraph(), candidates,
                                          makespans, topK, getKeepPolicy());

  std::vector<Schedule> kept;
  std::vector<std::vector<double>> starts;
  kept.reserve(rank.size());
  starts.reserve(rank.size());
  double proxySum = 0;
  std::array<double, kTargets.size()> bestTarget;
  bestTarget.fill(std::numeric_limits<double>::infinity());
  size_t bestPlotIndex = 0;
  for (size_t index : rank) {
    Schedule &schedule = candidates[index];
    proxySum += problem.speedup(makespans[index]);
    std::array<double, 4> speedups;
    for (auto [t, target] : llvm::enumerate(targets)) {
      double makespan = target.makespan(schedule);
      speedups[t] = problem.speedup(makespan);
      if (t == plotTarget && makespan < bestTarget[t])
        bestPlotIndex = kept.size();
      bestTarget[t] = std::min(bestTarget[t], makespan);
    }
    if (record) {
      result.keptProxy.push_back(problem.speedup(makespans[index]));
      result.keptTargets.push_back(speedups);
    }
    starts.push_back(proxy.simulate(schedule)->start);
    kept.push_back(std::move(schedule));
  }
  if (record)
    result.bestOnPlotTarget = kept[bestPlotIndex];

  result.numCandidates = candidates.size();
  result.numKept = kept.size();
  result.proxyBest = problem.speedup(makespans[rank.front()]);
  result.proxyMean = proxySum / kept.size();
  for (auto [speedup, best] : llvm::zip_equal(result.targets, bestTarget))
    speedup = problem.speedup(best);
  result.diversity = measureDiversity(kept, starts);
  result.numDistinct = result.diversity.numDistinct;
}

llvm::Expected<Result>
runMethod(Bench &bench, Method method, const BenchGraph &graph,
          const Problem &problem, const LatencyModel &proxy,
          llvm::ArrayRef<LatencyModel> targets, double temperature) {
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
    Rng rng(deriveSeed(
        seed, (getMethodName(method) + "/" + graph.streamKey()).str()));
    auto start = std::chrono::steady_clock::now();
    llvm::Expected<std::vector<Schedule>> drawn =
        bench.sources[static_cast<unsigned>(method)]->draw(problem, numSamples,
                                                           temperature, rng);
    if (!drawn)
      return makeError(getMethodName(method) + " on " + graph.name + ": " +
                       llvm::toString(drawn.takeError()));
    candidates = std::move(*drawn);
    if (tightenBaselines && isTightenableBaseline(method))
      for (auto [index, schedule] : llvm::enumerate(candidates))
        schedule =
            tightenSample(problem, schedule,
                          getTighteningTransfer(problem.getDevice(), index));
    result.seconds = secondsSince(start);
  }
  if (candidates.empty())
    return makeError(getMethodName(method) + " drew no schedule for " +
                     graph.name);
  for (const Schedule &schedule : candidates)
    if (llvm::Error error = verify(problem, schedule))
      return makeError(getMethodName(method) +
                       " produced an invalid schedule for " + graph.name +
                       ": " + llvm::toString(std::move(error)));
  measure(problem, proxy, targets, std::move(candidates), result,
          graph.name == bench.plotGraph, bench.plotTarget);
  return result;
}

llvm::Expected<GraphReport> evaluateGraph(Bench &bench,
                                          const BenchGraph &graph) {
  llvm::Expected<Problem> problem = Problem::create(
      graph.graph, graph.synthetic ? *bench.syntheticDevice : *bench.device);
  if (!problem)
    return makeError(graph.name + ": " + llvm::toString(problem.takeError()));
  GraphReport report;
  report.graph = &graph;
  if (problem->criticalPath() > 0)
    report.upperBound = std::min<double>(
        problem->numUnits(), problem->totalWork() / problem->criticalPath());

  LatencyModel proxy(*problem, ModelKind::Proxy);
  // One "real machine" per graph, the same for every method.
  uint64_t noiseSeed = deriveSeed(seed, "target/" + graph.streamKey());
  std::vector<LatencyModel> targets;
  for (ModelKind kind : kTargets)
    targets.emplace_back(*problem, kind, noiseSeed);

  for (Method method : bench.methods) {
    llvm::Expected<Result> result =
        runMethod(bench, method, graph, *problem, proxy, targets,
                  getTemperature(bench, method));
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
                   llvm::ArrayRef<Method> methods, llvm::StringRef modelName,
                   double ppoSigma) {
  os << llvm::formatv("# gfsched-bench on {0} ({1} units)\n\n", device.name,
                      device.numUnits());
  os << llvm::formatv(
      "{0} samples per graph, top {1} kept (spread {2}, local {3}), seed {4}",
      unsigned(numSamples), unsigned(topK), llvm::format("%g", double(spread)),
      llvm::format("%g", double(local)), uint64_t(seed));
  if (llvm::is_contained(methods, Method::GFlowNet))
    os << "; gflownet: " << modelName << ", sigma "
       << llvm::format("%g", double(sigma)) << " (explore "
       << llvm::format("%g", double(explore)) << " at 0.3)";
  if (llvm::is_contained(methods, Method::PPO))
    os << "; ppo: " << ppoModelPath << ", sigma "
       << llvm::format("%g", ppoSigma);
  if (rawSamples)
    os << "; raw samples (no tightenSample)";
  else if (!keepDrawn)
    os << "; exploring samples tightened only (not also as drawn)";
  if (tightenBaselines)
    os << "; baselines tightened (tightenSample)";
  os << ".\n\n";
  if (transferScale != 1 || noiseScale != 1)
    os << llvm::formatv("Target severity: transfer costs x{0}, noise x{1}.\n\n",
                        llvm::format("%g", double(transferScale)),
                        llvm::format("%g", double(noiseScale)));
  bool anySynthetic = llvm::any_of(reports, [](const GraphReport &report) {
    return report.graph->synthetic;
  });
  if (anySynthetic)
    os << llvm::formatv(
        "Synthetic graphs: edges U(0, {0}) bytes, transfer costs x{1} "
        "further (docs/bench.md).\n\n",
        llvm::format("%g", double(syntheticEdgeBytes)),
        llvm::format("%g", double(syntheticTransferScale)));

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
// Temperature sweep and SVG plots
//===----------------------------------------------------------------------===//

struct SweepPoint {
  double sigma = 0;
  Summary summary;
};

/// The gflownet method on every graph at each --sigma-sweep temperature.
llvm::Expected<std::vector<SweepPoint>>
runSweep(Bench &bench, llvm::ArrayRef<BenchGraph> graphs) {
  std::vector<SweepPoint> points;
  std::string plotGraph = std::exchange(bench.plotGraph, "");
  for (double temperature : sigmaSweep) {
    SweepPoint point;
    point.sigma = temperature;
    for (const BenchGraph &graph : graphs) {
      llvm::Expected<Problem> problem =
          Problem::create(graph.graph, graph.synthetic ? *bench.syntheticDevice
                                                       : *bench.device);
      if (!problem)
        return makeError(graph.name + ": " +
                         llvm::toString(problem.takeError()));
      LatencyModel proxy(*problem, ModelKind::Proxy);
      uint64_t noiseSeed = deriveSeed(seed, "target/" + graph.streamKey());
      std::vector<LatencyModel> targets;
      for (ModelKind kind : kTargets)
        targets.emplace_back(*problem, kind, noiseSeed);
      llvm::Expected<Result> result =
          runMethod(bench, Method::GFlowNet, graph, *problem, proxy, targets,
                    temperature);
      if (!result)
        return result.takeError();
      point.summary.add(*result);
    }
    points.push_back(std::move(point));
  }
  bench.plotGraph = plotGraph;
  return points;
}

void writeSweepTable(llvm::raw_ostream &os, llvm::ArrayRef<SweepPoint> points,
                     size_t numGraphs) {
  os << llvm::formatv("## gflownet temperature sweep: {0} graph(s)\n\n",
                      numGraphs);
  os << llvm::formatv("| sigma | proxy-1 | proxy-{0} | noisy | bandwidth | "
                      "latency | full | GED % | d_inv | d_sen | time (ms) |\n",
                      unsigned(topK));
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

llvm::StringRef methodColor(Method method) {
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

std::string tickLabel(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

/// A graph's name without the directories of its file.
std::string shortName(llvm::StringRef name) {
  return llvm::sys::path::filename(name).str();
}

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

/// [min, max] of `values`, padded by 5% (and made non-empty).
std::pair<double, double> paddedRange(llvm::ArrayRef<double> values) {
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
                          llvm::ArrayRef<Method> methods) {
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
    axes.draw(
        svg,
        panel == 0
            ? llvm::formatv("mean proxy-{0} speedup", unsigned(topK)).str()
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

llvm::Error writeGanttSvg(const std::string &path, const Bench &bench,
                          const GraphReport &report,
                          llvm::ArrayRef<Method> methods) {
  const BenchGraph &graph = *report.graph;
  llvm::Expected<Problem> problem = Problem::create(
      graph.graph, graph.synthetic ? *bench.syntheticDevice : *bench.device);
  if (!problem)
    return problem.takeError();
  LatencyModel model(*problem, kTargets[bench.plotTarget],
                     deriveSeed(seed, "target/" + graph.streamKey()));
  // The list schedule beside the best-on-target candidate of the first
  // sampling method (gflownet, else brkga, else random-list, else random).
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
                  getModelKindName(kTargets[bench.plotTarget]) + " target")
                     .str()});
  if (panels.empty())
    return llvm::Error::success();
  std::vector<GanttPanel> ganttPanels;
  for (auto &[result, title] : panels) {
    const Schedule &schedule = *result->bestOnPlotTarget;
    Timing timing = *model.simulate(schedule);
    double proxy = problem->speedup(
        LatencyModel(*problem, ModelKind::Proxy).makespan(schedule));
    ganttPanels.push_back(
        {llvm::formatv("{0}: makespan {1:F2} us, speedup {2:F3} (proxy "
                       "{3:F3})",
                       title, timing.makespan,
                       problem->speedup(timing.makespan), proxy),
         &schedule, std::move(timing)});
  }
  std::vector<std::string> labels;
  for (NodeId op = 0; op < problem->numOps(); ++op)
    labels.push_back(std::to_string(op));
  constexpr double kWidth = 1100;
  SvgDocument svg(kWidth,
                  50 + getGanttPanelsHeight(*problem, ganttPanels.size()));
  svg.text(kWidth / 2, 24,
           llvm::formatv("{0}: schedules as run on the {1} target (boxes: op "
                         "ids; dashed: transfers)",
                         shortName(graph.name),
                         getModelKindName(kTargets[bench.plotTarget]))
               .str(),
           "middle", 14, "font-weight=\"bold\"");
  drawGanttPanels(svg, *problem, model, ganttPanels, labels, 50, kWidth);
  return svg.write(path);
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

/// How the learned policies' samples become candidates.
SamplingOptions getSamplingOptions() {
  SamplingOptions sampling;
  sampling.tighten = !rawSamples;
  sampling.exploreShare = explore;
  sampling.keepDrawn = keepDrawn;
  return sampling;
}

llvm::Error checkOptions() {
  if (numSamples == 0)
    return makeError("--samples must be at least 1");
  if (topK == 0)
    return makeError("--topk must be at least 1");
  if (!(spread >= 0) || !std::isfinite(spread))
    return makeError("--spread must be a finite number >= 0");
  if (!KeepPolicy::isValidLocalShare(local))
    return makeError("--local must be a share in [0, 1)");
  if (!SamplingOptions::isValidExploreShare(explore))
    return makeError("--explore must be a share in [0, 1]");
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
  for (auto [name, value] :
       {std::pair<llvm::StringRef, double>{"--transfer-scale", transferScale},
        {"--noise-scale", noiseScale},
        {"--synthetic-transfer-scale", syntheticTransferScale}})
    if (!(value >= 0) || !std::isfinite(value))
      return makeError(llvm::formatv("{0} must be a finite number >= 0, got "
                                     "{1}",
                                     name, value)
                           .str());
  for (double value : sigmaSweep)
    if (!(value > 0) || !std::isfinite(value))
      return makeError(llvm::formatv("--sigma-sweep values must be finite "
                                     "numbers > 0, got {0}",
                                     value)
                           .str());
  std::optional<ModelKind> plotKind = parseModelKind(svgTarget);
  if (!plotKind || *plotKind == ModelKind::Proxy)
    return makeError("--svg-target must be noisy, bandwidth, latency or full, "
                     "got '" +
                     svgTarget + "'");
  if (brkgaPopulation == 0)
    return makeError("--brkga-population must be at least 1");
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
                       "' (expected list, random, random-list, brkga, "
                       "gflownet, ppo, exact or program)");
    if (llvm::is_contained(methods, *method))
      return makeError("method '" + name + "' is given twice");
    methods.push_back(*method);
  }
  if (!modelPath.empty() && !llvm::is_contained(methods, Method::GFlowNet))
    return makeError("--model is only used by the gflownet method, which "
                     "--methods leaves out");
  if (ppoModelPath.getNumOccurrences() &&
      !llvm::is_contained(methods, Method::PPO))
    return makeError("--ppo-model is only used by the ppo method, which "
                     "--methods leaves out");
  return methods;
}

/// The ppo method's source: the GFlowNet sampler over the PPO policy, which
/// draws --samples trajectories at the policy's training sigma (its logits
/// as trained, temperature 1), so that its candidates go through exactly the
/// gflownet method's sampling and measurement. Records that sigma in
/// `bench`.
llvm::Expected<std::unique_ptr<CandidateSource>>
createPPOSource(Bench &bench, llvm::ThreadPoolInterface *pool) {
  if (ppoModelPath.empty())
    return makeError("ppo: no PPO policy: pass --ppo-model=<file> (train one "
                     "with gfsched-train --objective=ppo)");
  bool isDefault = !ppoModelPath.getNumOccurrences();
  if (isDefault && !llvm::sys::fs::exists(ppoModelPath))
    return makeError("ppo: the default PPO policy '" + ppoModelPath +
                     "' does not exist; pass --ppo-model=<file>");
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
      GFlowNetModel::loadFile(ppoModelPath, PolicyObjective::PPO);
  if (!model)
    return makeError("ppo: " + llvm::toString(model.takeError()));
  if (llvm::Error error = setTorchThreads(1))
    return std::move(error);
  bench.ppoSigma = (*model)->getConfig().fixedSigma;
  return std::make_unique<GFlowNetSource>(std::move(*model), pool,
                                          getSamplingOptions());
}

/// Replaces every graph larger than --window ops by its windows
/// (planWindows), named "<name>[first:end]" in the same dataset.
std::vector<BenchGraph> cutIntoWindows(std::vector<BenchGraph> graphs) {
  std::vector<BenchGraph> cut;
  for (BenchGraph &graph : graphs) {
    if (window == 0 || graph.graph.size() <= window) {
      cut.push_back(std::move(graph));
      continue;
    }
    for (WindowSpan span : planWindows(graph.graph.size(), window))
      cut.push_back({graph.dataset,
                     llvm::formatv("{0}[{1}:{2}]", graph.name, span.first,
                                   span.first + span.count)
                         .str(),
                     extractWindow(graph.graph, span.first, span.count),
                     graph.synthetic});
  }
  return cut;
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
  graphs = cutIntoWindows(std::move(graphs));
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
  // Target severities: scaled copies of the device (the proxy ignores
  // transfers and noise, so only the targets change).
  auto scaleTransfers = [](Device &scaled, double factor) {
    for (TransferCost *cost : {&scaled.bandwidth, &scaled.latency}) {
      cost->microsecondsPerByte *= factor;
      cost->fixedMicroseconds *= factor;
    }
  };
  scaleTransfers(*device, transferScale);
  device->noiseStddev *= noiseScale;
  Device syntheticDevice = *device;
  scaleTransfers(syntheticDevice, syntheticTransferScale);
  llvm::Expected<std::vector<BenchGraph>> graphs = loadGraphs();
  if (!graphs)
    return graphs.takeError();

  // The sampler's threads; torch gets one, as in the pass.
  std::optional<llvm::DefaultThreadPool> pool;
  if (jobs > 1)
    pool.emplace(llvm::hardware_concurrency(jobs));
  Bench bench;
  bench.device = &*device;
  bench.syntheticDevice = &syntheticDevice;
  bench.methods = *methods;
  if (!svgDir.empty()) {
    bench.plotGraph = svgGraph.empty() ? graphs->front().name : svgGraph;
    if (llvm::none_of(*graphs, [&](const BenchGraph &graph) {
          return graph.name == bench.plotGraph;
        }))
      return makeError("--svg-graph: no graph named '" + bench.plotGraph + "'");
    bench.plotTarget =
        llvm::find(kTargets, *parseModelKind(svgTarget)) - kTargets.begin();
  }
  if (!sigmaSweep.empty() &&
      !llvm::is_contained(bench.methods, Method::GFlowNet))
    return makeError("--sigma-sweep needs the gflownet method");
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
      source = createRandomListSource();
      break;
    case Method::BRKGA:
      source = std::make_unique<BRKGASource>();
      break;
    case Method::Program:
      source = createProgramOrderSource();
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
      source = std::make_unique<GFlowNetSource>(
          std::move(*model), pool ? &*pool : nullptr, getSamplingOptions());
      break;
    }
    case Method::PPO: {
      llvm::Expected<std::unique_ptr<CandidateSource>> created =
          createPPOSource(bench, pool ? &*pool : nullptr);
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

  std::vector<SweepPoint> sweep;
  if (!sigmaSweep.empty()) {
    llvm::Expected<std::vector<SweepPoint>> points = runSweep(bench, *graphs);
    if (!points)
      return points.takeError();
    sweep = std::move(*points);
  }
  if (!svgDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(svgDir))
      return makeError("cannot create '" + svgDir + "': " + ec.message());
    for (const GraphReport &report : reports) {
      if (report.graph->name != bench.plotGraph)
        continue;
      std::string stem = fileSafe(report.graph->name);
      if (llvm::Error error = writeScatterSvg(
              svgDir + "/scatter-" + stem + ".svg", report, bench.methods))
        return error;
      if (llvm::Error error = writeGanttSvg(svgDir + "/gantt-" + stem + ".svg",
                                            bench, report, bench.methods))
        return error;
    }
    if (!sweep.empty())
      if (llvm::Error error = writeSweepSvg(svgDir + "/sigma-sweep.svg", sweep,
                                            reports, bench.methods))
        return error;
  }

  if (!csvPath.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream csv(csvPath, ec);
    if (ec)
      return makeError("cannot write '" + csvPath + "': " + ec.message());
    writeCSV(csv, reports);
  }
  std::string markdown;
  llvm::raw_string_ostream markdownStream(markdown);
  writeMarkdown(markdownStream, *device, reports, bench.methods, modelName,
                bench.ppoSigma);
  if (!sweep.empty())
    writeSweepTable(markdownStream, sweep, reports.size());
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
