//===- Trainer.cpp - LPV training of the GFlowNet policy ------------------===//

#include "gfsched/GFlowNet/Trainer.h"

#include "TorchModel.h"

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ThreadPool.h"

#include <cmath>
#include <numeric>
#include <sstream>

namespace gfsched {

double computeLPV(llvm::ArrayRef<double> logReward,
                  llvm::ArrayRef<double> logForward,
                  llvm::ArrayRef<double> logBackward,
                  std::vector<double> &coefficients) {
  size_t batch = logReward.size();
  std::vector<double> zeta(batch);
  for (size_t i = 0; i < batch; ++i)
    zeta[i] = logReward[i] + logBackward[i] - logForward[i];
  double mean = std::accumulate(zeta.begin(), zeta.end(), 0.0) / batch;
  double loss = 0;
  coefficients.resize(batch);
  for (size_t i = 0; i < batch; ++i) {
    double deviation = zeta[i] - mean;
    loss += deviation * deviation / batch;
    // dL/dzeta_i = 2 (zeta_i - mean) / B, and dzeta/d(log P_F - log P_B) = -1.
    coefficients[i] = -2 * deviation / batch;
  }
  return loss;
}

namespace {

/// A graph with everything that does not change between its updates.
struct PreparedGraph {
  std::string name;
  DepGraph graph;
  std::unique_ptr<Problem> problem;
  EncoderInputs inputs;
};

torch::Tensor toTensor(std::vector<float> &values,
                       llvm::ArrayRef<int64_t> shape) {
  return torch::from_blob(values.data(),
                          torch::IntArrayRef(shape.data(), shape.size()))
      .clone();
}

void addGradient(torch::Tensor &parameter, const torch::Tensor &gradient) {
  if (parameter.grad().defined())
    parameter.mutable_grad().add_(gradient);
  else
    parameter.mutable_grad() = gradient;
}

} // namespace

struct Trainer::Impl {
  Impl(GFlowNetModel &model, const Device &device, const TrainingConfig &config,
       llvm::ThreadPoolInterface *pool)
      : model(model), device(device), config(config), pool(pool),
        optimizer(asTorchModel(model).net->parameters(),
                  torch::optim::AdamOptions(config.learningRate)),
        rng(config.seed) {}

  llvm::Error prepare(std::vector<TrainingGraph> graphs);
  double learningRateAt(uint64_t step) const;
  llvm::Expected<StepStats> step();
  /// The graph of this update: a stored one, or a window of a large one.
  llvm::Expected<const PreparedGraph *> pickGraph(PreparedGraph &window);
  void backpropagate(PolicyNetImpl::Output &output,
                     const PolicyWeights &weights, const Problem &problem,
                     const std::vector<Trajectory> &trajectories,
                     const std::vector<double> &coefficients);

  GFlowNetModel &model;
  const Device &device;
  TrainingConfig config;
  llvm::ThreadPoolInterface *pool;
  torch::optim::Adam optimizer;
  std::vector<PreparedGraph> graphs;
  Rng rng;
  uint64_t stepCount = 0;
};

llvm::Error Trainer::Impl::prepare(std::vector<TrainingGraph> input) {
  if (input.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no training graphs");
  // Problems point at their graphs: the vector must never reallocate.
  graphs.reserve(input.size());
  for (TrainingGraph &named : input) {
    PreparedGraph &prepared = graphs.emplace_back();
    prepared.name = std::move(named.name);
    prepared.graph = std::move(named.graph);
    llvm::Expected<Problem> problem = Problem::create(prepared.graph, device);
    if (!problem)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "training graph '%s': %s",
          prepared.name.c_str(), llvm::toString(problem.takeError()).c_str());
    if (prepared.graph.size() == 0)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "training graph '%s' has no ops",
                                     prepared.name.c_str());
    prepared.problem = std::make_unique<Problem>(std::move(*problem));
    // Large graphs are trained on windows, prepared per update.
    if (prepared.graph.size() <= config.subgraphMax)
      prepared.inputs =
          makeEncoderInputs(*prepared.problem, model.getConfig().heads);
  }
  return llvm::Error::success();
}

double Trainer::Impl::learningRateAt(uint64_t step) const {
  uint64_t total = config.cosineDecaySteps;
  if (total == 0)
    return config.learningRate;
  double warmup = std::max<double>(1, 0.02 * total);
  if (step < warmup)
    return config.learningRate * (step + 1) / warmup;
  double progress = std::min(1.0, (step - warmup) / (total - warmup));
  return config.learningRate * 0.5 * (1 + std::cos(M_PI * progress));
}

llvm::Expected<const PreparedGraph *>
Trainer::Impl::pickGraph(PreparedGraph &window) {
  const PreparedGraph &chosen = graphs[uniformIndex(rng, graphs.size())];
  if (chosen.graph.size() <= config.subgraphMax)
    return &chosen;
  unsigned span = config.subgraphMax - config.subgraphMin + 1;
  unsigned count = config.subgraphMin + uniformIndex(rng, span);
  unsigned first = uniformIndex(rng, chosen.graph.size() - count + 1);
  window.name = llvm::formatv("{0}[{1}:{2}]", chosen.name, first,
                              first + count)
                    .str();
  window.graph = extractWindow(chosen.graph, first, count);
  llvm::Expected<Problem> problem = Problem::create(window.graph, device);
  if (!problem)
    return problem.takeError();
  window.problem = std::make_unique<Problem>(std::move(*problem));
  window.inputs = makeEncoderInputs(*window.problem, model.getConfig().heads);
  return &window;
}

void Trainer::Impl::backpropagate(PolicyNetImpl::Output &output,
                                  const PolicyWeights &weights,
                                  const Problem &problem,
                                  const std::vector<Trajectory> &trajectories,
                                  const std::vector<double> &coefficients) {
  // Per-chunk gradients, summed in chunk order: the result does not depend on
  // how many threads ran the chunks.
  constexpr unsigned kChunk = 8;
  unsigned numChunks = (trajectories.size() + kChunk - 1) / kChunk;
  std::vector<HeadGradients> forwardGrads(numChunks), backwardGrads(numChunks);
  auto runChunk = [&](unsigned chunk) {
    ScheduleEnv env(problem);
    HeadScratch scratch;
    forwardGrads[chunk].resizeLike(weights.forward);
    backwardGrads[chunk].resizeLike(weights.backward);
    unsigned end = std::min<size_t>(trajectories.size(), (chunk + 1) * kChunk);
    for (unsigned i = chunk * kChunk; i < end; ++i)
      accumulateTrajectoryGradients(weights, trajectories[i], coefficients[i],
                                    env, scratch, forwardGrads[chunk],
                                    backwardGrads[chunk]);
  };
  if (pool) {
    llvm::ThreadPoolTaskGroup group(*pool);
    for (unsigned chunk = 0; chunk < numChunks; ++chunk)
      group.async([&, chunk] { runChunk(chunk); });
    group.wait();
  } else {
    for (unsigned chunk = 0; chunk < numChunks; ++chunk)
      runChunk(chunk);
  }
  for (unsigned chunk = 1; chunk < numChunks; ++chunk) {
    forwardGrads[0].add(forwardGrads[chunk]);
    backwardGrads[0].add(backwardGrads[chunk]);
  }

  PolicyNetImpl &net = *asTorchModel(model).net;
  int64_t numOps = problem.numOps();
  HeadGradients &forward = forwardGrads[0], &backward = backwardGrads[0];
  std::vector<torch::Tensor> outputs = {output.forwardNode, output.forwardOut};
  std::vector<torch::Tensor> gradients = {
      toTensor(forward.node, {numOps, int64_t(weights.forward.hidden)}),
      toTensor(forward.out, {int64_t(weights.forward.hidden)})};
  addGradient(net.forwardFeature,
              toTensor(forward.feature, {int64_t(weights.forward.numFeatures),
                                         int64_t(weights.forward.hidden)}));
  if (!weights.uniformBackward()) {
    outputs.push_back(output.backwardNode);
    outputs.push_back(output.backwardOut);
    gradients.push_back(
        toTensor(backward.node, {numOps, int64_t(weights.backward.hidden)}));
    gradients.push_back(
        toTensor(backward.out, {int64_t(weights.backward.hidden)}));
    addGradient(net.backwardFeature,
                toTensor(backward.feature,
                         {int64_t(weights.backward.numFeatures),
                          int64_t(weights.backward.hidden)}));
  }
  torch::autograd::backward(outputs, gradients);
}

llvm::Expected<StepStats> Trainer::Impl::step() {
  PreparedGraph window;
  llvm::Expected<const PreparedGraph *> picked = pickGraph(window);
  if (!picked)
    return picked.takeError();
  const PreparedGraph &graph = **picked;
  const Problem &problem = *graph.problem;
  double logMin = std::log(config.sigmaMin), logMax = std::log(config.sigmaMax);
  double sigma = std::exp(logMin + (logMax - logMin) * uniformReal(rng));
  uint64_t sampleSeed = rng();

  StepStats stats;
  llvm::Error error = catchTorchErrors("training step failed", [&] {
    PolicyNetImpl &net = *asTorchModel(model).net;
    for (torch::optim::OptimizerParamGroup &group : optimizer.param_groups())
      static_cast<torch::optim::AdamOptions &>(group.options())
          .lr(learningRateAt(stepCount));
    optimizer.zero_grad();
    PolicyNetImpl::Output output =
        net.forward(graph.inputs.nodeFeatures, graph.inputs.maskBias, sigma);
    PolicyWeights weights = toPolicyWeights(output, net);
    std::vector<Trajectory> trajectories =
        sampleTrajectories(weights, problem, config.batchSize, sampleSeed,
                           /*scoreBackward=*/true, pool);

    std::vector<double> logReward, logForward, logBackward, coefficients;
    double sumSpeedup = 0, bestSpeedup = 0;
    for (const Trajectory &trajectory : trajectories) {
      double speedup = problem.speedup(trajectory.makespan);
      sumSpeedup += speedup;
      bestSpeedup = std::max(bestSpeedup, speedup);
      logReward.push_back((speedup - problem.numUnits()) / sigma);
      logForward.push_back(trajectory.logForward);
      logBackward.push_back(trajectory.logBackward);
    }
    stats.loss = computeLPV(logReward, logForward, logBackward, coefficients);
    backpropagate(output, weights, problem, trajectories, coefficients);
    torch::nn::utils::clip_grad_norm_(net.parameters(), config.gradientClip);
    optimizer.step();
    stats.meanSpeedup = sumSpeedup / trajectories.size();
    stats.bestSpeedup = bestSpeedup;
  });
  if (error)
    return std::move(error);
  stats.step = ++stepCount;
  stats.graph = graph.name;
  stats.numOps = problem.numOps();
  stats.sigma = sigma;
  return stats;
}

Trainer::Trainer(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
Trainer::~Trainer() = default;

llvm::Expected<std::unique_ptr<Trainer>>
Trainer::create(GFlowNetModel &model, const Device &device,
                std::vector<TrainingGraph> graphs, const TrainingConfig &config,
                llvm::ThreadPoolInterface *pool) {
  if (!(config.sigmaMin > 0) || !(config.sigmaMax >= config.sigmaMin))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the sigma range must satisfy 0 < min <= "
                                   "max");
  if (config.batchSize < 2)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the LPV loss needs a batch of at least 2");
  if (config.subgraphMin == 0 || config.subgraphMin > config.subgraphMax)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the sub-graph sizes must satisfy 0 < min "
                                   "<= max");
  std::unique_ptr<Impl> impl;
  if (llvm::Error error = catchTorchErrors("cannot set up training", [&] {
        impl = std::make_unique<Impl>(model, device, config, pool);
      }))
    return std::move(error);
  if (llvm::Error error = impl->prepare(std::move(graphs)))
    return std::move(error);
  return std::unique_ptr<Trainer>(new Trainer(std::move(impl)));
}

llvm::Expected<StepStats> Trainer::step() { return impl->step(); }
uint64_t Trainer::getStep() const { return impl->stepCount; }

namespace {
constexpr llvm::StringLiteral kStepKey = "trainer.step";
constexpr llvm::StringLiteral kRngKey = "trainer.rng";
constexpr llvm::StringLiteral kOptimizerKey = "trainer.optimizer";
} // namespace

llvm::Error Trainer::saveCheckpoint(llvm::StringRef path) const {
  // The model file plus the training state: a checkpoint also loads as a
  // model.
  std::string temporary = (path + ".tmp").str();
  if (llvm::Error error = impl->model.save(temporary))
    return error;
  llvm::Error error = catchTorchErrors(
      llvm::formatv("cannot write checkpoint '{0}'", path).str(), [&] {
        torch::serialize::InputArchive modelArchive;
        modelArchive.load_from(temporary);
        torch::serialize::OutputArchive archive;
        asTorchModel(impl->model).net->save(archive);
        for (const char *key : {"gfsched.format", "gfsched.config"}) {
          c10::IValue value;
          modelArchive.read(key, value);
          archive.write(key, value);
        }
        torch::serialize::OutputArchive optimizerArchive;
        impl->optimizer.save(optimizerArchive);
        archive.write(kOptimizerKey.str(), optimizerArchive);
        archive.write(kStepKey.str(), c10::IValue(int64_t(impl->stepCount)));
        std::ostringstream rngState;
        rngState << impl->rng;
        archive.write(kRngKey.str(), c10::IValue(rngState.str()));
        archive.save_to(path.str());
      });
  std::remove(temporary.c_str());
  return error;
}

llvm::Error Trainer::loadCheckpoint(llvm::StringRef path) {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> saved =
      GFlowNetModel::loadFile(path);
  if (!saved)
    return saved.takeError();
  // torch loads tensors of any shape, and some architectures differ in no
  // shape at all (the number of heads): compare the configurations.
  ModelConfig savedConfig = (*saved)->getConfig();
  ModelConfig ownConfig = impl->model.getConfig();
  savedConfig.provenance = ownConfig.provenance = "";
  if (toJSON(savedConfig) != toJSON(ownConfig))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("cannot resume from checkpoint '{0}': it holds a model "
                      "of another configuration ({1}) than the one being "
                      "trained ({2})",
                      path, toJSON(savedConfig), toJSON(ownConfig))
            .str());
  return catchTorchErrors(
      llvm::formatv("cannot resume from checkpoint '{0}'", path).str(), [&] {
        torch::serialize::InputArchive archive;
        archive.load_from(path.str());
        asTorchModel(impl->model).net->load(archive);
        torch::serialize::InputArchive optimizerArchive;
        archive.read(kOptimizerKey.str(), optimizerArchive);
        impl->optimizer.load(optimizerArchive);
        c10::IValue step, rngState;
        archive.read(kStepKey.str(), step);
        archive.read(kRngKey.str(), rngState);
        impl->stepCount = step.toInt();
        std::istringstream state(rngState.toStringRef());
        state >> impl->rng;
      });
}

} // namespace gfsched
