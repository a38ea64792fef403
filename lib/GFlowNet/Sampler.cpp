//===- Sampler.cpp - GFlowNet candidates for the pipeline -----------------===//

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Search/Schedulers.h"

#include "llvm/Support/ThreadPool.h"

namespace gfsched {

namespace {
/// Samples per task: large enough to amortise a task, small enough to keep
/// both cores busy on a few hundred samples.
constexpr unsigned kChunkSize = 16;

void sampleRange(const PolicyWeights &weights, const Problem &problem,
                 unsigned begin, unsigned end, uint64_t seed,
                 bool scoreBackward, std::vector<Trajectory> &out) {
  ScheduleEnv env(problem, weights.unitChoice);
  HeadScratch scratch;
  for (unsigned k = begin; k < end; ++k) {
    Rng rng(deriveSeed(seed, k));
    out[k] = sampleTrajectory(weights, env, rng, scratch, scoreBackward);
  }
}
} // namespace

std::vector<Trajectory> sampleTrajectories(const PolicyWeights &weights,
                                           const Problem &problem,
                                           unsigned count, uint64_t seed,
                                           bool scoreBackward,
                                           llvm::ThreadPoolInterface *pool) {
  std::vector<Trajectory> trajectories(count);
  if (!pool || count <= kChunkSize) {
    sampleRange(weights, problem, 0, count, seed, scoreBackward, trajectories);
    return trajectories;
  }
  llvm::ThreadPoolTaskGroup group(*pool);
  for (unsigned begin = 0; begin < count; begin += kChunkSize) {
    unsigned end = std::min(count, begin + kChunkSize);
    group.async([&, begin, end] {
      sampleRange(weights, problem, begin, end, seed, scoreBackward,
                  trajectories);
    });
  }
  group.wait();
  return trajectories;
}

GFlowNetSource::GFlowNetSource(std::shared_ptr<const GFlowNetModel> model,
                               llvm::ThreadPoolInterface *pool,
                               bool tightenSamples)
    : model(std::move(model)), pool(pool), tightenSamples(tightenSamples) {}

llvm::Expected<std::vector<Schedule>>
GFlowNetSource::draw(const Problem &problem, unsigned count, double temperature,
                     Rng &rng) {
  // A PPO policy was trained at one sigma; anywhere else it is untrained.
  const ModelConfig &config = model->getConfig();
  if (config.objective == PolicyObjective::PPO &&
      temperature != config.fixedSigma)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "a PPO policy is sampled at the sigma it was trained at (%g), not %g",
        config.fixedSigma, temperature);
  llvm::Expected<PolicyWeights> weights = model->encode(problem, temperature);
  if (!weights)
    return weights.takeError();
  std::vector<Trajectory> trajectories =
      sampleTrajectories(*weights, problem, count, rng(),
                         /*scoreBackward=*/false, pool);
  std::vector<Schedule> schedules;
  schedules.reserve(count);
  // Which edges to keep local depends on what a transfer costs, which the
  // device gives as two hypotheses (bandwidth- and latency-bound); the
  // samples alternate between them, so the kept set holds both kinds.
  const Device &device = problem.getDevice();
  const TransferCost transfers[] = {device.bandwidth, device.latency};
  for (auto [index, trajectory] : llvm::enumerate(trajectories)) {
    Schedule sample = toSchedule(problem, trajectory);
    schedules.push_back(
        tightenSamples ? tightenSample(problem, sample, transfers[index % 2])
                       : std::move(sample));
  }
  return schedules;
}

} // namespace gfsched
