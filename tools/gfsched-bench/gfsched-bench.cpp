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
// This file holds the options, the graphs and the measurement; Report.h
// writes the tables and Plots.h the SVG plots, from the results of Bench.h.
//
//===----------------------------------------------------------------------===//

#include "Bench.h"
#include "Distribution.h"
#include "Plots.h"
#include "Report.h"

#include "gfsched/Candidates/Candidates.h"
#include "gfsched/Candidates/Diversity.h"
#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Graph/Generators.h"
#include "gfsched/Graph/GraphJSON.h"
#include "gfsched/MLIR/BlockGraph.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Search/BRKGA.h"
#include "gfsched/Search/CandidateSource.h"
#include "gfsched/Search/Schedulers.h"
#include "gfsched/Support/OutputFile.h"
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
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
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
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace gfsched;
using namespace gfsched::bench;
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
    brkgaPopulation("brkga-population", cl::init(0),
                    cl::desc("BRKGA population size (default: 0 = 6 x --topk, "
                             "the kept set being the best of a larger "
                             "population)"),
                    cl::cat(category));
static cl::opt<unsigned> brkgaEvaluations(
    "brkga-evaluations", cl::init(0),
    cl::desc("BRKGA decodes per graph, the initial population included "
             "(default: 0 = 20 x --samples)"),
    cl::cat(category));
static cl::opt<std::string> brkgaFitness(
    "brkga-fitness", cl::init("proxy"),
    cl::desc("Model the BRKGA is evolved on: proxy (the paper's baseline), "
             "or noisy, bandwidth, latency or full, a search on that target "
             "itself with --brkga-evaluations target evaluations (a "
             "reference beyond the protocol)"),
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
static cl::opt<bool> keepReplays(
    "keep-replays", cl::init(true),
    cl::desc("Keep each gflownet and ppo sample's transfer-aware replay too "
             "(tightenSampleWithReplay), and with --tighten-baselines each "
             "baseline candidate's (default: true; false for the ablation)"),
    cl::cat(category));
static cl::opt<bool> tightenBaselines(
    "tighten-baselines",
    cl::desc("Tighten the candidates of list, random, random-list and brkga "
             "as the gflownet's are (tightenSample), to compare the methods "
             "without that advantage"),
    cl::cat(category));

static cl::opt<bool> distribution(
    "distribution",
    cl::desc("Instead of the methods: on each graph (small enough to "
             "enumerate every trajectory), the GFlowNet's exact distribution "
             "over complete schedules against R / Z, log R = (proxy speedup - "
             "units) / sigma, at each --distribution-sigma; Markdown on "
             "stdout"),
    cl::cat(category));
static cl::list<double> distributionSigmas(
    "distribution-sigma", cl::CommaSeparated,
    cl::desc("With --distribution: the temperatures (default: 0.1,0.3,1)"),
    cl::cat(category));
static cl::opt<std::string> distributionMDP(
    "distribution-mdp", cl::init("any"),
    cl::desc("With --distribution: the MDP enumerated, any or best-fit "
             "(default: any, the MDP the shipped models are trained in; "
             "gfsched-train's default is best-fit)"),
    cl::cat(category));
static cl::opt<bool> distributionTightened(
    "distribution-tightened",
    cl::desc("With --distribution: U is the proxy speedup of each schedule "
             "tightened (the second training stage's reward) instead of as "
             "drawn"),
    cl::cat(category));
static cl::opt<uint64_t> maxTrajectories(
    "max-trajectories", cl::init(5000000),
    cl::desc("With --distribution: graphs with more trajectories are an "
             "error (default: 5000000)"),
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

/// The methods of a run without --methods.
constexpr llvm::StringLiteral kDefaultMethods[] = {
    "list", "random", "random-list", "brkga", "gflownet", "exact"};

/// What --tighten-baselines tightens: the candidates of the baseline
/// schedulers. The learned policies' samples are always tightened; the
/// exact optimum and the program order stay what they are.
bool isTightenableBaseline(Method method) {
  return method == Method::List || method == Method::Random ||
         method == Method::RandomList || method == Method::BRKGA;
}

/// The BRKGA's final population (distinct schedules, best first), evolved
/// with --brkga-evaluations decodes (default 20 x count) on the proxy, or on
/// `fitness` (a model of the problems it is drawn for: runMethod makes one
/// per graph for --brkga-fitness).
class BRKGASource : public CandidateSource {
public:
  explicit BRKGASource(const LatencyModel *fitness = nullptr)
      : fitness(fitness) {}

  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned count,
                                             double /*temperature*/,
                                             Rng &rng) override {
    BRKGAOptions options;
    options.populationSize = brkgaPopulation ? brkgaPopulation : 6 * topK;
    options.maxEvaluations =
        brkgaEvaluations ? uint64_t(brkgaEvaluations) : 20 * uint64_t(count);
    options.fitness = fitness;
    return brkgaSchedules(problem, rng, options);
  }

private:
  const LatencyModel *fitness;
};

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

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
  std::array<std::unique_ptr<CandidateSource>, kNumMethods> sources;
  /// The graph whose candidates are recorded for the plots ("" for none),
  /// and the index in kTargets of the Gantt plot's target.
  std::string plotGraph;
  size_t plotTarget = 3;
  /// The sigma the PPO policy was trained at, the only one it is sampled at.
  double ppoSigma = 0;
  /// The index in kTargets of the target the brkga method is evolved on
  /// (--brkga-fitness; none: the proxy).
  std::optional<size_t> brkgaFitnessTarget;
};

/// The temperature `method` samples at: PPO's own, else --sigma.
double getTemperature(const Bench &bench, Method method) {
  return method == Method::PPO ? bench.ppoSigma : double(sigma);
}

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

/// --tighten-baselines: `candidates` tightened as GFlowNetSource tightens
/// its samples, followed by their transfer-aware replays with
/// --keep-replays.
std::vector<Schedule> tightenAsSamples(const Problem &problem,
                                       std::vector<Schedule> candidates) {
  size_t numCandidates = candidates.size();
  for (size_t index = 0; index < numCandidates; ++index) {
    TransferCost transfer = getTighteningTransfer(problem.getDevice(), index);
    if (!keepReplays) {
      candidates[index] = tightenSample(problem, candidates[index], transfer);
      continue;
    }
    TightenedSample tightened =
        tightenSampleWithReplay(problem, candidates[index], transfer);
    candidates[index] = std::move(tightened.tightened);
    candidates.push_back(std::move(tightened.transferAwareReplay));
  }
  return candidates;
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
    CandidateSource *source =
        bench.sources[static_cast<unsigned>(method)].get();
    // Evolved on this graph's target: a source of its own.
    std::optional<BRKGASource> onTarget;
    if (method == Method::BRKGA && bench.brkgaFitnessTarget)
      source = &onTarget.emplace(&targets[*bench.brkgaFitnessTarget]);
    auto start = std::chrono::steady_clock::now();
    llvm::Expected<std::vector<Schedule>> drawn =
        source->draw(problem, numSamples, temperature, rng);
    if (!drawn)
      return makeError(getMethodName(method) + " on " + graph.name + ": " +
                       llvm::toString(drawn.takeError()));
    candidates = std::move(*drawn);
    if (tightenBaselines && isTightenableBaseline(method))
      candidates = tightenAsSamples(problem, std::move(candidates));
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

/// `graph` on the device it is judged on: the synthetic one for generated
/// graphs.
llvm::Expected<Problem> createProblem(const Bench &bench,
                                      const BenchGraph &graph) {
  llvm::Expected<Problem> problem = Problem::create(
      graph.graph, graph.synthetic ? *bench.syntheticDevice : *bench.device);
  if (!problem)
    return makeError(graph.name + ": " + llvm::toString(problem.takeError()));
  return problem;
}

/// The seed of the graph's target noise: one "real machine" per graph, the
/// same for every method.
uint64_t getNoiseSeed(const BenchGraph &graph) {
  return deriveSeed(seed, "target/" + graph.streamKey());
}

/// The graph's target models, in kTargets order.
std::vector<LatencyModel> createTargets(const Problem &problem,
                                        const BenchGraph &graph) {
  std::vector<LatencyModel> targets;
  for (ModelKind kind : kTargets)
    targets.emplace_back(problem, kind, getNoiseSeed(graph));
  return targets;
}

llvm::Expected<GraphReport> evaluateGraph(Bench &bench,
                                          const BenchGraph &graph) {
  llvm::Expected<Problem> problem = createProblem(bench, graph);
  if (!problem)
    return problem.takeError();
  GraphReport report;
  report.graph = &graph;
  if (problem->criticalPath() > 0)
    report.upperBound = std::min<double>(
        problem->numUnits(), problem->totalWork() / problem->criticalPath());

  LatencyModel proxy(*problem, ModelKind::Proxy);
  std::vector<LatencyModel> targets = createTargets(*problem, graph);
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

/// The gflownet method on every graph at each --sigma-sweep temperature.
llvm::Expected<std::vector<SweepPoint>>
runSweep(Bench &bench, llvm::ArrayRef<BenchGraph> graphs) {
  std::vector<SweepPoint> points;
  std::string plotGraph = std::exchange(bench.plotGraph, "");
  for (double temperature : sigmaSweep) {
    SweepPoint point;
    point.sigma = temperature;
    for (const BenchGraph &graph : graphs) {
      llvm::Expected<Problem> problem = createProblem(bench, graph);
      if (!problem)
        return problem.takeError();
      LatencyModel proxy(*problem, ModelKind::Proxy);
      std::vector<LatencyModel> targets = createTargets(*problem, graph);
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
  sampling.keepReplays = keepReplays;
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
  auto checkSigmas = [](const cl::list<double> &sigmas) -> llvm::Error {
    for (double value : sigmas)
      if (!(value > 0) || !std::isfinite(value))
        return makeError(llvm::formatv("--{0} values must be finite numbers "
                                       "> 0, got {1}",
                                       sigmas.ArgStr, value)
                             .str());
    return llvm::Error::success();
  };
  if (llvm::Error error = checkSigmas(sigmaSweep))
    return error;
  if (llvm::Error error = checkSigmas(distributionSigmas))
    return error;
  if (!findTarget(svgTarget))
    return makeError("--svg-target must be noisy, bandwidth, latency or full, "
                     "got '" +
                     svgTarget + "'");
  if (brkgaFitness != "proxy" && !findTarget(brkgaFitness))
    return makeError("--brkga-fitness must be proxy, noisy, bandwidth, latency "
                     "or full, got '" +
                     brkgaFitness + "'");
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

/// The Gantt chart of the --svg-graph on the --svg-target, judged as in
/// evaluateGraph.
llvm::Error writeGanttSvg(const Bench &bench, const GraphReport &report,
                          const std::string &path) {
  llvm::Expected<Problem> problem = createProblem(bench, *report.graph);
  if (!problem)
    return problem.takeError();
  LatencyModel target(*problem, kTargets[bench.plotTarget],
                      getNoiseSeed(*report.graph));
  return writeGanttSvg(path, *problem, target, report, bench.methods);
}

/// The settings the Markdown report states.
RunDescription describeRun(const Device &device, llvm::StringRef modelName,
                           double ppoSigma) {
  RunDescription run;
  run.deviceName = device.name;
  run.numUnits = device.numUnits();
  run.numSamples = numSamples;
  run.topK = topK;
  run.spread = spread;
  run.localShare = local;
  run.seed = seed;
  run.modelName = modelName.str();
  run.sigma = sigma;
  run.exploreShare = explore;
  run.ppoModelName = ppoModelPath;
  run.ppoSigma = ppoSigma;
  run.rawSamples = rawSamples;
  run.keepDrawn = keepDrawn;
  run.keepReplays = keepReplays;
  run.tightenBaselines = tightenBaselines;
  run.transferScale = transferScale;
  run.noiseScale = noiseScale;
  run.syntheticEdgeBytes = syntheticEdgeBytes;
  run.syntheticTransferScale = syntheticTransferScale;
  run.brkgaFitness = brkgaFitness;
  run.exactMaxOps = exactMaxOps;
  run.exactNodeLimit = exactNodeLimit;
  return run;
}

/// The device of --device with --transfer-scale and --noise-scale applied
/// (the target severities: the proxy ignores transfers and noise, so only
/// the targets change), and the same with --synthetic-transfer-scale on top.
struct BenchDevices {
  Device real, synthetic;
};
llvm::Expected<BenchDevices> loadBenchDevices() {
  llvm::Expected<Device> device = loadDevice(deviceName);
  if (!device)
    return device.takeError();
  auto scaleTransfers = [](Device &scaled, double factor) {
    for (TransferCost *cost : {&scaled.bandwidth, &scaled.latency}) {
      cost->microsecondsPerByte *= factor;
      cost->fixedMicroseconds *= factor;
    }
  };
  scaleTransfers(*device, transferScale);
  device->noiseStddev *= noiseScale;
  Device synthetic = *device;
  scaleTransfers(synthetic, syntheticTransferScale);
  return BenchDevices{std::move(*device), std::move(synthetic)};
}

/// The GFlowNet of --model (default: the embedded one), with torch limited
/// to one thread as in the pass: the samplers have threads of their own.
llvm::Expected<std::unique_ptr<GFlowNetModel>> loadGFlowNetModel() {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
      modelPath.empty() ? GFlowNetModel::loadEmbedded()
                        : GFlowNetModel::loadFile(modelPath);
  if (!model)
    return makeError("gflownet: " + llvm::toString(model.takeError()));
  if (llvm::Error error = setTorchThreads(1))
    return std::move(error);
  return model;
}

/// Fills bench.sources for bench.methods; the samplers spread over `pool`.
llvm::Error createSources(Bench &bench, llvm::ThreadPoolInterface *pool) {
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
          loadGFlowNetModel();
      if (!model)
        return model.takeError();
      source = std::make_unique<GFlowNetSource>(std::move(*model), pool,
                                                getSamplingOptions());
      break;
    }
    case Method::PPO: {
      llvm::Expected<std::unique_ptr<CandidateSource>> created =
          createPPOSource(bench, pool);
      if (!created)
        return created.takeError();
      source = std::move(*created);
      break;
    }
    }
  }
  return llvm::Error::success();
}

/// Sets what --svg-dir plots and what --brkga-fitness evolves on; checks
/// that --svg-graph and --sigma-sweep can be done.
llvm::Error choosePlotsAndFitness(Bench &bench,
                                  llvm::ArrayRef<BenchGraph> graphs) {
  if (!svgDir.empty()) {
    bench.plotGraph = svgGraph.empty() ? graphs.front().name : svgGraph;
    if (llvm::none_of(graphs, [&](const BenchGraph &graph) {
          return graph.name == bench.plotGraph;
        }))
      return makeError("--svg-graph: no graph named '" + bench.plotGraph + "'");
    bench.plotTarget = *findTarget(svgTarget);
  }
  bench.brkgaFitnessTarget = findTarget(brkgaFitness);
  if (!sigmaSweep.empty() &&
      !llvm::is_contained(bench.methods, Method::GFlowNet))
    return makeError("--sigma-sweep needs the gflownet method");
  return llvm::Error::success();
}

/// Every method on every graph, with a progress line on a terminal.
llvm::Expected<std::vector<GraphReport>>
evaluateGraphs(Bench &bench, llvm::ArrayRef<BenchGraph> graphs) {
  bool terminal = llvm::errs().is_displayed();
  std::vector<GraphReport> reports;
  for (auto [index, graph] : llvm::enumerate(graphs)) {
    if (terminal)
      llvm::errs() << llvm::formatv("\r[{0}/{1}] {2}\x1b[K", index + 1,
                                    graphs.size(), graph.name);
    llvm::Expected<GraphReport> report = evaluateGraph(bench, graph);
    if (!report)
      return report.takeError();
    reports.push_back(std::move(*report));
  }
  if (terminal)
    llvm::errs() << "\r\x1b[K";
  return reports;
}

/// --svg-dir: the scatter and Gantt plots of the --svg-graph, and the
/// temperature trade-off of the sweep.
llvm::Error writePlots(const Bench &bench, llvm::ArrayRef<GraphReport> reports,
                       llvm::ArrayRef<SweepPoint> sweep) {
  if (std::error_code ec = llvm::sys::fs::create_directories(svgDir))
    return makeError("cannot create '" + svgDir + "': " + ec.message());
  for (const GraphReport &report : reports) {
    if (report.graph->name != bench.plotGraph)
      continue;
    std::string stem = fileSafe(report.graph->name);
    if (llvm::Error error = writeScatterSvg(
            svgDir + "/scatter-" + stem + ".svg", report, bench.methods))
      return error;
    if (llvm::Error error =
            writeGanttSvg(bench, report, svgDir + "/gantt-" + stem + ".svg"))
      return error;
  }
  if (sweep.empty())
    return llvm::Error::success();
  return writeSweepSvg(svgDir + "/sigma-sweep.svg", sweep, reports,
                       bench.methods, topK);
}

/// The CSV (--csv), and the Markdown tables on stdout and in --markdown.
llvm::Error writeTables(const Bench &bench, const RunDescription &description,
                        llvm::ArrayRef<GraphReport> reports,
                        llvm::ArrayRef<SweepPoint> sweep) {
  if (!csvPath.empty())
    if (llvm::Error error = writeOutputFile(
            csvPath, [&](llvm::raw_ostream &os) { writeCSV(os, reports); }))
      return error;
  std::string markdown;
  llvm::raw_string_ostream markdownStream(markdown);
  writeMarkdown(markdownStream, description, reports, bench.methods);
  if (!sweep.empty())
    writeSweepTable(markdownStream, sweep, reports.size(), topK);
  llvm::outs() << markdown;
  if (markdownPath.empty())
    return llvm::Error::success();
  return writeOutputFile(markdownPath,
                         [&](llvm::raw_ostream &os) { os << markdown; });
}

/// --distribution: the GFlowNet's exact distribution on every graph.
llvm::Error runDistributionCheck(const BenchDevices &devices,
                                 llvm::ArrayRef<BenchGraph> graphs) {
  std::optional<UnitChoice> unitChoice = parseUnitChoice(distributionMDP);
  if (!unitChoice)
    return makeError("--distribution-mdp: unknown MDP '" + distributionMDP +
                     "' (expected any or best-fit)");
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model = loadGFlowNetModel();
  if (!model)
    return model.takeError();
  // settings.sigmas refers to this vector: it must outlive the check.
  std::vector<double> sigmas = {0.1, 0.3, 1};
  if (!distributionSigmas.empty())
    sigmas.assign(distributionSigmas.begin(), distributionSigmas.end());
  DistributionSettings settings;
  settings.sigmas = sigmas;
  settings.unitChoice = *unitChoice;
  settings.rewardTightened = distributionTightened;
  settings.maxTrajectories = maxTrajectories;
  std::vector<DistributionRow> rows;
  for (const BenchGraph &graph : graphs) {
    llvm::Expected<Problem> problem = Problem::create(
        graph.graph, graph.synthetic ? devices.synthetic : devices.real);
    if (!problem)
      return makeError(graph.name + ": " + llvm::toString(problem.takeError()));
    llvm::Expected<std::vector<DistributionRow>> graphRows =
        checkDistribution(**model, *problem, graph.name, settings);
    if (!graphRows)
      return graphRows.takeError();
    llvm::append_range(rows, *graphRows);
  }
  writeDistributionTable(llvm::outs(), rows);
  return llvm::Error::success();
}

llvm::Error run() {
  if (llvm::Error error = applyQuick())
    return error;
  if (llvm::Error error = checkOptions())
    return error;
  llvm::Expected<std::vector<Method>> methods = parseMethods();
  if (!methods)
    return methods.takeError();
  llvm::Expected<BenchDevices> devices = loadBenchDevices();
  if (!devices)
    return devices.takeError();
  llvm::Expected<std::vector<BenchGraph>> graphs = loadGraphs();
  if (!graphs)
    return graphs.takeError();
  if (distribution)
    return runDistributionCheck(*devices, *graphs);

  std::optional<llvm::DefaultThreadPool> pool;
  if (jobs > 1)
    pool.emplace(llvm::hardware_concurrency(jobs));
  Bench bench;
  bench.device = &devices->real;
  bench.syntheticDevice = &devices->synthetic;
  bench.methods = *methods;
  if (llvm::Error error = choosePlotsAndFitness(bench, *graphs))
    return error;
  if (llvm::Error error = createSources(bench, pool ? &*pool : nullptr))
    return error;

  auto started = std::chrono::steady_clock::now();
  llvm::Expected<std::vector<GraphReport>> reports =
      evaluateGraphs(bench, *graphs);
  if (!reports)
    return reports.takeError();
  std::vector<SweepPoint> sweep;
  if (!sigmaSweep.empty()) {
    llvm::Expected<std::vector<SweepPoint>> points = runSweep(bench, *graphs);
    if (!points)
      return points.takeError();
    sweep = std::move(*points);
  }
  if (!svgDir.empty())
    if (llvm::Error error = writePlots(bench, *reports, sweep))
      return error;
  std::string modelName =
      modelPath.empty() ? std::string("embedded model") : modelPath.getValue();
  if (llvm::Error error = writeTables(
          bench, describeRun(devices->real, modelName, bench.ppoSigma),
          *reports, sweep))
    return error;
  llvm::errs() << llvm::formatv(
      "gfsched-bench: {0} graph(s) x {1} method(s) in {2:F1} s\n",
      reports->size(), bench.methods.size(), secondsSince(started));
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
