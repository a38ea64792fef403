//===- Trainer.cpp - LPV training of the GFlowNet policy ------------------===//

#include "gfsched/GFlowNet/Trainer.h"

#include "TorchModel.h"

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Search/Schedulers.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
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

std::vector<double> computeGroupAdvantages(llvm::ArrayRef<double> rewards) {
  size_t batch = rewards.size();
  double mean = std::accumulate(rewards.begin(), rewards.end(), 0.0) / batch;
  double variance = 0;
  for (double reward : rewards)
    variance += (reward - mean) * (reward - mean) / batch;
  // The epsilon only guards a batch of equal rewards, whose advantages are 0.
  double scale = 1 / (std::sqrt(variance) + 1e-8);
  std::vector<double> advantages;
  advantages.reserve(batch);
  for (double reward : rewards)
    advantages.push_back((reward - mean) * scale);
  return advantages;
}

ClippedSurrogate computeClippedSurrogate(double logProbability,
                                         double oldLogProbability,
                                         double advantage, double clip) {
  double ratio = std::exp(logProbability - oldLogProbability);
  double unclipped = ratio * advantage;
  double clipped = std::clamp(ratio, 1 - clip, 1 + clip) * advantage;
  ClippedSurrogate surrogate;
  // On a tie (the ratio inside the interval) the unclipped term carries the
  // gradient: d(r A) / d log r = r A.
  surrogate.clipped = clipped < unclipped;
  surrogate.value = std::min(unclipped, clipped);
  surrogate.gradient = surrogate.clipped ? 0 : unclipped;
  return surrogate;
}

double crossUnitEdgeFraction(const Problem &problem,
                             llvm::ArrayRef<unsigned> unitOfOp) {
  const DepGraph &graph = problem.getGraph();
  if (graph.numEdges() == 0)
    return 0;
  unsigned crossing = 0;
  for (NodeId op = 0; op < graph.size(); ++op)
    for (NodeId succ : graph.succs(op))
      crossing += unitOfOp[op] != unitOfOp[succ];
  return double(crossing) / graph.numEdges();
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

/// Trajectories per gradient task.
constexpr unsigned kChunk = 8;

unsigned countChunks(size_t count) { return (count + kChunk - 1) / kChunk; }

/// Calls body(chunk, begin, end) for every chunk of kChunk consecutive items
/// of `count`, on `pool` when there is one. Callers keep per-chunk results
/// and combine them in chunk order, so that the outcome does not depend on
/// how many threads ran the chunks.
void runChunks(size_t count, llvm::ThreadPoolInterface *pool,
               llvm::function_ref<void(unsigned, unsigned, unsigned)> body) {
  unsigned numChunks = countChunks(count);
  auto runChunk = [&](unsigned chunk) {
    body(chunk, chunk * kChunk, std::min<size_t>(count, (chunk + 1) * kChunk));
  };
  if (!pool) {
    for (unsigned chunk = 0; chunk < numChunks; ++chunk)
      runChunk(chunk);
    return;
  }
  llvm::ThreadPoolTaskGroup group(*pool);
  for (unsigned chunk = 0; chunk < numChunks; ++chunk)
    group.async([&, chunk] { runChunk(chunk); });
  group.wait();
}

/// Passes the heads' hand-written gradients into torch: through the
/// encoder's outputs by backward, and onto the feature matrices directly.
void feedHeadGradients(PolicyNetImpl &net, PolicyNetImpl::Output &output,
                       const PolicyWeights &weights, int64_t numOps,
                       HeadGradients &forward, HeadGradients &backward) {
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
    addGradient(
        net.backwardFeature,
        toTensor(backward.feature, {int64_t(weights.backward.numFeatures),
                                    int64_t(weights.backward.hidden)}));
  }
  torch::autograd::backward(outputs, gradients);
}

/// A PPO batch: the trajectories, their advantages, and each step's
/// log-probability under the policy that sampled it (recorded by the first
/// epoch, whose weights are the sampling weights).
struct PPOBatch {
  std::vector<Trajectory> trajectories;
  std::vector<double> advantages;
  std::vector<std::vector<double>> oldLogProbabilities;
  size_t numSteps = 0;
};

/// One epoch's statistics, summed over the batch's steps.
struct PPOEpochStats {
  double loss = 0, entropy = 0;
  size_t numClipped = 0;
};

} // namespace

struct Trainer::Impl {
  Impl(GFlowNetModel &model, const Device &device, const TrainingConfig &config,
       llvm::ThreadPoolInterface *pool)
      : model(model), device(device), config(config), pool(pool),
        optimizer(asTorchModel(model).net->parameters(),
                  torch::optim::AdamOptions(config.learningRate)),
        rng(config.seed) {}

  llvm::Error prepare(std::vector<TrainingGraph> graphs);
  llvm::Error prepareWeights(llvm::ArrayRef<TrainingGraph> input);
  size_t drawGraphIndex();
  double learningRateAt(uint64_t step) const;
  llvm::Expected<StepStats> step();
  /// The graph of this update: a stored one, or a window of a large one.
  llvm::Expected<const PreparedGraph *> pickGraph(PreparedGraph &window);
  /// Feeds sum_i coefficients[i] x gradients[i] into torch.
  void backpropagate(PolicyNetImpl::Output &output,
                     const PolicyWeights &weights, const Problem &problem,
                     const std::vector<TrajectoryGradients> &gradients,
                     const std::vector<double> &coefficients);
  void setLearningRate();
  llvm::Expected<StepStats> stepPPO();
  /// Counts a completed update and labels its statistics.
  StepStats finishStep(StepStats stats, const PreparedGraph &graph,
                       double sigma);
  /// One PPO epoch's gradient (into the network's .grad) at `weights`, the
  /// heads of `output`; the first epoch records the old log-probabilities.
  PPOEpochStats backpropagatePPO(PolicyNetImpl::Output &output,
                                 const PolicyWeights &weights,
                                 const Problem &problem, PPOBatch &batch,
                                 bool firstEpoch);

  /// The proxy speedup the reward scores: of the trajectory's schedule, or
  /// of the tightened one (TrainingConfig::rewardTightened).
  double scoredSpeedup(const Problem &problem,
                       const Trajectory &trajectory) const;
  /// log R of a trajectory whose scoredSpeedup() is `speedup`.
  double computeLogReward(const Problem &problem, const Trajectory &trajectory,
                          double speedup, double sigma) const;

  GFlowNetModel &model;
  const Device &device;
  TrainingConfig config;
  llvm::ThreadPoolInterface *pool;
  torch::optim::Adam optimizer;
  std::vector<PreparedGraph> graphs;
  /// Running sums of the graphs' weights, for weighted draws; empty when all
  /// weights are equal (then a draw is one uniform index, as it always was).
  std::vector<double> cumulativeWeights;
  Rng rng;
  uint64_t stepCount = 0;
};

llvm::Error Trainer::Impl::prepare(std::vector<TrainingGraph> input) {
  if (input.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no training graphs");
  if (llvm::Error error = prepareWeights(input))
    return error;
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
      if (llvm::Error error =
              catchTorchErrors("cannot prepare a training graph", [&] {
                prepared.inputs = makeEncoderInputs(*prepared.problem,
                                                    model.getConfig().heads);
              }))
        return error;
  }
  return llvm::Error::success();
}

llvm::Error Trainer::Impl::prepareWeights(llvm::ArrayRef<TrainingGraph> input) {
  bool allEqual = llvm::all_of(input, [&](const TrainingGraph &graph) {
    return graph.weight == input.front().weight;
  });
  if (allEqual)
    return llvm::Error::success();
  double sum = 0;
  for (const TrainingGraph &graph : input) {
    if (!(graph.weight >= 0) || std::isinf(graph.weight))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "training graph '%s' has an invalid weight %g", graph.name.c_str(),
          graph.weight);
    cumulativeWeights.push_back(sum += graph.weight);
  }
  return llvm::Error::success();
}

size_t Trainer::Impl::drawGraphIndex() {
  if (cumulativeWeights.empty())
    return uniformIndex(rng, graphs.size());
  double point = uniformReal(rng) * cumulativeWeights.back();
  auto it = llvm::upper_bound(cumulativeWeights, point);
  return std::min<size_t>(it - cumulativeWeights.begin(), graphs.size() - 1);
}

double Trainer::Impl::scoredSpeedup(const Problem &problem,
                                    const Trajectory &trajectory) const {
  if (!config.rewardTightened)
    return problem.speedup(trajectory.makespan);
  return tightenedProxySpeedup(problem, toSchedule(problem, trajectory));
}

double Trainer::Impl::computeLogReward(const Problem &problem,
                                       const Trajectory &trajectory,
                                       double speedup, double sigma) const {
  double reward = speedup - problem.numUnits();
  if (config.localityWeight != 0) {
    std::vector<unsigned> unitOfOp(problem.numOps());
    for (ForwardAction action : trajectory.actions)
      unitOfOp[action.op] = action.unit;
    reward -= config.localityWeight * crossUnitEdgeFraction(problem, unitOfOp);
  }
  return reward / sigma;
}

double Trainer::Impl::learningRateAt(uint64_t step) const {
  uint64_t total = config.cosineDecaySteps;
  if (total == 0)
    return config.learningRate;
  double warmup = std::max<double>(1, 0.02 * total);
  if (step < warmup)
    return config.learningRate * (step + 1) / warmup;
  double progress = std::min(1.0, (step - warmup) / (total - warmup));
  return config.learningRate * 0.5 *
         (1 + std::cos(llvm::numbers::pi * progress));
}

llvm::Expected<const PreparedGraph *>
Trainer::Impl::pickGraph(PreparedGraph &window) {
  const PreparedGraph &chosen = graphs[drawGraphIndex()];
  if (chosen.graph.size() <= config.subgraphMax)
    return &chosen;
  unsigned span = config.subgraphMax - config.subgraphMin + 1;
  unsigned count = config.subgraphMin + uniformIndex(rng, span);
  unsigned first = uniformIndex(rng, chosen.graph.size() - count + 1);
  window.name =
      llvm::formatv("{0}[{1}:{2}]", chosen.name, first, first + count).str();
  window.graph = extractWindow(chosen.graph, first, count);
  llvm::Expected<Problem> problem = Problem::create(window.graph, device);
  if (!problem)
    return problem.takeError();
  window.problem = std::make_unique<Problem>(std::move(*problem));
  if (llvm::Error error = catchTorchErrors("cannot prepare a window", [&] {
        window.inputs =
            makeEncoderInputs(*window.problem, model.getConfig().heads);
      }))
    return std::move(error);
  return &window;
}

void Trainer::Impl::backpropagate(
    PolicyNetImpl::Output &output, const PolicyWeights &weights,
    const Problem &problem, const std::vector<TrajectoryGradients> &gradients,
    const std::vector<double> &coefficients) {
  unsigned numChunks = countChunks(gradients.size());
  std::vector<HeadGradients> forwardGrads(numChunks), backwardGrads(numChunks);
  runChunks(
      gradients.size(), pool,
      [&](unsigned chunk, unsigned begin, unsigned end) {
        forwardGrads[chunk].resizeLike(weights.forward);
        backwardGrads[chunk].resizeLike(weights.backward);
        for (unsigned i = begin; i < end; ++i) {
          float coefficient = coefficients[i];
          forwardGrads[chunk].addScaled(gradients[i].forward, coefficient);
          backwardGrads[chunk].addScaled(gradients[i].backward, coefficient);
        }
      });
  for (unsigned chunk = 1; chunk < numChunks; ++chunk) {
    forwardGrads[0].add(forwardGrads[chunk]);
    backwardGrads[0].add(backwardGrads[chunk]);
  }
  feedHeadGradients(*asTorchModel(model).net, output, weights, problem.numOps(),
                    forwardGrads[0], backwardGrads[0]);
}

StepStats Trainer::Impl::finishStep(StepStats stats, const PreparedGraph &graph,
                                    double sigma) {
  stats.step = ++stepCount;
  stats.graph = graph.name;
  stats.numOps = graph.problem->numOps();
  stats.sigma = sigma;
  return stats;
}

void Trainer::Impl::setLearningRate() {
  for (torch::optim::OptimizerParamGroup &group : optimizer.param_groups())
    static_cast<torch::optim::AdamOptions &>(group.options())
        .lr(learningRateAt(stepCount));
}

llvm::Expected<StepStats> Trainer::Impl::step() {
  if (config.objective == PolicyObjective::PPO)
    return stepPPO();
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
    setLearningRate();
    optimizer.zero_grad();
    PolicyNetImpl::Output output =
        net.forward(graph.inputs.nodeFeatures, graph.inputs.maskBias, sigma);
    PolicyWeights weights = toPolicyWeights(output, net);
    // Each trajectory's gradients come with it: its LPV coefficient is known
    // only once the whole batch is drawn, and a replay would compute every
    // step's logits again.
    std::vector<TrajectoryGradients> gradients;
    std::vector<Trajectory> trajectories = sampleTrajectoriesWithGradients(
        weights, problem, config.batchSize, sampleSeed, pool, gradients);

    std::vector<double> logReward, logForward, logBackward, coefficients;
    double sumSpeedup = 0, bestSpeedup = 0;
    for (const Trajectory &trajectory : trajectories) {
      double speedup = scoredSpeedup(problem, trajectory);
      sumSpeedup += speedup;
      bestSpeedup = std::max(bestSpeedup, speedup);
      logReward.push_back(
          computeLogReward(problem, trajectory, speedup, sigma));
      logForward.push_back(trajectory.logForward);
      logBackward.push_back(trajectory.logBackward);
    }
    stats.loss = computeLPV(logReward, logForward, logBackward, coefficients);
    backpropagate(output, weights, problem, gradients, coefficients);
    torch::nn::utils::clip_grad_norm_(net.parameters(), config.gradientClip);
    optimizer.step();
    stats.meanSpeedup = sumSpeedup / trajectories.size();
    stats.bestSpeedup = bestSpeedup;
  });
  if (error)
    return std::move(error);
  return finishStep(std::move(stats), graph, sigma);
}

//===----------------------------------------------------------------------===//
// PPO
//===----------------------------------------------------------------------===//

PPOEpochStats Trainer::Impl::backpropagatePPO(PolicyNetImpl::Output &output,
                                              const PolicyWeights &weights,
                                              const Problem &problem,
                                              PPOBatch &batch,
                                              bool firstEpoch) {
  size_t count = batch.trajectories.size();
  // Every step of every trajectory counts once: L is a mean over steps.
  double scale = 1.0 / batch.numSteps;
  unsigned numChunks = countChunks(count);
  std::vector<HeadGradients> forwardGrads(numChunks);
  std::vector<PPOEpochStats> perTrajectory(count);
  runChunks(count, pool, [&](unsigned chunk, unsigned begin, unsigned end) {
    ScheduleEnv env(problem, weights.unitChoice);
    HeadScratch scratch;
    forwardGrads[chunk].resizeLike(weights.forward);
    for (unsigned i = begin; i < end; ++i) {
      std::vector<double> &old = batch.oldLogProbabilities[i];
      PPOEpochStats &stats = perTrajectory[i];
      auto weigh = [&](unsigned step, double logProbability, double entropy) {
        // The first epoch runs at the sampling weights: its log-probabilities
        // are pi_old's, and its ratios are 1.
        if (firstEpoch)
          old[step] = logProbability;
        ClippedSurrogate surrogate = computeClippedSurrogate(
            logProbability, old[step], batch.advantages[i], config.ppoClip);
        stats.loss -= scale * (surrogate.value + config.ppoEntropy * entropy);
        stats.entropy += entropy;
        stats.numClipped += surrogate.clipped;
        return StepGradientWeights{-scale * surrogate.gradient,
                                   -scale * config.ppoEntropy};
      };
      accumulateStepGradients(weights.forward, batch.trajectories[i], weigh,
                              env, scratch, forwardGrads[chunk]);
    }
  });
  for (unsigned chunk = 1; chunk < numChunks; ++chunk)
    forwardGrads[0].add(forwardGrads[chunk]);
  HeadGradients noBackward;
  feedHeadGradients(*asTorchModel(model).net, output, weights, problem.numOps(),
                    forwardGrads[0], noBackward);
  PPOEpochStats total;
  for (const PPOEpochStats &stats : perTrajectory) {
    total.loss += stats.loss;
    total.entropy += stats.entropy;
    total.numClipped += stats.numClipped;
  }
  return total;
}

llvm::Expected<StepStats> Trainer::Impl::stepPPO() {
  PreparedGraph window;
  llvm::Expected<const PreparedGraph *> picked = pickGraph(window);
  if (!picked)
    return picked.takeError();
  const PreparedGraph &graph = **picked;
  const Problem &problem = *graph.problem;
  double sigma = config.sigmaMin; // == sigmaMax == the model's fixedSigma
  uint64_t sampleSeed = rng();

  StepStats stats;
  llvm::Error error = catchTorchErrors("PPO training step failed", [&] {
    PolicyNetImpl &net = *asTorchModel(model).net;
    setLearningRate();
    PolicyNetImpl::Output output =
        net.forward(graph.inputs.nodeFeatures, graph.inputs.maskBias, sigma);
    PolicyWeights weights = toPolicyWeights(output, net);
    PPOBatch batch;
    batch.trajectories =
        sampleTrajectories(weights, problem, config.batchSize, sampleSeed,
                           /*scoreBackward=*/false, pool);
    std::vector<double> rewards;
    for (const Trajectory &trajectory : batch.trajectories) {
      rewards.push_back(scoredSpeedup(problem, trajectory));
      batch.oldLogProbabilities.emplace_back(trajectory.actions.size());
      batch.numSteps += trajectory.actions.size();
    }
    batch.advantages = computeGroupAdvantages(rewards);
    stats.meanSpeedup =
        std::accumulate(rewards.begin(), rewards.end(), 0.0) / rewards.size();
    stats.bestSpeedup = *llvm::max_element(rewards);

    for (unsigned epoch = 0; epoch < config.ppoEpochs; ++epoch) {
      // Every epoch after the first re-runs the encoder at the updated
      // parameters: the ratios must be those of the current policy.
      if (epoch > 0) {
        output = net.forward(graph.inputs.nodeFeatures, graph.inputs.maskBias,
                             sigma);
        weights = toPolicyWeights(output, net);
      }
      optimizer.zero_grad();
      PPOEpochStats epochStats =
          backpropagatePPO(output, weights, problem, batch, epoch == 0);
      torch::nn::utils::clip_grad_norm_(net.parameters(), config.gradientClip);
      optimizer.step();
      if (epoch == 0)
        stats.entropy = epochStats.entropy / batch.numSteps;
      stats.loss = epochStats.loss;
      stats.clipFraction = double(epochStats.numClipped) / batch.numSteps;
    }
  });
  if (error)
    return std::move(error);
  return finishStep(std::move(stats), graph, sigma);
}

namespace {

/// The model must have been made for the objective it is trained with, and
/// PPO's settings must make sense.
llvm::Error checkObjective(const ModelConfig &model,
                           const TrainingConfig &config) {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   message.str());
  };
  if (model.objective != config.objective)
    return fail(llvm::formatv("cannot train a model made for objective '{0}' "
                              "with objective '{1}'",
                              getPolicyObjectiveName(model.objective),
                              getPolicyObjectiveName(config.objective))
                    .str());
  if (config.objective == PolicyObjective::LPV)
    return llvm::Error::success();
  if (config.sigmaMin != config.sigmaMax)
    return fail("PPO trains at one fixed sigma: the sigma range must be a "
                "single value");
  if (config.sigmaMin != model.fixedSigma)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "PPO at sigma %g, but the model was made "
                                   "for sigma %g",
                                   config.sigmaMin, model.fixedSigma);
  if (config.ppoEpochs == 0)
    return fail("PPO needs at least one epoch per batch");
  if (!(config.ppoClip > 0 && config.ppoClip < 1))
    return fail("the PPO clip epsilon must be in (0, 1)");
  if (!(config.ppoEntropy >= 0) || std::isinf(config.ppoEntropy))
    return fail("the PPO entropy weight must be finite and non-negative");
  if (config.localityWeight != 0)
    return fail("the locality weight belongs to the GFlowNet's reward; PPO's "
                "reward is the proxy speedup");
  return llvm::Error::success();
}

} // namespace

Trainer::Trainer(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
Trainer::~Trainer() = default;

llvm::Expected<std::unique_ptr<Trainer>>
Trainer::create(GFlowNetModel &model, const Device &device,
                std::vector<TrainingGraph> graphs, const TrainingConfig &config,
                llvm::ThreadPoolInterface *pool) {
  if (!(config.sigmaMin > 0) || !(config.sigmaMax >= config.sigmaMin) ||
      std::isinf(config.sigmaMax))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the sigma range must satisfy 0 < min <= "
                                   "max, both finite");
  // Adam accepts an infinite rate and clip_grad_norm_ a negative or zero
  // clip (which reverses or stops every update): both would ruin the model
  // silently.
  if (!(config.learningRate > 0) || std::isinf(config.learningRate))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the learning rate must be finite and > 0");
  if (!(config.gradientClip > 0) || std::isinf(config.gradientClip))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the gradient clip must be finite and > 0");
  if (config.batchSize < 2)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        config.objective == PolicyObjective::PPO
            ? "PPO's group advantage needs a batch of at least 2"
            : "the LPV loss needs a batch of at least 2");
  if (!(config.localityWeight >= 0) || std::isinf(config.localityWeight))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the locality weight must be finite and "
                                   "non-negative");
  if (config.localityWeight != 0 && config.rewardTightened)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the locality weight scores the units as drawn, which a tightened "
        "sample relabels: use one or the other");
  if (config.subgraphMin == 0 || config.subgraphMin > config.subgraphMax)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the sub-graph sizes must satisfy 0 < min "
                                   "<= max");
  if (config.subgraphMax > TrainingConfig::kMaxTrainingGraphOps)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the sub-graph size must be at most %u ops: the encoder's memory "
        "grows with the square of a graph's ops",
        TrainingConfig::kMaxTrainingGraphOps);
  if (llvm::Error error = checkObjective(model.getConfig(), config))
    return std::move(error);
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
  return catchTorchErrors(
      llvm::formatv("cannot write checkpoint '{0}'", path).str(), [&] {
        torch::serialize::OutputArchive archive;
        asTorchModel(impl->model).writeTo(archive);
        torch::serialize::OutputArchive optimizerArchive;
        impl->optimizer.save(optimizerArchive);
        archive.write(kOptimizerKey.str(), optimizerArchive);
        archive.write(kStepKey.str(), c10::IValue(int64_t(impl->stepCount)));
        std::ostringstream rngState;
        rngState << impl->rng;
        archive.write(kRngKey.str(), c10::IValue(rngState.str()));
        saveArchiveAtomically(archive, path.str());
      });
}

llvm::Error Trainer::loadCheckpoint(llvm::StringRef path) {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> saved =
      GFlowNetModel::loadFile(path, impl->model.getConfig().objective);
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
        if (step.toInt() < 0)
          throw std::runtime_error("a negative update count");
        impl->stepCount = step.toInt();
        std::istringstream state(rngState.toStringRef());
        state >> impl->rng;
        if (state.fail())
          throw std::runtime_error("a malformed random-number state");
      });
}

} // namespace gfsched
