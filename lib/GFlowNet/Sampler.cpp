//===- Sampler.cpp - GFlowNet candidates for the pipeline -----------------===//

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Search/Schedulers.h"
#include "gfsched/Support/Parallel.h"

namespace gfsched {

namespace {
/// Samples per task: large enough to amortise a task, small enough to keep
/// both cores busy on a few hundred samples.
constexpr unsigned kChunkSize = 16;

/// Samples trajectories [begin, end), each with its gradients if
/// `gradients` is given.
void sampleRange(const PolicyWeights &weights, const Problem &problem,
                 unsigned begin, unsigned end, uint64_t seed,
                 bool scoreBackward, std::vector<Trajectory> &out,
                 std::vector<TrajectoryGradients> *gradients) {
  ScheduleEnv env(problem, weights.unitChoice);
  HeadScratch scratch;
  for (unsigned k = begin; k < end; ++k) {
    Rng rng(deriveSeed(seed, k));
    out[k] = gradients
                 ? sampleTrajectoryWithGradients(weights, env, rng, scratch,
                                                 (*gradients)[k])
                 : sampleTrajectory(weights, env, rng, scratch, scoreBackward);
  }
}
} // namespace

std::vector<Trajectory> sampleTrajectories(const PolicyWeights &weights,
                                           const Problem &problem,
                                           unsigned count, uint64_t seed,
                                           bool scoreBackward,
                                           llvm::ThreadPoolInterface *pool) {
  std::vector<Trajectory> trajectories(count);
  forEachChunk(pool, count, kChunkSize, [&](unsigned begin, unsigned end) {
    sampleRange(weights, problem, begin, end, seed, scoreBackward, trajectories,
                /*gradients=*/nullptr);
  });
  return trajectories;
}

std::vector<Trajectory>
sampleTrajectoriesWithGradients(const PolicyWeights &weights,
                                const Problem &problem, unsigned count,
                                uint64_t seed, llvm::ThreadPoolInterface *pool,
                                std::vector<TrajectoryGradients> &gradients) {
  std::vector<Trajectory> trajectories(count);
  gradients.resize(count);
  forEachChunk(pool, count, kChunkSize, [&](unsigned begin, unsigned end) {
    sampleRange(weights, problem, begin, end, seed, /*scoreBackward=*/true,
                trajectories, &gradients);
  });
  return trajectories;
}

GFlowNetSource::GFlowNetSource(std::shared_ptr<const GFlowNetModel> model,
                               llvm::ThreadPoolInterface *pool,
                               const SamplingOptions &options)
    : model(std::move(model)), pool(pool), options(options) {
  assert(SamplingOptions::isValidExploreShare(options.exploreShare) &&
         "a share");
}

llvm::Error GFlowNetSource::sampleInto(const Problem &problem, unsigned count,
                                       double temperature, Rng &rng,
                                       std::vector<Trajectory> &trajectories) {
  if (count == 0)
    return llvm::Error::success();
  llvm::Expected<PolicyWeights> weights = model->encode(problem, temperature);
  if (!weights)
    return weights.takeError();
  std::vector<Trajectory> drawn =
      sampleTrajectories(*weights, problem, count, rng(),
                         /*scoreBackward=*/false, pool);
  trajectories.insert(trajectories.end(),
                      std::make_move_iterator(drawn.begin()),
                      std::make_move_iterator(drawn.end()));
  return llvm::Error::success();
}

llvm::Expected<std::vector<Schedule>>
GFlowNetSource::draw(const Problem &problem, unsigned count, double temperature,
                     Rng &rng) {
  // A PPO policy was trained at one sigma; anywhere else it is untrained.
  const ModelConfig &config = model->getConfig();
  bool isPPO = config.objective == PolicyObjective::PPO;
  if (isPPO && temperature != config.fixedSigma)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "a PPO policy is sampled at the sigma it was trained at (%g), not %g",
        config.fixedSigma, temperature);
  unsigned numExplore = isPPO ? 0 : unsigned(count * options.exploreShare);
  std::vector<Trajectory> trajectories;
  trajectories.reserve(count);
  if (llvm::Error error = sampleInto(problem, count - numExplore, temperature,
                                     rng, trajectories))
    return std::move(error);
  if (llvm::Error error = sampleInto(
          problem, numExplore, options.exploreTemperature, rng, trajectories))
    return std::move(error);
  // Which edges to keep local depends on what a transfer costs, which the
  // device gives as two hypotheses (bandwidth- and latency-bound); the
  // samples alternate between them, so the kept set holds both kinds.
  const Device &device = problem.getDevice();
  unsigned numSamples = trajectories.size();
  // Candidates in order: the tightened samples, the exploring ones as drawn
  // (the last numExplore samples; the k-th of them goes to
  // schedules[firstDrawn + k]), then every sample's transfer-aware replay.
  unsigned firstExplore = count - numExplore;
  unsigned numDrawnKept = options.tighten && options.keepDrawn ? numExplore : 0;
  unsigned numReplays = options.tighten && options.keepReplays ? numSamples : 0;
  unsigned firstDrawn = numSamples, firstReplay = numSamples + numDrawnKept;
  std::vector<Schedule> schedules(firstReplay + numReplays);
  forEachChunk(pool, numSamples, kChunkSize, [&](unsigned begin, unsigned end) {
    for (unsigned k = begin; k < end; ++k) {
      Schedule sample = toSchedule(problem, trajectories[k]);
      if (!options.tighten) {
        schedules[k] = std::move(sample);
        continue;
      }
      TransferCost transfer = getTighteningTransfer(device, k);
      if (numReplays) {
        TightenedSample tightened =
            tightenSampleWithReplay(problem, sample, transfer);
        schedules[k] = std::move(tightened.tightened);
        schedules[firstReplay + k] = std::move(tightened.transferAwareReplay);
      } else {
        schedules[k] = tightenSample(problem, sample, transfer);
      }
      if (numDrawnKept && k >= firstExplore)
        schedules[firstDrawn + k - firstExplore] = std::move(sample);
    }
  });
  return schedules;
}

} // namespace gfsched
