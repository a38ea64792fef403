//===- gfsched-train.cpp - Train a GFlowNet scheduling policy -------------===//
//
//   gfsched-train --synthetic=erdos-renyi,layered --steps=15000 -o model.pt
//   gfsched-train --graphs=resnet.json --device=accel-hetero --init=model.pt
//
// Trains with the LPV loss (docs/gflownet.md) on synthetic graph families
// and/or graph datasets written by gfsched-graph-dump, printing a progress
// line and optionally a CSV log; --checkpoint makes the run resumable.
// --objective=ppo trains the paper's PPO baseline instead: the same network
// on the same MDP at one fixed sigma (docs/gflownet.md, "PPO").
//
//===----------------------------------------------------------------------===//

#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/GFlowNet/Trainer.h"
#include "gfsched/Graph/Generators.h"
#include "gfsched/Graph/GraphJSON.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <optional>

using namespace gfsched;
namespace cl = llvm::cl;

static cl::OptionCategory category("gfsched-train options");

static cl::opt<std::string> outputPath("o", cl::desc("Output model file"),
                                       cl::value_desc("model.pt"), cl::Required,
                                       cl::cat(category));
static cl::opt<std::string> deviceName("device",
                                       cl::desc("Builtin device or JSON file"),
                                       cl::init("accel4"), cl::cat(category));
static cl::list<std::string>
    syntheticFamilies("synthetic", cl::CommaSeparated,
                      cl::desc("Synthetic families to train on: erdos-renyi, "
                               "layered, sbm, watts-strogatz, barabasi-albert"),
                      cl::cat(category));
static cl::opt<unsigned>
    syntheticCount("synthetic-count", cl::init(1000),
                   cl::desc("Synthetic graphs, split evenly over families"),
                   cl::cat(category));
static cl::list<unsigned> syntheticNodes(
    "synthetic-nodes", cl::CommaSeparated, cl::list_init<unsigned>({50}),
    cl::desc("Ops per synthetic graph; with several sizes each family's "
             "graphs take them in turn (default: 50)"),
    cl::cat(category));
static cl::list<std::string>
    graphFiles("graphs", cl::desc("Graph or dataset JSON (gfsched-graph-dump)"),
               cl::cat(category));
static cl::opt<unsigned> minOps("min-ops", cl::init(4),
                                cl::desc("Skip dataset graphs with fewer ops"),
                                cl::cat(category));
static cl::opt<uint64_t> steps("steps", cl::init(10000),
                               cl::desc("Total updates (a resumed run counts "
                                        "the ones already done)"),
                               cl::cat(category));
static cl::opt<unsigned> batchSize("batch", cl::init(100),
                                   cl::desc("Trajectories per update"),
                                   cl::cat(category));
static cl::opt<double> learningRate("lr", cl::init(5e-4),
                                    cl::desc("Adam learning rate"),
                                    cl::cat(category));
static cl::opt<bool>
    constantLearningRate("constant-lr",
                         cl::desc("Keep the learning rate constant instead of "
                                  "a cosine decay to 0 at --steps"),
                         cl::cat(category));
static cl::opt<double> gradientClip("clip", cl::init(10),
                                    cl::desc("Gradient norm clip"),
                                    cl::cat(category));
static cl::opt<double> sigmaMin("sigma-min", cl::init(0.01),
                                cl::desc("Smallest training temperature"),
                                cl::cat(category));
static cl::opt<double> sigmaMax("sigma-max", cl::init(1.0),
                                cl::desc("Largest training temperature"),
                                cl::cat(category));
static cl::opt<double> graphsShare(
    "graphs-share", cl::init(0),
    cl::desc("Share of the updates drawn from the --graphs datasets when "
             "--synthetic graphs are trained on too (default: 0 = every graph "
             "equally likely)"),
    cl::cat(category));
static cl::opt<UnitChoice> unitChoice(
    "unit-choice", cl::init(UnitChoice::BestFit),
    cl::desc("The MDP's unit choice (default: best-fit for a new model; "
             "with --init, the model's own unless given)"),
    cl::values(clEnumValN(UnitChoice::Any, "any",
                          "any allowed unit (the paper's MDP)"),
               clEnumValN(UnitChoice::BestFit, "best-fit",
                          "only the best-fit unit of each start time "
                          "(docs/gflownet.md)")),
    cl::cat(category));
static cl::opt<double> localityWeight(
    "locality-weight", cl::init(0),
    cl::desc("w in log R = (speedup - units - w * fraction of dependency "
             "edges across units) / sigma (default: 0, the paper's reward)"),
    cl::cat(category));
enum class RewardOf { Drawn, Tightened };
static cl::opt<RewardOf> rewardOf(
    "reward", cl::init(RewardOf::Drawn),
    cl::desc("Which schedule the reward scores (default: drawn)"),
    cl::values(clEnumValN(RewardOf::Drawn, "drawn",
                          "the schedule as drawn (the paper's reward)"),
               clEnumValN(RewardOf::Tightened, "tightened",
                          "the schedule the sampler delivers: the drawn one "
                          "after tightenSample (docs/gflownet.md)")),
    cl::cat(category));
static cl::opt<unsigned> subgraphMin("subgraph-min", cl::init(25),
                                     cl::desc("Smallest training window"),
                                     cl::cat(category));
static cl::opt<unsigned> subgraphMax("subgraph-max", cl::init(75),
                                     cl::desc("Largest graph trained whole, "
                                              "and largest window"),
                                     cl::cat(category));
static cl::opt<uint64_t> seed("seed", cl::init(0), cl::desc("Random seed"),
                              cl::cat(category));
static cl::opt<unsigned> threads("jobs", cl::init(1),
                                 cl::desc("Sampling threads"),
                                 cl::cat(category));
static cl::opt<std::string> initPath("init", cl::desc("Start from this model"),
                                     cl::cat(category));
static cl::opt<std::string>
    checkpointPath("checkpoint",
                   cl::desc("Checkpoint file: resumed from if present, "
                            "written every --checkpoint-every updates"),
                   cl::cat(category));
static cl::opt<unsigned> checkpointEvery("checkpoint-every", cl::init(500),
                                         cl::desc("Updates between "
                                                  "checkpoints"),
                                         cl::cat(category));
static cl::opt<std::string> csvPath("csv", cl::desc("CSV log of every update"),
                                    cl::cat(category));
static cl::opt<unsigned> width("width", cl::init(64), cl::desc("Encoder width"),
                               cl::cat(category));
static cl::opt<unsigned> layers("layers", cl::init(3),
                                cl::desc("Encoder blocks"), cl::cat(category));
static cl::opt<unsigned> heads("heads", cl::init(4),
                               cl::desc("Attention heads (multiple of 4)"),
                               cl::cat(category));
static cl::opt<bool> uniformBackward("uniform-backward",
                                     cl::desc("Uniform P_B instead of a "
                                              "learned backward head"),
                                     cl::cat(category));
static cl::opt<PolicyObjective> objective(
    "objective", cl::desc("What to train (default: lpv)"),
    cl::values(clEnumValN(PolicyObjective::LPV, "lpv",
                          "a GFlowNet, with the log-partition-variance loss"),
               clEnumValN(PolicyObjective::PPO, "ppo",
                          "the paper's PPO baseline: the same network at one "
                          "fixed sigma (--sigma-min = --sigma-max, default "
                          "0.25), reward = proxy speedup, no backward head")),
    cl::init(PolicyObjective::LPV), cl::cat(category));
static cl::opt<unsigned>
    ppoEpochs("ppo-epochs", cl::init(4),
              cl::desc("PPO: optimisation epochs over each batch (default: "
                       "4)"),
              cl::cat(category));
static cl::opt<double>
    ppoClip("ppo-clip", cl::init(0.2),
            cl::desc("PPO: clip epsilon of the probability ratio (default: "
                     "0.2)"),
            cl::cat(category));
static cl::opt<double>
    ppoEntropy("ppo-entropy", cl::init(0.01),
               cl::desc("PPO: weight of the policy-entropy bonus (default: "
                        "0.01)"),
               cl::cat(category));

/// The sigma PPO trains at unless told otherwise (PAPER.md, "Baselines").
constexpr double kDefaultPPOSigma = 0.25;

namespace {

llvm::Error appendSynthetic(std::vector<TrainingGraph> &graphs) {
  if (syntheticFamilies.empty())
    return llvm::Error::success();
  if (llvm::is_contained(syntheticNodes, 0u))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--synthetic-nodes: a graph needs an op");
  GeneratorOptions options;
  Rng rng(deriveSeed(seed, "synthetic-training-graphs"));
  for (auto [index, name] : llvm::enumerate(syntheticFamilies)) {
    std::optional<GraphFamily> family = parseGraphFamily(name);
    if (!family)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "unknown graph family '%s'", name.c_str());
    unsigned count = syntheticCount / syntheticFamilies.size() +
                     (index < syntheticCount % syntheticFamilies.size());
    for (unsigned i = 0; i < count; ++i) {
      options.numNodes = syntheticNodes[i % syntheticNodes.size()];
      graphs.push_back({llvm::formatv("{0}-{1}", name, i).str(),
                        generateGraph(*family, options, rng)});
    }
  }
  return llvm::Error::success();
}

/// Gives the dataset graphs (those from index `firstDataset` on) together
/// the chance --graphs-share of being drawn, the synthetic ones the rest.
llvm::Error applyGraphsShare(std::vector<TrainingGraph> &graphs,
                             size_t firstDataset) {
  if (graphsShare == 0)
    return llvm::Error::success();
  if (!(graphsShare > 0 && graphsShare < 1))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--graphs-share must be in [0, 1)");
  size_t numDataset = graphs.size() - firstDataset;
  if (firstDataset == 0 || numDataset == 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--graphs-share needs both --synthetic "
                                   "and --graphs graphs");
  for (size_t i = 0; i < graphs.size(); ++i)
    graphs[i].weight = i < firstDataset ? (1 - graphsShare) / firstDataset
                                        : graphsShare / numDataset;
  return llvm::Error::success();
}

llvm::Error appendDatasets(std::vector<TrainingGraph> &graphs) {
  for (const std::string &path : graphFiles) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        llvm::MemoryBuffer::getFile(path);
    if (!buffer)
      return llvm::createStringError(buffer.getError(), "cannot read '%s': %s",
                                     path.c_str(),
                                     buffer.getError().message().c_str());
    llvm::Expected<std::vector<NamedGraph>> dataset =
        parseGraphDataset((*buffer)->getBuffer());
    if (!dataset)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "%s: %s", path.c_str(),
          llvm::toString(dataset.takeError()).c_str());
    for (NamedGraph &named : *dataset)
      if (named.graph.size() >= minOps)
        graphs.push_back({path + ":" + named.name, std::move(named.graph)});
  }
  return llvm::Error::success();
}

/// Rejects flags that the chosen objective does not use, and gives PPO its
/// one sigma: --sigma-min and --sigma-max must agree (one of them alone sets
/// both; neither gives 0.25).
llvm::Error resolveObjectiveOptions() {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   message.str());
  };
  if (objective == PolicyObjective::LPV) {
    for (const cl::Option *option : {static_cast<cl::Option *>(&ppoEpochs),
                                     static_cast<cl::Option *>(&ppoClip),
                                     static_cast<cl::Option *>(&ppoEntropy)})
      if (option->getNumOccurrences())
        return fail("--" + option->ArgStr + " is only used by --objective=ppo");
    return llvm::Error::success();
  }
  bool minGiven = sigmaMin.getNumOccurrences(),
       maxGiven = sigmaMax.getNumOccurrences();
  if (minGiven && maxGiven && sigmaMin != sigmaMax)
    return fail("--objective=ppo trains at one fixed sigma: --sigma-min and "
                "--sigma-max must be equal (default: both 0.25)");
  double sigma = minGiven   ? double(sigmaMin)
                 : maxGiven ? double(sigmaMax)
                            : kDefaultPPOSigma;
  if (!(sigma > 0) || !std::isfinite(sigma))
    return fail("--objective=ppo needs a sigma > 0");
  sigmaMin = sigmaMax = sigma;
  return llvm::Error::success();
}

const char *rewardName() {
  return rewardOf == RewardOf::Tightened ? "tightened" : "drawn";
}

std::string describePPORun(double seconds, uint64_t done) {
  return llvm::formatv("gfsched-train --objective=ppo: {0} updates of batch "
                       "{1}, {2} epochs, clip {3}, entropy {4}, lr {5} ({6}), "
                       "sigma {7}, reward of the {8} schedule, seed {9}, {10} "
                       "thread(s), {11:F0} s",
                       done, batchSize, ppoEpochs, ppoClip, ppoEntropy,
                       learningRate,
                       constantLearningRate ? "constant" : "cosine decay",
                       sigmaMin, rewardName(), seed, threads, seconds)
      .str();
}

std::string describeRun(double seconds, uint64_t done) {
  if (done == 0)
    return "gfsched-train: no update";
  if (objective == PolicyObjective::PPO)
    return describePPORun(seconds, done);
  return llvm::formatv("gfsched-train: {0} updates of batch {1}, lr {2} ({3}), "
                       "sigma in [{4}, {5}], locality weight {6}, reward of "
                       "the {7} schedule, seed {8}, {9} thread(s), {10:F0} s",
                       done, batchSize, learningRate,
                       constantLearningRate ? "constant" : "cosine decay",
                       sigmaMin, sigmaMax, localityWeight, rewardName(), seed,
                       threads, seconds)
      .str();
}

/// Prints the progress line: in place on a terminal, else every 100 updates.
/// Speedups are running means over recent updates at low temperature (sigma
/// < 0.02, where samples should be good) and high (sigma > 0.3, where they
/// should be diverse). PPO has one sigma: its mean and best speedups, and
/// its policy's entropy.
class Progress {
public:
  Progress(uint64_t total, uint64_t first) : total(total), first(first) {}

  void update(const StepStats &stats) {
    loss.add(stats.loss);
    if (objective == PolicyObjective::PPO) {
      lowMean.add(stats.meanSpeedup);
      lowBest.add(stats.bestSpeedup);
      entropy.add(stats.entropy);
      return print(stats.step,
                   llvm::formatv("loss {0:F3}  speedup: mean {1:F3} best "
                                 "{2:F3}  entropy {3:F2}",
                                 loss.value, lowMean.value, lowBest.value,
                                 entropy.value));
    }
    if (stats.sigma < 0.02) {
      lowMean.add(stats.meanSpeedup);
      lowBest.add(stats.bestSpeedup);
    } else if (stats.sigma > 0.3) {
      highMean.add(stats.meanSpeedup);
    }
    print(stats.step, llvm::formatv("loss {0:F2}  speedup at low sigma: mean "
                                    "{1:F3} best {2:F3}, at high sigma: mean "
                                    "{3:F3}",
                                    loss.value, lowMean.value, lowBest.value,
                                    highMean.value));
  }
  /// One line: the step, `figures`, the rate and the time left.
  void print(uint64_t step, const llvm::Twine &figures) {
    bool terminal = llvm::errs().is_displayed();
    if (!terminal && step % 100 != 0 && step != total)
      return;
    double rate = (step - first) / std::max(elapsed(), 1e-9);
    double eta = (total - step) / std::max(rate, 1e-9);
    llvm::errs() << llvm::formatv("{0}step {1}/{2}  {3}  {4:F1} steps/s  ETA "
                                  "{5:F0} s{6}",
                                  terminal ? "\r" : "", step, total,
                                  figures.str(), rate, eta,
                                  terminal ? "  " : "\n");
  }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         started)
        .count();
  }

private:
  struct RunningMean {
    double value = 0;
    bool seen = false;
    void add(double x) {
      value = seen ? 0.95 * value + 0.05 * x : x;
      seen = true;
    }
  };
  uint64_t total, first;
  RunningMean loss, lowMean, lowBest, highMean, entropy;
  std::chrono::steady_clock::time_point started =
      std::chrono::steady_clock::now();
};

llvm::Expected<std::unique_ptr<GFlowNetModel>> makeModel() {
  if (!initPath.empty()) {
    llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
        GFlowNetModel::loadFile(initPath, objective);
    if (model && unitChoice.getNumOccurrences())
      (*model)->setUnitChoice(unitChoice);
    return model;
  }
  ModelConfig config;
  config.unitChoice = unitChoice;
  config.width = width;
  config.layers = layers;
  config.heads = heads;
  config.uniformBackward = uniformBackward;
  if (objective == PolicyObjective::PPO) {
    // PPO learns no backward policy; the model records its one sigma so that
    // it is sampled at it.
    config.objective = PolicyObjective::PPO;
    config.uniformBackward = true;
    config.fixedSigma = sigmaMin;
  }
  return GFlowNetModel::create(config, seed);
}

/// The --synthetic graphs, then the --graphs datasets, thinned by
/// --graphs-share.
llvm::Expected<std::vector<TrainingGraph>> loadTrainingGraphs() {
  std::vector<TrainingGraph> graphs;
  if (llvm::Error error = appendSynthetic(graphs))
    return std::move(error);
  size_t firstDataset = graphs.size();
  if (llvm::Error error = appendDatasets(graphs))
    return std::move(error);
  if (llvm::Error error = applyGraphsShare(graphs, firstDataset))
    return std::move(error);
  if (graphs.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no training graphs: pass --synthetic "
                                   "(with --synthetic-count >= 1) and/or "
                                   "--graphs (with blocks of at least "
                                   "--min-ops ops)");
  return graphs;
}

TrainingConfig makeTrainingConfig() {
  TrainingConfig config;
  config.batchSize = batchSize;
  config.learningRate = learningRate;
  config.cosineDecaySteps = constantLearningRate ? 0 : uint64_t(steps);
  config.gradientClip = gradientClip;
  config.sigmaMin = sigmaMin;
  config.sigmaMax = sigmaMax;
  config.subgraphMin = subgraphMin;
  config.subgraphMax = subgraphMax;
  config.localityWeight = localityWeight;
  config.rewardTightened = rewardOf == RewardOf::Tightened;
  config.seed = seed;
  config.objective = objective;
  config.ppoEpochs = ppoEpochs;
  config.ppoClip = ppoClip;
  config.ppoEntropy = ppoEntropy;
  return config;
}

/// The rows of an existing --csv file up to update `lastStep` (the header
/// dropped): what a resumed run keeps, since the updates after its
/// checkpoint are done again and logged again.
llvm::Expected<std::string> readStepRowsUpTo(uint64_t lastStep) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(csvPath);
  if (std::error_code ec = buffer.getError()) {
    // A run may be resumed without its log: the log starts afresh.
    if (ec == std::errc::no_such_file_or_directory)
      return std::string();
    return llvm::createStringError(ec, "cannot read '%s': %s", csvPath.c_str(),
                                   ec.message().c_str());
  }
  std::string rows;
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef line : llvm::drop_begin(lines)) {
    uint64_t step;
    if (!line.split(',').first.getAsInteger(10, step) && step <= lastStep)
      rows += (line + "\n").str();
  }
  return rows;
}

/// The per-update CSV of --csv, with its header; a run resumed at update
/// `resumedStep` keeps the rows of the updates before it.
llvm::Error openStepCSV(std::optional<llvm::raw_fd_ostream> &csv,
                        uint64_t resumedStep) {
  llvm::Expected<std::string> kept =
      resumedStep ? readStepRowsUpTo(resumedStep) : std::string();
  if (!kept)
    return kept.takeError();
  std::error_code ec;
  csv.emplace(csvPath, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write '%s': %s", csvPath.c_str(),
                                   ec.message().c_str());
  *csv << "step,graph,ops,sigma,loss,mean_speedup,best_speedup,seconds"
       << (objective == PolicyObjective::PPO ? ",entropy,clip_fraction\n"
                                             : "\n")
       << *kept;
  return llvm::Error::success();
}

/// Closes the --csv log, reporting a write that failed (a full disk).
llvm::Error closeStepCSV(std::optional<llvm::raw_fd_ostream> &csv) {
  if (!csv)
    return llvm::Error::success();
  csv->close();
  if (!csv->has_error())
    return llvm::Error::success();
  std::error_code ec = csv->error();
  csv->clear_error();
  return llvm::createStringError(ec, "cannot write '%s': %s", csvPath.c_str(),
                                 ec.message().c_str());
}

void writeStepRow(llvm::raw_ostream &csv, const StepStats &stats,
                  double seconds) {
  csv << llvm::formatv("{0},{1},{2},{3:F5},{4:F5},{5:F5},{6:F5},{7:F2}",
                       stats.step, stats.graph, stats.numOps, stats.sigma,
                       stats.loss, stats.meanSpeedup, stats.bestSpeedup,
                       seconds);
  if (objective == PolicyObjective::PPO)
    csv << llvm::formatv(",{0:F5},{1:F5}", stats.entropy, stats.clipFraction);
  csv << "\n";
}

/// Runs the updates up to --steps, writing the CSV and the checkpoints.
llvm::Error train(Trainer &trainer, Progress &progress,
                  std::optional<llvm::raw_fd_ostream> &csv) {
  while (trainer.getStep() < steps) {
    llvm::Expected<StepStats> stats = trainer.step();
    if (!stats)
      return stats.takeError();
    progress.update(*stats);
    if (csv)
      writeStepRow(*csv, *stats, progress.elapsed());
    bool checkpointDue =
        !checkpointPath.empty() &&
        (stats->step % checkpointEvery == 0 || stats->step == steps);
    if (checkpointDue)
      if (llvm::Error error = trainer.saveCheckpoint(checkpointPath))
        return error;
  }
  if (llvm::errs().is_displayed())
    llvm::errs() << "\n";
  return llvm::Error::success();
}

/// Records how the weights were made inside the model itself; a model
/// started from another keeps that one's history first.
void recordProvenance(GFlowNetModel &model, double seconds,
                      uint64_t numUpdates) {
  std::string provenance = describeRun(seconds, numUpdates);
  if (unitChoice.getNumOccurrences())
    provenance +=
        (", " + getUnitChoiceName(model.getConfig().unitChoice) + " units")
            .str();
  const std::string &earlier = model.getConfig().provenance;
  if (!initPath.empty() && !earlier.empty())
    provenance = earlier + "; then " + provenance;
  model.setProvenance(std::move(provenance));
}

llvm::Error run() {
  if (llvm::Error error = resolveObjectiveOptions())
    return error;
  if (checkpointEvery == 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--checkpoint-every must be at least 1");
  llvm::Expected<Device> device = loadDevice(deviceName);
  if (!device)
    return device.takeError();
  llvm::Expected<std::vector<TrainingGraph>> graphs = loadTrainingGraphs();
  if (!graphs)
    return graphs.takeError();
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model = makeModel();
  if (!model)
    return model.takeError();
  // The encoder is small: torch gets one thread, the samplers the rest.
  if (llvm::Error error = setTorchThreads(1))
    return error;
  std::optional<llvm::DefaultThreadPool> pool;
  if (threads > 1)
    pool.emplace(llvm::hardware_concurrency(threads));

  llvm::Expected<std::unique_ptr<Trainer>> trainer =
      Trainer::create(**model, *device, std::move(*graphs),
                      makeTrainingConfig(), pool ? &*pool : nullptr);
  if (!trainer)
    return trainer.takeError();
  if (!checkpointPath.empty() && llvm::sys::fs::exists(checkpointPath)) {
    if (llvm::Error error = (*trainer)->loadCheckpoint(checkpointPath))
      return error;
    llvm::errs() << "resumed from " << checkpointPath << " at update "
                 << (*trainer)->getStep() << "\n";
  }
  std::optional<llvm::raw_fd_ostream> csv;
  if (!csvPath.empty())
    if (llvm::Error error = openStepCSV(csv, (*trainer)->getStep()))
      return error;

  Progress progress(steps, (*trainer)->getStep());
  llvm::Error trained = train(**trainer, progress, csv);
  // Checked and cleared either way: a stream left in error aborts the
  // process when it is destroyed.
  if (llvm::Error error = closeStepCSV(csv))
    return llvm::joinErrors(std::move(trained), std::move(error));
  if (trained)
    return trained;
  recordProvenance(**model, progress.elapsed(), (*trainer)->getStep());
  return (*model)->save(outputPath);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Train a GFlowNet scheduling policy (LPV loss), or with "
      "--objective=ppo the paper's PPO baseline\n");
  if (llvm::Error error = run()) {
    llvm::WithColor::error(llvm::errs(), "gfsched-train")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
