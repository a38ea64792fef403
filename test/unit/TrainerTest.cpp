//===- TrainerTest.cpp - LPV and PPO training of the policy ---------------===//

#include "gfsched/GFlowNet/Trainer.h"

#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Graph/DepGraph.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Search/Schedulers.h"

#include "GFlowNetTestUtil.h"
#include "TestUtil.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

using namespace gfsched;
using namespace gfsched::test;
using ::testing::HasSubstr;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The tiny training family: layered graphs of 12 ops in 4 layers.
GeneratorOptions familyOptions() {
  GeneratorOptions options;
  options.numNodes = 12;
  options.layered.numLayers = 4;
  options.layered.edgeProbability = 0.3;
  return options;
}

/// A graph of the family on accel4, to encode or draw samples for.
std::unique_ptr<ProblemCase> makeProbeCase(Rng &rng) {
  return makeCase("probe",
                  generateGraph(GraphFamily::Layered, familyOptions(), rng),
                  builtinDevice("accel4"));
}

std::vector<TrainingGraph> makeTrainingGraphs(unsigned count, Rng &rng) {
  std::vector<TrainingGraph> graphs;
  for (unsigned i = 0; i < count; ++i)
    graphs.push_back(
        {"layered-" + std::to_string(i),
         generateGraph(GraphFamily::Layered, familyOptions(), rng)});
  return graphs;
}

ModelConfig smallModel() {
  ModelConfig config;
  config.width = 32;
  config.layers = 2;
  config.heads = 4;
  config.ffnWidth = 64;
  config.headHidden = 32;
  config.backwardHidden = 16;
  config.sigmaWidth = 16;
  return config;
}

TrainingConfig smallTraining(uint64_t seed) {
  TrainingConfig config;
  config.batchSize = 32;
  config.learningRate = 2e-3;
  config.sigmaMin = 0.05;
  config.sigmaMax = 1.0;
  config.seed = seed;
  return config;
}

std::unique_ptr<Trainer>
createTrainer(GFlowNetModel &model, const Device &device,
              std::vector<TrainingGraph> graphs, const TrainingConfig &config,
              llvm::ThreadPoolInterface *pool = nullptr) {
  llvm::Expected<std::unique_ptr<Trainer>> trainer =
      Trainer::create(model, device, std::move(graphs), config, pool);
  if (!trainer) {
    ADD_FAILURE() << llvm::toString(trainer.takeError());
    return nullptr;
  }
  return std::move(*trainer);
}

std::vector<StepStats> runSteps(Trainer &trainer, unsigned count) {
  std::vector<StepStats> all;
  for (unsigned i = 0; i < count; ++i) {
    llvm::Expected<StepStats> stats = trainer.step();
    if (!stats) {
      ADD_FAILURE() << llvm::toString(stats.takeError());
      break;
    }
    all.push_back(std::move(*stats));
  }
  return all;
}

/// An uninterrupted run on accel4: `before` updates, a checkpoint written to
/// `checkpoint`, then `after` more, whose statistics it returns; a run
/// resumed from the checkpoint must reproduce them.
std::vector<StepStats> runThroughCheckpoint(const ModelConfig &modelConfig,
                                            uint64_t modelSeed,
                                            const TrainingConfig &training,
                                            uint64_t graphSeed, unsigned before,
                                            unsigned after,
                                            llvm::StringRef checkpoint) {
  Device device = builtinDevice("accel4");
  Rng rng(graphSeed);
  auto model = createModel(modelConfig, modelSeed);
  if (!model)
    return {};
  auto trainer =
      createTrainer(*model, device, makeTrainingGraphs(4, rng), training);
  if (!trainer || runSteps(*trainer, before).size() != before)
    return {};
  if (llvm::Error error = trainer->saveCheckpoint(checkpoint)) {
    ADD_FAILURE() << llvm::toString(std::move(error));
    return {};
  }
  return runSteps(*trainer, after);
}

void expectSameStats(const std::vector<StepStats> &actual,
                     const std::vector<StepStats> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    SCOPED_TRACE("update " + std::to_string(i));
    EXPECT_EQ(actual[i].step, expected[i].step);
    EXPECT_EQ(actual[i].graph, expected[i].graph);
    EXPECT_EQ(actual[i].numOps, expected[i].numOps);
    EXPECT_EQ(actual[i].sigma, expected[i].sigma);
    EXPECT_EQ(actual[i].loss, expected[i].loss);
    EXPECT_EQ(actual[i].meanSpeedup, expected[i].meanSpeedup);
    EXPECT_EQ(actual[i].bestSpeedup, expected[i].bestSpeedup);
  }
}

/// A temporary file name, removed at the end of the test.
class TempPath {
public:
  TempPath() {
    std::error_code error = llvm::sys::fs::getPotentiallyUniqueTempFileName(
        "gfsched-trainer-test", "pt", path);
    EXPECT_FALSE(error) << error.message();
  }
  ~TempPath() { llvm::sys::fs::remove(path); }
  std::string str() const { return path.str().str(); }

private:
  llvm::SmallString<128> path;
};

/// Mean proxy speedup of `count` samples at `sigma`, and the proxy start
/// times of each sample.
struct SampleSummary {
  double meanSpeedup = 0;
  std::vector<std::vector<double>> starts;
};

SampleSummary sampleModel(const GFlowNetModel &model, const Problem &problem,
                          double sigma, unsigned count, uint64_t seed) {
  SampleSummary summary;
  llvm::Expected<PolicyWeights> weights = model.encode(problem, sigma);
  if (!weights) {
    ADD_FAILURE() << llvm::toString(weights.takeError());
    return summary;
  }
  LatencyModel proxy(problem, ModelKind::Proxy);
  for (const Trajectory &trajectory :
       sampleTrajectories(*weights, problem, count, seed,
                          /*scoreBackward=*/false, nullptr)) {
    std::optional<Timing> timing =
        proxy.simulate(toSchedule(problem, trajectory));
    if (!timing) {
      ADD_FAILURE() << "a sampled schedule deadlocks";
      continue;
    }
    summary.meanSpeedup += problem.speedup(timing->makespan) / count;
    summary.starts.push_back(timing->start);
  }
  return summary;
}

/// The paper's d_inv: mean pairwise L2 distance between start-time vectors.
double meanPairwiseDistance(const std::vector<std::vector<double>> &starts) {
  double sum = 0;
  unsigned pairs = 0;
  for (size_t i = 0; i < starts.size(); ++i)
    for (size_t j = i + 1; j < starts.size(); ++j) {
      double squared = 0;
      for (size_t k = 0; k < starts[i].size(); ++k)
        squared +=
            (starts[i][k] - starts[j][k]) * (starts[i][k] - starts[j][k]);
      sum += std::sqrt(squared);
      ++pairs;
    }
  return pairs ? sum / pairs : 0;
}

double meanRandomSpeedup(const Problem &problem, unsigned count, Rng &rng) {
  LatencyModel proxy(problem, ModelKind::Proxy);
  double sum = 0;
  for (unsigned i = 0; i < count; ++i)
    sum += problem.speedup(proxy.makespan(randomSchedule(problem, rng)));
  return sum / count;
}

double meanLoss(llvm::ArrayRef<StepStats> stats) {
  double sum = 0;
  for (const StepStats &step : stats)
    sum += step.loss;
  return sum / stats.size();
}

//===----------------------------------------------------------------------===//
// Learning
//===----------------------------------------------------------------------===//

TEST(TrainerTest, LearnsATinyFamily) {
  constexpr unsigned kSteps = 200, kWindow = 30;
  Device device = builtinDevice("accel4");
  Rng rng(deriveSeed(1, "tiny-family"));
  std::vector<TrainingGraph> training = makeTrainingGraphs(20, rng);
  std::vector<std::unique_ptr<ProblemCase>> heldOut;
  for (TrainingGraph &graph : makeTrainingGraphs(8, rng))
    heldOut.push_back(makeCase(graph.name, std::move(graph.graph), device));

  auto model = createModel(smallModel(), 2);
  ASSERT_TRUE(model);
  auto trainer =
      createTrainer(*model, device, std::move(training), smallTraining(3));
  ASSERT_TRUE(trainer);
  std::vector<StepStats> stats = runSteps(*trainer, kSteps);
  ASSERT_EQ(stats.size(), kSteps);
  EXPECT_EQ(trainer->getStep(), kSteps);
  for (const StepStats &step : stats) {
    ASSERT_TRUE(std::isfinite(step.loss)) << "update " << step.step;
    EXPECT_GE(step.loss, 0);
    EXPECT_GE(step.sigma, 0.05);
    EXPECT_LE(step.sigma, 1.0);
    EXPECT_EQ(step.numOps, 12u);
    EXPECT_LE(step.meanSpeedup, step.bestSpeedup);
  }

  // (a) The LPV loss falls. Over 20 seeds of this set-up the ratio of the
  // two means was 0.26-0.59.
  double early = meanLoss(llvm::ArrayRef(stats).take_front(kWindow));
  double late = meanLoss(llvm::ArrayRef(stats).take_back(kWindow));
  EXPECT_LT(late, 0.8 * early)
      << "mean loss of the first and last " << kWindow << " updates";

  // (b) At low sigma the trained policy beats uniformly random schedules, and
  // the same network before training, on graphs it has not seen; (c) high
  // sigma trades quality for diversity. Over 20 seeds: trained / random
  // 1.30-1.41, trained / untrained 1.22-1.64 (the untrained network is about
  // as good as random), d_inv at sigma 0.05 / at sigma 1 0.20-0.37. (After
  // 200 updates the policy is still below HLFET list scheduling here: about
  // 2.05 against 2.17.)
  auto untrained = createModel(smallModel(), 2);
  ASSERT_TRUE(untrained);
  double list = 0, trained = 0, before = 0, random = 0, coldSpeedup = 0,
         hotSpeedup = 0, coldDiversity = 0, hotDiversity = 0;
  Rng randomRng(deriveSeed(4, "random-baseline"));
  for (const auto &testCase : heldOut) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    list += problem.speedup(LatencyModel(problem, ModelKind::Proxy)
                                .makespan(listSchedule(problem)));
    trained += sampleModel(*model, problem, 0.05, 200, 5).meanSpeedup;
    before += sampleModel(*untrained, problem, 0.05, 200, 5).meanSpeedup;
    random += meanRandomSpeedup(problem, 200, randomRng);
    SampleSummary cold = sampleModel(*model, problem, 0.05, 100, 6);
    SampleSummary hot = sampleModel(*model, problem, 1.0, 100, 7);
    coldSpeedup += cold.meanSpeedup;
    hotSpeedup += hot.meanSpeedup;
    coldDiversity += meanPairwiseDistance(cold.starts);
    hotDiversity += meanPairwiseDistance(hot.starts);
  }
  double numGraphs = heldOut.size();
  EXPECT_GT(trained, 1.15 * random)
      << "mean proxy speedup of the trained policy at sigma 0.05 and of "
         "uniformly random schedules";
  EXPECT_GT(trained, 1.1 * before)
      << "mean proxy speedup at sigma 0.05 after and before training";
  EXPECT_GT(coldSpeedup, hotSpeedup) << "mean speedup at sigma 0.05 and 1";
  EXPECT_LT(coldDiversity, 0.7 * hotDiversity)
      << "mean pairwise start-time distance at sigma 0.05 and 1";
  std::cout << "[ STATS    ] loss " << early << " -> " << late
            << "; speedup trained " << trained / numGraphs << ", untrained "
            << before / numGraphs << ", random " << random / numGraphs
            << ", list scheduling " << list / numGraphs << "; sigma 0.05 "
            << coldSpeedup / numGraphs << " (d_inv "
            << coldDiversity / numGraphs << "), sigma 1 "
            << hotSpeedup / numGraphs << " (d_inv " << hotDiversity / numGraphs
            << ")\n";
}

//===----------------------------------------------------------------------===//
// Reproducibility
//===----------------------------------------------------------------------===//

TEST(TrainerTest, SameSeedSameUpdates) {
  Device device = builtinDevice("accel4");
  std::vector<StepStats> runs[2];
  for (std::vector<StepStats> &run : runs) {
    Rng rng(11);
    auto model = createModel(smallModel(), 12);
    ASSERT_TRUE(model);
    auto trainer = createTrainer(*model, device, makeTrainingGraphs(4, rng),
                                 smallTraining(13));
    ASSERT_TRUE(trainer);
    run = runSteps(*trainer, 5);
  }
  expectSameStats(runs[1], runs[0]);
  // Something is being compared: the updates differ from one another.
  std::set<double> losses;
  for (const StepStats &stats : runs[0])
    losses.insert(stats.loss);
  EXPECT_GT(losses.size(), 1u);

  // Another seed gives another run.
  Rng rng(11);
  auto model = createModel(smallModel(), 12);
  ASSERT_TRUE(model);
  auto trainer = createTrainer(*model, device, makeTrainingGraphs(4, rng),
                               smallTraining(14));
  ASSERT_TRUE(trainer);
  std::vector<StepStats> other = runSteps(*trainer, 5);
  ASSERT_EQ(other.size(), 5u);
  EXPECT_NE(other[0].sigma, runs[0][0].sigma);
}

TEST(TrainerTest, TightenedRewardScoresTheDeliveredSchedule) {
  // The same model, graphs and seed draw the same first batch; scored after
  // tightenSample, which never lengthens a schedule and fills the idle gaps
  // of an untrained policy's samples, its speedups are higher.
  Device device = builtinDevice("accel4");
  StepStats first[2];
  for (bool tightened : {false, true}) {
    Rng rng(21);
    auto model = createModel(smallModel(), 22);
    ASSERT_TRUE(model);
    TrainingConfig config = smallTraining(23);
    config.rewardTightened = tightened;
    auto trainer =
        createTrainer(*model, device, makeTrainingGraphs(4, rng), config);
    ASSERT_TRUE(trainer);
    std::vector<StepStats> run = runSteps(*trainer, 1);
    ASSERT_EQ(run.size(), 1u);
    first[tightened] = run[0];
  }
  EXPECT_EQ(first[1].sigma, first[0].sigma);
  EXPECT_GT(first[1].meanSpeedup, first[0].meanSpeedup);
  EXPECT_GE(first[1].bestSpeedup, first[0].bestSpeedup);
}

TEST(TrainerTest, ThreadPoolDoesNotChangeUpdates) {
  Device device = builtinDevice("accel4");
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  std::vector<StepStats> runs[2];
  for (unsigned r = 0; r < 2; ++r) {
    Rng rng(21);
    auto model = createModel(smallModel(), 22);
    ASSERT_TRUE(model);
    auto trainer = createTrainer(*model, device, makeTrainingGraphs(4, rng),
                                 smallTraining(23), r ? &pool : nullptr);
    ASSERT_TRUE(trainer);
    runs[r] = runSteps(*trainer, 3);
  }
  expectSameStats(runs[1], runs[0]);
}

TEST(TrainerTest, CheckpointResumesExactly) {
  Device device = builtinDevice("accel4");
  TempPath checkpoint;

  // Uninterrupted: 3 updates, a checkpoint, 3 more.
  std::vector<StepStats> expected = runThroughCheckpoint(
      smallModel(), 32, smallTraining(33), 31, 3, 3, checkpoint.str());
  ASSERT_EQ(expected.size(), 3u);

  // Resumed: a model of another seed and a trainer of another seed, made
  // equal by the checkpoint.
  Rng rng(31);
  auto model = createModel(smallModel(), 99);
  ASSERT_TRUE(model);
  auto trainer = createTrainer(*model, device, makeTrainingGraphs(4, rng),
                               smallTraining(98));
  ASSERT_TRUE(trainer);
  ASSERT_EQ(errorOf(trainer->loadCheckpoint(checkpoint.str())), "");
  EXPECT_EQ(trainer->getStep(), 3u);

  // A checkpoint is also a model file, holding the weights it was saved with.
  llvm::Expected<std::unique_ptr<GFlowNetModel>> asModel =
      GFlowNetModel::loadFile(checkpoint.str());
  ASSERT_TRUE(bool(asModel)) << llvm::toString(asModel.takeError());
  auto testCase = makeProbeCase(rng);
  ASSERT_TRUE(testCase);
  llvm::Expected<PolicyWeights> fromFile =
      (*asModel)->encode(*testCase->problem, 0.1);
  llvm::Expected<PolicyWeights> fromTrainer =
      model->encode(*testCase->problem, 0.1);
  ASSERT_TRUE(fromFile && fromTrainer);
  EXPECT_EQ(fromFile->forward.node, fromTrainer->forward.node);
  EXPECT_EQ(fromFile->backward.out, fromTrainer->backward.out);

  expectSameStats(runSteps(*trainer, 3), expected);
}

TEST(TrainerTest, BadCheckpoints) {
  Device device = builtinDevice("accel4");
  Rng rng(41);
  auto model = createModel(smallModel(), 42);
  ASSERT_TRUE(model);
  auto trainer = createTrainer(*model, device, makeTrainingGraphs(2, rng),
                               smallTraining(43));
  ASSERT_TRUE(trainer);
  EXPECT_THAT(errorOf(trainer->loadCheckpoint("/nonexistent/checkpoint.pt")),
              HasSubstr("cannot read GFlowNet model"));
  // A plain model file is not a checkpoint: no optimiser state.
  TempPath plain;
  ASSERT_EQ(errorOf(model->save(plain.str())), "");
  EXPECT_THAT(errorOf(trainer->loadCheckpoint(plain.str())),
              HasSubstr("cannot resume from checkpoint"));
  EXPECT_EQ(trainer->getStep(), 0u);
  // The trainer still works.
  EXPECT_EQ(runSteps(*trainer, 1).size(), 1u);
}

TEST(TrainerTest, CheckpointOfAnotherArchitectureFails) {
  // 8 attention heads instead of 4: every tensor has the same shape, so only
  // the configuration tells the two apart.
  Device device = builtinDevice("accel4");
  TempPath checkpoint;
  {
    ModelConfig eightHeads = smallModel();
    eightHeads.heads = 8;
    Rng rng(45);
    auto model = createModel(eightHeads, 46);
    ASSERT_TRUE(model);
    auto trainer = createTrainer(*model, device, makeTrainingGraphs(2, rng),
                                 smallTraining(47));
    ASSERT_TRUE(trainer);
    ASSERT_EQ(runSteps(*trainer, 2).size(), 2u);
    ASSERT_EQ(errorOf(trainer->saveCheckpoint(checkpoint.str())), "");
  }
  Rng rng(45);
  auto model = createModel(smallModel(), 48);
  ASSERT_TRUE(model);
  auto trainer = createTrainer(*model, device, makeTrainingGraphs(2, rng),
                               smallTraining(47));
  ASSERT_TRUE(trainer);
  std::string error = errorOf(trainer->loadCheckpoint(checkpoint.str()));
  EXPECT_THAT(error, HasSubstr("another configuration"));
  EXPECT_THAT(error, HasSubstr("\"heads\":8"));
  EXPECT_EQ(trainer->getStep(), 0u);
  EXPECT_EQ(model->getConfig().heads, 4u);
  // The trainer is untouched and still works.
  EXPECT_EQ(runSteps(*trainer, 1).size(), 1u);
}

//===----------------------------------------------------------------------===//
// PPO
//===----------------------------------------------------------------------===//

ModelConfig ppoModel() {
  ModelConfig config = smallModel();
  config.objective = PolicyObjective::PPO;
  config.uniformBackward = true;
  config.fixedSigma = 0.25;
  return config;
}

TrainingConfig ppoTraining(uint64_t seed) {
  TrainingConfig config = smallTraining(seed);
  config.objective = PolicyObjective::PPO;
  config.learningRate = 1e-3;
  config.sigmaMin = config.sigmaMax = 0.25;
  return config;
}

TEST(TrainerTest, PPOImprovesATinyFamily) {
  constexpr unsigned kSteps = 40;
  Device device = builtinDevice("accel4");
  Rng rng(deriveSeed(81, "ppo-family"));
  std::vector<TrainingGraph> training = makeTrainingGraphs(20, rng);
  std::vector<std::unique_ptr<ProblemCase>> heldOut;
  for (TrainingGraph &graph : makeTrainingGraphs(8, rng))
    heldOut.push_back(makeCase(graph.name, std::move(graph.graph), device));

  auto model = createModel(ppoModel(), 82);
  auto untrained = createModel(ppoModel(), 82);
  ASSERT_TRUE(model && untrained);
  auto trainer =
      createTrainer(*model, device, std::move(training), ppoTraining(83));
  ASSERT_TRUE(trainer);
  std::vector<StepStats> stats = runSteps(*trainer, kSteps);
  ASSERT_EQ(stats.size(), kSteps);
  for (const StepStats &step : stats) {
    ASSERT_TRUE(std::isfinite(step.loss)) << "update " << step.step;
    EXPECT_EQ(step.sigma, 0.25);
    // (Equal when the policy has become deterministic on a graph.)
    EXPECT_LE(step.meanSpeedup, step.bestSpeedup + 1e-9);
    EXPECT_GT(step.entropy, 0);
    EXPECT_GE(step.clipFraction, 0);
    EXPECT_LE(step.clipFraction, 1);
  }
  // The first epoch of an update runs at ratio 1, so only later epochs clip.
  EXPECT_GT(stats.back().clipFraction + stats[kSteps / 2].clipFraction, 0);

  // On graphs it has not seen, at its sigma, the policy beats itself before
  // training, and its entropy falls.
  double trained = 0, before = 0, list = 0;
  for (const auto &testCase : heldOut) {
    ASSERT_TRUE(testCase);
    const Problem &problem = *testCase->problem;
    trained += sampleModel(*model, problem, 0.25, 200, 84).meanSpeedup;
    before += sampleModel(*untrained, problem, 0.25, 200, 84).meanSpeedup;
    list += problem.speedup(LatencyModel(problem, ModelKind::Proxy)
                                .makespan(listSchedule(problem)));
  }
  double numGraphs = heldOut.size();
  EXPECT_GT(trained, 1.1 * before)
      << "mean proxy speedup at sigma 0.25 after and before training";
  EXPECT_LT(stats.back().entropy, stats.front().entropy);
  std::cout << "[ STATS    ] PPO speedup trained " << trained / numGraphs
            << ", untrained " << before / numGraphs << ", list scheduling "
            << list / numGraphs << "; entropy " << stats.front().entropy
            << " -> " << stats.back().entropy << "\n";
}

TEST(TrainerTest, PPOIsDeterministicWhateverThePool) {
  Device device = builtinDevice("accel4");
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  std::vector<StepStats> runs[3];
  for (unsigned r = 0; r < 3; ++r) {
    Rng rng(91);
    auto model = createModel(ppoModel(), 92);
    ASSERT_TRUE(model);
    auto trainer = createTrainer(*model, device, makeTrainingGraphs(4, rng),
                                 ppoTraining(93), r == 2 ? &pool : nullptr);
    ASSERT_TRUE(trainer);
    runs[r] = runSteps(*trainer, 3);
  }
  for (unsigned r = 1; r < 3; ++r) {
    SCOPED_TRACE(r == 1 ? "same seed" : "on a thread pool");
    expectSameStats(runs[r], runs[0]);
    for (size_t i = 0; i < runs[0].size(); ++i) {
      EXPECT_EQ(runs[r][i].entropy, runs[0][i].entropy);
      EXPECT_EQ(runs[r][i].clipFraction, runs[0][i].clipFraction);
    }
  }
}

TEST(TrainerTest, PPOCheckpointResumesExactly) {
  Device device = builtinDevice("accel4");
  TempPath checkpoint;
  std::vector<StepStats> expected = runThroughCheckpoint(
      ppoModel(), 96, ppoTraining(97), 95, 2, 2, checkpoint.str());
  ASSERT_EQ(expected.size(), 2u);
  Rng rng(95);
  auto model = createModel(ppoModel(), 99);
  ASSERT_TRUE(model);
  auto trainer = createTrainer(*model, device, makeTrainingGraphs(4, rng),
                               ppoTraining(98));
  ASSERT_TRUE(trainer);
  ASSERT_EQ(errorOf(trainer->loadCheckpoint(checkpoint.str())), "");
  expectSameStats(runSteps(*trainer, 2), expected);
}

TEST(TrainerTest, PPORejectsBadConfigurations) {
  Device device = builtinDevice("accel4");
  auto ppo = createModel(ppoModel(), 101);
  auto gflownet = createModel(smallModel(), 102);
  ASSERT_TRUE(ppo && gflownet);
  Rng rng(103);
  auto attempt = [&](GFlowNetModel &model, const TrainingConfig &config) {
    return errorOf(Trainer::create(model, device, makeTrainingGraphs(2, rng),
                                   config, nullptr));
  };
  EXPECT_EQ(attempt(*ppo, ppoTraining(0)), "");
  // The objective must be the model's.
  EXPECT_THAT(attempt(*gflownet, ppoTraining(0)),
              HasSubstr("cannot train a model made for objective 'lpv' with "
                        "objective 'ppo'"));
  EXPECT_THAT(attempt(*ppo, smallTraining(0)),
              HasSubstr("made for objective 'ppo' with objective 'lpv'"));

  TrainingConfig config = ppoTraining(0);
  config.sigmaMax = 1;
  EXPECT_THAT(attempt(*ppo, config), HasSubstr("one fixed sigma"));
  config = ppoTraining(0);
  config.sigmaMin = config.sigmaMax = 0.5;
  EXPECT_THAT(attempt(*ppo, config),
              HasSubstr("PPO at sigma 0.5, but the model was made for sigma "
                        "0.25"));
  config = ppoTraining(0);
  config.ppoEpochs = 0;
  EXPECT_THAT(attempt(*ppo, config), HasSubstr("at least one epoch"));
  for (double clip : {0.0, 1.0, -0.2, double(NAN)}) {
    config = ppoTraining(0);
    config.ppoClip = clip;
    EXPECT_THAT(attempt(*ppo, config), HasSubstr("clip epsilon"));
  }
  config = ppoTraining(0);
  config.ppoEntropy = -0.01;
  EXPECT_THAT(attempt(*ppo, config), HasSubstr("entropy weight"));
  config = ppoTraining(0);
  config.batchSize = 1;
  EXPECT_THAT(attempt(*ppo, config), HasSubstr("group advantage"));
  config = ppoTraining(0);
  config.localityWeight = 0.5;
  EXPECT_THAT(attempt(*ppo, config), HasSubstr("locality weight"));
}

TEST(TrainerTest, PPOModelsAreNotGFlowNets) {
  // The configuration records the objective and the fixed sigma; the loader
  // refuses a PPO policy where a GFlowNet is expected, and the other way.
  auto ppo = createModel(ppoModel(), 111);
  auto gflownet = createModel(smallModel(), 112);
  ASSERT_TRUE(ppo && gflownet);
  TempPath ppoFile, gflownetFile;
  ASSERT_EQ(errorOf(ppo->save(ppoFile.str())), "");
  ASSERT_EQ(errorOf(gflownet->save(gflownetFile.str())), "");
  EXPECT_THAT(errorOf(GFlowNetModel::loadFile(ppoFile.str())),
              HasSubstr("is a PPO policy (objective \"ppo\"), not a "
                        "GFlowNet"));
  EXPECT_THAT(errorOf(GFlowNetModel::loadFile(gflownetFile.str(),
                                              PolicyObjective::PPO)),
              HasSubstr("is a GFlowNet (objective \"lpv\"), not a PPO policy"));
  llvm::Expected<std::unique_ptr<GFlowNetModel>> loaded =
      GFlowNetModel::loadFile(ppoFile.str(), PolicyObjective::PPO);
  ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
  EXPECT_EQ((*loaded)->getConfig().objective, PolicyObjective::PPO);
  EXPECT_EQ((*loaded)->getConfig().fixedSigma, 0.25);
  EXPECT_TRUE((*loaded)->getConfig().uniformBackward);
  llvm::json::Value json = toJSON((*loaded)->getConfig());
  EXPECT_EQ(*json.getAsObject()->getString("objective"), "ppo");

  // Inconsistent configurations are refused.
  ModelConfig config = ppoModel();
  config.uniformBackward = false;
  EXPECT_THAT(errorOf(GFlowNetModel::create(config, 0)),
              HasSubstr("no backward head"));
  config = ppoModel();
  config.fixedSigma = 0;
  EXPECT_THAT(errorOf(GFlowNetModel::create(config, 0)),
              HasSubstr("needs its sigma"));
  config = smallModel();
  config.fixedSigma = 0.1;
  EXPECT_THAT(errorOf(GFlowNetModel::create(config, 0)),
              HasSubstr("no fixed sigma"));

  // The sampler draws from a PPO policy only at its sigma.
  Rng rng(113);
  auto testCase = makeProbeCase(rng);
  ASSERT_TRUE(testCase);
  GFlowNetSource source(std::move(*loaded), nullptr);
  EXPECT_THAT(errorOf(source.draw(*testCase->problem, 4, 0.005, rng)),
              HasSubstr("sampled at the sigma it was trained at (0.25)"));
  llvm::Expected<std::vector<Schedule>> drawn =
      source.draw(*testCase->problem, 4, 0.25, rng);
  ASSERT_TRUE(bool(drawn)) << llvm::toString(drawn.takeError());
  EXPECT_EQ(drawn->size(), 4u);

  // Nor does it explore: a PPO draw is the same with an exploring share
  // (untightened, so that different samples stay different).
  auto loadPPO = [&] {
    return llvm::cantFail(
        GFlowNetModel::loadFile(ppoFile.str(), PolicyObjective::PPO));
  };
  SamplingOptions raw;
  raw.tighten = false;
  SamplingOptions exploring = raw;
  exploring.exploreShare = 0.5;
  GFlowNetSource plain(loadPPO(), nullptr, raw),
      explorer(loadPPO(), nullptr, exploring);
  Rng exploringRng(5), plainRng(5);
  std::vector<Schedule> plainDraw =
      llvm::cantFail(plain.draw(*testCase->problem, 8, 0.25, plainRng));
  EXPECT_EQ(
      llvm::cantFail(explorer.draw(*testCase->problem, 8, 0.25, exploringRng)),
      plainDraw);
  EXPECT_FALSE(llvm::all_equal(plainDraw));
}

/// A probe problem and a small untrained model to draw from.
class SamplerTest : public ::testing::Test {
protected:
  void SetUp() override {
    Rng graphRng(7);
    testCase = makeProbeCase(graphRng);
    model = createModel(smallModel(), 61);
    ASSERT_TRUE(testCase && model);
  }

  /// Without tightening there is nothing to keep beside the samples:
  /// `options` (tighten off) draws what it draws with keepDrawn and
  /// keepReplays off.
  void expectNothingKeptWithoutTightening(SamplingOptions options) {
    ASSERT_FALSE(options.tighten);
    SamplingOptions plain = options;
    plain.keepDrawn = plain.keepReplays = false;
    Rng rng(5), plainRng(5);
    const Problem &problem = *testCase->problem;
    EXPECT_EQ(llvm::cantFail(GFlowNetSource(model, nullptr, options)
                                 .draw(problem, 8, 0.01, rng)),
              llvm::cantFail(GFlowNetSource(model, nullptr, plain)
                                 .draw(problem, 8, 0.01, plainRng)));
  }

  std::unique_ptr<ProblemCase> testCase;
  std::shared_ptr<const GFlowNetModel> model;
};

TEST_F(SamplerTest, ExploreDrawsItsShareAtTheExploreTemperature) {
  SamplingOptions raw;
  raw.tighten = false; // so that a sample does not depend on its index
  SamplingOptions exploring = raw;
  exploring.exploreShare = 0.6;
  exploring.exploreTemperature = 0.5;
  GFlowNetSource plain(model, nullptr, raw),
      explorer(model, nullptr, exploring);

  // 10 draws with 0.6 exploring: 4 at the asked temperature, then 6 at the
  // explore temperature, each part from its own stream of the caller's rng.
  Rng rng(5), expectedRng(5);
  std::vector<Schedule> drawn =
      llvm::cantFail(explorer.draw(*testCase->problem, 10, 0.01, rng));
  std::vector<Schedule> expected =
      llvm::cantFail(plain.draw(*testCase->problem, 4, 0.01, expectedRng));
  std::vector<Schedule> explored =
      llvm::cantFail(plain.draw(*testCase->problem, 6, 0.5, expectedRng));
  expected.insert(expected.end(), explored.begin(), explored.end());
  EXPECT_EQ(drawn, expected);
  // (The temperature shows: the same stream at 0.01 draws otherwise.)
  Rng coldRng(5);
  (void)plain.draw(*testCase->problem, 4, 0.01, coldRng);
  EXPECT_NE(llvm::cantFail(plain.draw(*testCase->problem, 6, 0.01, coldRng)),
            explored);

  // One sample (mode=sample) is always at the asked temperature.
  Rng one(9), oneExpected(9);
  EXPECT_EQ(
      llvm::cantFail(explorer.draw(*testCase->problem, 1, 0.01, one)),
      llvm::cantFail(plain.draw(*testCase->problem, 1, 0.01, oneExpected)));
}

TEST_F(SamplerTest, KeepDrawnAddsTheExploringSamplesAsDrawn) {
  SamplingOptions tightened;
  tightened.exploreShare = 0.5;
  SamplingOptions raw = tightened, both = tightened;
  raw.tighten = false;
  both.keepDrawn = true;
  GFlowNetSource tightenedSource(model, nullptr, tightened),
      rawSource(model, nullptr, raw), bothSource(model, nullptr, both);

  // The same streams: the 8 tightened schedules, then the 4 exploring
  // samples (the last 4) as drawn.
  const Problem &problem = *testCase->problem;
  Rng rng(5), tightenedRng(5), rawRng(5);
  std::vector<Schedule> drawn =
      llvm::cantFail(bothSource.draw(problem, 8, 0.01, rng));
  std::vector<Schedule> expected =
      llvm::cantFail(tightenedSource.draw(problem, 8, 0.01, tightenedRng));
  std::vector<Schedule> asDrawn =
      llvm::cantFail(rawSource.draw(problem, 8, 0.01, rawRng));
  // (Tightening shows: otherwise the two parts could not be told apart.)
  EXPECT_NE(llvm::ArrayRef(expected).take_back(4),
            llvm::ArrayRef(asDrawn).take_back(4));
  expected.insert(expected.end(), asDrawn.begin() + 4, asDrawn.end());
  EXPECT_EQ(drawn, expected);

  raw.keepDrawn = true;
  expectNothingKeptWithoutTightening(raw);
}

TEST_F(SamplerTest, KeepReplaysAddsEachSamplesTransferAwareReplay) {
  SamplingOptions raw;
  raw.exploreShare = 0.5;
  raw.tighten = false;
  SamplingOptions all = raw;
  all.tighten = true;
  all.keepDrawn = true;
  all.keepReplays = true;
  GFlowNetSource rawSource(model, nullptr, raw), allSource(model, nullptr, all);

  // The same streams: the 8 samples tightened, the 4 exploring ones (the
  // last 4) as drawn, then the 8 transfer-aware replays, each made with the
  // transfer hypothesis of its sample's index.
  const Problem &problem = *testCase->problem;
  Rng rng(5), rawRng(5);
  std::vector<Schedule> drawn =
      llvm::cantFail(allSource.draw(problem, 8, 0.01, rng));
  std::vector<Schedule> samples =
      llvm::cantFail(rawSource.draw(problem, 8, 0.01, rawRng));
  std::vector<Schedule> expected, replays;
  for (auto [index, sample] : llvm::enumerate(samples)) {
    TightenedSample tightened = tightenSampleWithReplay(
        problem, sample, getTighteningTransfer(problem.getDevice(), index));
    expected.push_back(std::move(tightened.tightened));
    replays.push_back(std::move(tightened.transferAwareReplay));
  }
  // (The replays show: otherwise they could not be told from the rest.)
  EXPECT_NE(replays, expected);
  expected.insert(expected.end(), samples.begin() + 4, samples.end());
  expected.insert(expected.end(), replays.begin(), replays.end());
  EXPECT_EQ(drawn, expected);

  raw.keepReplays = true;
  expectNothingKeptWithoutTightening(raw);
}

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

TEST(TrainerTest, CreateRejectsBadConfigurations) {
  Device device = builtinDevice("accel4");
  auto model = createModel(smallModel(), 51);
  ASSERT_TRUE(model);
  Rng rng(52);
  auto attempt = [&](const TrainingConfig &config) {
    return errorOf(Trainer::create(*model, device, makeTrainingGraphs(2, rng),
                                   config, nullptr));
  };
  TrainingConfig config = smallTraining(0);
  EXPECT_EQ(attempt(config), "");

  config = smallTraining(0);
  config.sigmaMin = 0;
  EXPECT_THAT(attempt(config), HasSubstr("sigma range"));
  config.sigmaMin = -1;
  EXPECT_THAT(attempt(config), HasSubstr("sigma range"));
  config = smallTraining(0);
  config.sigmaMin = 0.5;
  config.sigmaMax = 0.1;
  EXPECT_THAT(attempt(config), HasSubstr("sigma range"));
  config = smallTraining(0);
  config.sigmaMin = NAN;
  EXPECT_THAT(attempt(config), HasSubstr("sigma range"));
  config = smallTraining(0);
  config.batchSize = 1;
  EXPECT_THAT(attempt(config), HasSubstr("batch"));
  config = smallTraining(0);
  config.localityWeight = 0.3;
  config.rewardTightened = true;
  EXPECT_THAT(attempt(config), HasSubstr("tightened"));
  config = smallTraining(0);
  config.subgraphMin = 0;
  EXPECT_THAT(attempt(config), HasSubstr("sub-graph"));
  config = smallTraining(0);
  config.subgraphMin = 30;
  config.subgraphMax = 20;
  EXPECT_THAT(attempt(config), HasSubstr("sub-graph"));
  config = smallTraining(0);
  config.subgraphMax = TrainingConfig::kMaxTrainingGraphOps + 1;
  EXPECT_THAT(attempt(config), HasSubstr("at most 2048 ops"));
  config = smallTraining(0);
  config.sigmaMax = INFINITY;
  EXPECT_THAT(attempt(config), HasSubstr("sigma range"));
  for (double rate : {0.0, -1e-3, double(INFINITY), double(NAN)}) {
    config = smallTraining(0);
    config.learningRate = rate;
    EXPECT_THAT(attempt(config), HasSubstr("learning rate")) << rate;
  }
  for (double clip : {0.0, -10.0, double(INFINITY), double(NAN)}) {
    config = smallTraining(0);
    config.gradientClip = clip;
    EXPECT_THAT(attempt(config), HasSubstr("gradient clip")) << clip;
  }

  EXPECT_THAT(
      errorOf(Trainer::create(*model, device, {}, smallTraining(0), nullptr)),
      HasSubstr("no training graphs"));

  std::vector<TrainingGraph> empty;
  empty.push_back({"nothing", makeGraph({}, {})});
  EXPECT_THAT(errorOf(Trainer::create(*model, device, std::move(empty),
                                      smallTraining(0), nullptr)),
              HasSubstr("'nothing' has no ops"));

  // A device none of whose units runs the graph's ops (class Other).
  Device mapsOnly;
  mapsOnly.name = "maps-only";
  mapsOnly.unitTypes = {makeUnitType("u", 2, 1, {OpClass::Elementwise})};
  mapsOnly.finalizeUnits();
  std::vector<TrainingGraph> others;
  others.push_back({"other-ops", makeGraph({1, 2}, {{0, 1, 0}})});
  EXPECT_THAT(errorOf(Trainer::create(*model, mapsOnly, std::move(others),
                                      smallTraining(0), nullptr)),
              HasSubstr("training graph 'other-ops'"));
}

TEST(TrainerTest, LargeGraphsAreTrainedOnWindows) {
  Device device = builtinDevice("accel-hetero");
  Rng rng(61);
  GeneratorOptions options;
  options.numNodes = 30;
  std::vector<TrainingGraph> graphs;
  graphs.push_back(
      {"big", generateGraph(GraphFamily::ErdosRenyi, options, rng)});
  auto model = createModel(smallModel(), 62);
  ASSERT_TRUE(model);
  TrainingConfig config = smallTraining(63);
  config.batchSize = 4;
  config.subgraphMin = 8;
  config.subgraphMax = 12;
  auto trainer = createTrainer(*model, device, std::move(graphs), config);
  ASSERT_TRUE(trainer);
  for (const StepStats &stats : runSteps(*trainer, 6)) {
    EXPECT_GE(stats.numOps, 8u);
    EXPECT_LE(stats.numOps, 12u);
    unsigned first = 0, end = 0;
    EXPECT_EQ(std::sscanf(stats.graph.c_str(), "big[%u:%u]", &first, &end), 2)
        << stats.graph;
    EXPECT_EQ(end - first, stats.numOps) << stats.graph;
    EXPECT_LE(end, 30u);
    EXPECT_TRUE(std::isfinite(stats.loss));
  }
}

//===----------------------------------------------------------------------===//
// Windows
//===----------------------------------------------------------------------===//

TEST(ExtractWindowTest, InducedSubgraphOfTopologicalOrder) {
  // Edges point both ways in id order, so the topological order is not the
  // identity: 5 -> 0 -> 2, 6 -> 5, 3 -> 1 -> 4, 6 -> 2, 0 -> 4.
  DepGraph graph = makeGraph({1, 2, 3, 4, 5, 6, 7}, {{5, 0, 10},
                                                     {0, 2, 20},
                                                     {6, 5, 30},
                                                     {3, 1, 40},
                                                     {1, 4, 50},
                                                     {6, 2, 60},
                                                     {0, 4, 70}});
  llvm::ArrayRef<NodeId> order = graph.topologicalOrder();
  ASSERT_EQ(order.size(), 7u);
  ASSERT_FALSE(std::is_sorted(order.begin(), order.end()));
  for (unsigned first = 0; first <= 7; ++first)
    for (unsigned count = 0; first + count <= 7; ++count) {
      SCOPED_TRACE("window " + std::to_string(first) + " + " +
                   std::to_string(count));
      DepGraph window = extractWindow(graph, first, count);
      ASSERT_EQ(window.size(), count);
      std::map<NodeId, NodeId> newId;
      for (unsigned i = 0; i < count; ++i) {
        NodeId original = order[first + i];
        newId[original] = i;
        EXPECT_EQ(window.name(i), graph.name(original));
        EXPECT_EQ(window.cost(i).fixedDuration,
                  graph.cost(original).fixedDuration);
        EXPECT_EQ(window.cost(i).opClass, graph.cost(original).opClass);
      }
      std::set<std::tuple<NodeId, NodeId, double>> expected, actual;
      for (const Edge &edge : graph.edges())
        if (newId.count(edge.from) && newId.count(edge.to))
          expected.insert({newId[edge.from], newId[edge.to], edge.bytes});
      for (const Edge &edge : window.edges())
        actual.insert({edge.from, edge.to, edge.bytes});
      EXPECT_EQ(actual, expected);
    }
}

TEST(ExtractWindowTest, GeneratedGraph) {
  Rng rng(71);
  GeneratorOptions options;
  options.numNodes = 40;
  DepGraph graph = generateGraph(GraphFamily::ErdosRenyi, options, rng);
  DepGraph window = extractWindow(graph, 10, 15);
  ASSERT_EQ(window.size(), 15u);
  // Generated graphs' ids are a topological order: the window is ops 10..24.
  unsigned inside = 0;
  for (const Edge &edge : graph.edges())
    inside +=
        edge.from >= 10 && edge.to < 25 && edge.from < 25 && edge.to >= 10;
  EXPECT_EQ(window.numEdges(), inside);
  for (const Edge &edge : window.edges())
    EXPECT_THAT(graph.succs(edge.from + 10), ::testing::Contains(edge.to + 10));
}

} // namespace
