//===- ModelTest.cpp - The GFlowNet policy network ------------------------===//

#include "gfsched/GFlowNet/Model.h"

#include "GFlowNetTestUtil.h"
#include "TestUtil.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Only to write torch archives that are not gfsched models.
#include <torch/torch.h>

#include <cmath>
#include <set>
#include <thread>

using namespace gfsched;
using namespace gfsched::test;
using ::testing::HasSubstr;

namespace {

ModelConfig smallConfig() {
  ModelConfig config;
  config.width = 32;
  config.layers = 2;
  config.heads = 4;
  config.ffnWidth = 48;
  config.headHidden = 16;
  config.backwardHidden = 8;
  config.sigmaWidth = 8;
  return config;
}

PolicyWeights encodeOrFail(const GFlowNetModel &model, const Problem &problem,
                           double sigma) {
  llvm::Expected<PolicyWeights> weights = model.encode(problem, sigma);
  if (!weights) {
    ADD_FAILURE() << llvm::toString(weights.takeError());
    return {};
  }
  return std::move(*weights);
}

bool sameHead(const HeadWeights &a, const HeadWeights &b) {
  return a.hidden == b.hidden && a.numFeatures == b.numFeatures &&
         a.node == b.node && a.feature == b.feature && a.out == b.out;
}

bool sameWeights(const PolicyWeights &a, const PolicyWeights &b) {
  return sameHead(a.forward, b.forward) && sameHead(a.backward, b.backward);
}

bool allFinite(const std::vector<float> &values) {
  return llvm::all_of(values, [](float value) { return std::isfinite(value); });
}

/// A temporary file removed at the end of the test.
class TempFile {
public:
  explicit TempFile(llvm::StringRef suffix) {
    int fd;
    std::error_code error = llvm::sys::fs::createTemporaryFile(
        "gfsched-model-test", suffix, fd, path);
    EXPECT_FALSE(error) << error.message();
    if (!error)
      llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  }
  ~TempFile() { llvm::sys::fs::remove(path); }
  std::string str() const { return path.str().str(); }

private:
  llvm::SmallString<128> path;
};

void writeBytes(const std::string &path, llvm::StringRef bytes) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error);
  ASSERT_FALSE(error) << error.message();
  os << bytes;
}

class ModelTest : public ::testing::Test {
protected:
  void SetUp() override {
    Rng rng(deriveSeed(1, "model-test"));
    testCase =
        makeCase("layered", smallGeneratedGraph(GraphFamily::Layered, 14, rng),
                 builtinDevice("accel4"));
    ASSERT_TRUE(testCase);
  }
  const Problem &problem() const { return *testCase->problem; }

  std::unique_ptr<ProblemCase> testCase;
};

//===----------------------------------------------------------------------===//
// Creation and encoding
//===----------------------------------------------------------------------===//

TEST_F(ModelTest, EncodeGivesHeadsOfTheRightShape) {
  ModelConfig config = smallConfig();
  auto model = createModel(config, 3);
  ASSERT_TRUE(model);
  EXPECT_EQ(model->getConfig().width, 32u);
  EXPECT_EQ(model->getConfig().headHidden, 16u);
  unsigned numOps = problem().numOps();
  for (double sigma : {0.005, 0.1, 1.0}) {
    SCOPED_TRACE("sigma " + std::to_string(sigma));
    PolicyWeights weights = encodeOrFail(*model, problem(), sigma);
    EXPECT_FALSE(weights.uniformBackward());
    EXPECT_EQ(weights.forward.hidden, config.headHidden);
    EXPECT_EQ(weights.forward.numFeatures, kNumForwardFeatures);
    EXPECT_EQ(weights.forward.node.size(), numOps * config.headHidden);
    EXPECT_EQ(weights.forward.feature.size(),
              kNumForwardFeatures * config.headHidden);
    EXPECT_EQ(weights.forward.out.size(), config.headHidden);
    EXPECT_EQ(weights.backward.hidden, config.backwardHidden);
    EXPECT_EQ(weights.backward.numFeatures, kNumBackwardFeatures);
    EXPECT_EQ(weights.backward.node.size(), numOps * config.backwardHidden);
    EXPECT_EQ(weights.backward.feature.size(),
              kNumBackwardFeatures * config.backwardHidden);
    EXPECT_EQ(weights.backward.out.size(), config.backwardHidden);
    for (const HeadWeights *head : {&weights.forward, &weights.backward}) {
      EXPECT_TRUE(allFinite(head->node));
      EXPECT_TRUE(allFinite(head->feature));
      EXPECT_TRUE(allFinite(head->out));
    }
    // The weights drive a sampler: a complete, valid schedule.
    ScheduleEnv env(problem());
    HeadScratch scratch;
    Rng rng(4);
    Trajectory trajectory = sampleTrajectory(weights, env, rng, scratch);
    ASSERT_EQ(trajectory.actions.size(), numOps);
    EXPECT_EQ(errorOf(verify(problem(), toSchedule(problem(), trajectory))),
              "");
    EXPECT_TRUE(std::isfinite(trajectory.logForward));
    EXPECT_TRUE(std::isfinite(trajectory.logBackward));
  }
  // Sigma reaches the heads' output vectors.
  PolicyWeights cold = encodeOrFail(*model, problem(), 0.005);
  PolicyWeights hot = encodeOrFail(*model, problem(), 1.0);
  EXPECT_NE(cold.forward.out, hot.forward.out);
}

TEST_F(ModelTest, EncodeOnHeterogeneousDevice) {
  Rng rng(5);
  auto hetero =
      makeCase("mixed",
               withMixedCosts(
                   smallGeneratedGraph(GraphFamily::ErdosRenyi, 12, rng), rng),
               builtinDevice("accel-hetero"));
  ASSERT_TRUE(hetero);
  auto model = createModel(smallConfig(), 6);
  ASSERT_TRUE(model);
  PolicyWeights weights = encodeOrFail(*model, *hetero->problem, 0.1);
  EXPECT_EQ(weights.forward.node.size(),
            hetero->problem->numOps() * smallConfig().headHidden);
  EXPECT_TRUE(allFinite(weights.forward.node));
  EXPECT_TRUE(allFinite(weights.backward.node));
}

TEST_F(ModelTest, UniformBackwardHasNoBackwardHead) {
  ModelConfig config = smallConfig();
  config.uniformBackward = true;
  auto model = createModel(config, 7);
  ASSERT_TRUE(model);
  PolicyWeights weights = encodeOrFail(*model, problem(), 0.1);
  EXPECT_TRUE(weights.uniformBackward());
  EXPECT_TRUE(weights.backward.node.empty());
  EXPECT_EQ(weights.forward.node.size(),
            problem().numOps() * config.headHidden);

  // Saved and loaded, it stays uniform.
  TempFile file("pt");
  ASSERT_EQ(errorOf(model->save(file.str())), "");
  llvm::Expected<std::unique_ptr<GFlowNetModel>> loaded =
      GFlowNetModel::loadFile(file.str());
  ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
  EXPECT_TRUE((*loaded)->getConfig().uniformBackward);
  PolicyWeights reloaded = encodeOrFail(**loaded, problem(), 0.1);
  EXPECT_TRUE(reloaded.uniformBackward());
  EXPECT_TRUE(sameWeights(reloaded, weights));
}

TEST_F(ModelTest, CreationIsSeeded) {
  auto a = createModel(smallConfig(), 11);
  auto b = createModel(smallConfig(), 11);
  auto c = createModel(smallConfig(), 12);
  ASSERT_TRUE(a && b && c);
  PolicyWeights wa = encodeOrFail(*a, problem(), 0.1);
  EXPECT_TRUE(sameWeights(wa, encodeOrFail(*b, problem(), 0.1)));
  EXPECT_FALSE(sameWeights(wa, encodeOrFail(*c, problem(), 0.1)));
}

TEST_F(ModelTest, BadConfigurationsAreRejected) {
  ModelConfig config = smallConfig();
  config.heads = 6; // not a multiple of the 4 relations
  EXPECT_THAT(errorOf(GFlowNetModel::create(config, 0)), HasSubstr("heads"));
  config = smallConfig();
  config.heads = 8;
  config.width = 36; // not divisible by 8 heads
  EXPECT_THAT(errorOf(GFlowNetModel::create(config, 0)), HasSubstr("heads"));
  config = smallConfig();
  config.heads = 0;
  EXPECT_THAT(errorOf(GFlowNetModel::create(config, 0)), HasSubstr("heads"));
}

TEST_F(ModelTest, EncodeOfAnEmptyProblem) {
  // Never a crash: empty heads or a clean error.
  auto empty = makeCase("empty", makeGraph({}, {}), builtinDevice("accel4"));
  ASSERT_TRUE(empty);
  auto model = createModel(smallConfig(), 43);
  ASSERT_TRUE(model);
  llvm::Expected<PolicyWeights> weights = model->encode(*empty->problem, 0.1);
  if (!weights) {
    EXPECT_THAT(llvm::toString(weights.takeError()),
                HasSubstr("GFlowNet encoder failed"));
    return;
  }
  EXPECT_TRUE(weights->forward.node.empty());
  ScheduleEnv env(*empty->problem);
  HeadScratch scratch;
  Rng rng(44);
  EXPECT_TRUE(sampleTrajectory(*weights, env, rng, scratch).actions.empty());
}

TEST_F(ModelTest, EncodeIsDeterministic) {
  auto model = createModel(smallConfig(), 13);
  ASSERT_TRUE(model);
  PolicyWeights first = encodeOrFail(*model, problem(), 0.05);
  PolicyWeights second = encodeOrFail(*model, problem(), 0.05);
  EXPECT_TRUE(sameWeights(first, second));
}

TEST_F(ModelTest, ConcurrentEncodesAgree) {
  auto model = createModel(smallConfig(), 17);
  ASSERT_TRUE(model);
  PolicyWeights expected = encodeOrFail(*model, problem(), 0.2);
  constexpr unsigned kThreads = 2, kRepeats = 10;
  std::vector<std::vector<PolicyWeights>> results(kThreads);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (unsigned r = 0; r < kRepeats; ++r) {
        llvm::Expected<PolicyWeights> weights = model->encode(problem(), 0.2);
        if (!weights) {
          llvm::consumeError(weights.takeError());
          results[t].emplace_back();
          continue;
        }
        results[t].push_back(std::move(*weights));
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (unsigned t = 0; t < kThreads; ++t)
    for (unsigned r = 0; r < kRepeats; ++r)
      EXPECT_TRUE(sameWeights(results[t][r], expected))
          << "thread " << t << ", repeat " << r;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

TEST_F(ModelTest, SaveThenLoadGivesTheSameModel) {
  auto model = createModel(smallConfig(), 19);
  ASSERT_TRUE(model);
  model->setProvenance("unit test, 0 steps");
  TempFile file("pt");
  ASSERT_EQ(errorOf(model->save(file.str())), "");
  llvm::Expected<std::unique_ptr<GFlowNetModel>> loaded =
      GFlowNetModel::loadFile(file.str());
  ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
  const ModelConfig &config = (*loaded)->getConfig();
  EXPECT_EQ(config.width, 32u);
  EXPECT_EQ(config.layers, 2u);
  EXPECT_EQ(config.ffnWidth, 48u);
  EXPECT_EQ(config.headHidden, 16u);
  EXPECT_EQ(config.backwardHidden, 8u);
  EXPECT_EQ(config.sigmaWidth, 8u);
  EXPECT_FALSE(config.uniformBackward);
  EXPECT_EQ(config.provenance, "unit test, 0 steps");
  for (double sigma : {0.01, 0.5})
    EXPECT_TRUE(sameWeights(encodeOrFail(**loaded, problem(), sigma),
                            encodeOrFail(*model, problem(), sigma)))
        << "sigma " << sigma;

  // From memory too.
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
      llvm::MemoryBuffer::getFile(file.str(), /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  ASSERT_TRUE(bool(bytes));
  llvm::Expected<std::unique_ptr<GFlowNetModel>> fromBuffer =
      GFlowNetModel::loadBuffer((*bytes)->getBuffer(), "in-memory");
  ASSERT_TRUE(bool(fromBuffer)) << llvm::toString(fromBuffer.takeError());
  EXPECT_TRUE(sameWeights(encodeOrFail(**fromBuffer, problem(), 0.1),
                          encodeOrFail(*model, problem(), 0.1)));
}

TEST_F(ModelTest, SaveToAnUnwritablePathFails) {
  auto model = createModel(smallConfig(), 23);
  ASSERT_TRUE(model);
  EXPECT_THAT(errorOf(model->save("/nonexistent-folder/model.pt")),
              HasSubstr("cannot save GFlowNet model"));
}

TEST(ModelLoadTest, MissingFile) {
  EXPECT_THAT(
      errorOf(GFlowNetModel::loadFile("/nonexistent-folder/missing.pt")),
      HasSubstr("cannot read GFlowNet model '/nonexistent-folder/missing.pt'"));
}

TEST(ModelLoadTest, EmptyAndGarbageBuffers) {
  EXPECT_THAT(errorOf(GFlowNetModel::loadBuffer("", "empty.pt")),
              HasSubstr("cannot load GFlowNet model 'empty.pt'"));
  std::string garbage;
  Rng rng(29);
  for (unsigned i = 0; i < 4096; ++i)
    garbage.push_back(char(uniformIndex(rng, 256)));
  EXPECT_THAT(errorOf(GFlowNetModel::loadBuffer(garbage, "garbage.pt")),
              HasSubstr("cannot load GFlowNet model 'garbage.pt'"));
  // A zip header and nothing after it.
  EXPECT_THAT(errorOf(GFlowNetModel::loadBuffer(
                  llvm::StringRef("PK\x03\x04\0\0\0\0", 8), "truncated.pt")),
              HasSubstr("cannot load GFlowNet model 'truncated.pt'"));
  TempFile file("pt");
  writeBytes(file.str(), "not a model at all\n");
  EXPECT_THAT(errorOf(GFlowNetModel::loadFile(file.str())),
              HasSubstr("cannot load GFlowNet model"));
}

TEST_F(ModelTest, TruncatedModelFails) {
  auto model = createModel(smallConfig(), 31);
  ASSERT_TRUE(model);
  TempFile file("pt");
  ASSERT_EQ(errorOf(model->save(file.str())), "");
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
      llvm::MemoryBuffer::getFile(file.str(), false, false);
  ASSERT_TRUE(bool(bytes));
  llvm::StringRef all = (*bytes)->getBuffer();
  for (size_t size : {all.size() / 2, all.size() - 10})
    EXPECT_THAT(errorOf(GFlowNetModel::loadBuffer(all.take_front(size),
                                                  "truncated.pt")),
                HasSubstr("cannot load GFlowNet model 'truncated.pt'"))
        << size << " of " << all.size() << " bytes";
}

TEST(ModelLoadTest, ForeignTorchArchives) {
  // A torch archive of someone else's tensors.
  {
    TempFile file("pt");
    torch::serialize::OutputArchive archive;
    archive.write("weight", torch::ones({3, 3}));
    archive.save_to(file.str());
    EXPECT_THAT(errorOf(GFlowNetModel::loadFile(file.str())),
                HasSubstr("not a gfsched GFlowNet model"));
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
        llvm::MemoryBuffer::getFile(file.str(), /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    ASSERT_TRUE(bool(bytes));
    EXPECT_THAT(
        errorOf(GFlowNetModel::loadBuffer((*bytes)->getBuffer(), "foreign")),
        HasSubstr("cannot load GFlowNet model 'foreign': not a gfsched "
                  "GFlowNet model"));
  }
  // Our format key, but features this version does not compute.
  auto configWithFeatures = [&](unsigned forwardFeatures) {
    llvm::json::Value json = toJSON(smallConfig());
    (*json.getAsObject())["forward_features"] = forwardFeatures;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << json;
    return text;
  };
  {
    TempFile file("pt");
    torch::serialize::OutputArchive archive;
    archive.write("gfsched.format", c10::IValue("gfsched-gflownet-v1"));
    archive.write("gfsched.config",
                  c10::IValue(configWithFeatures(kNumForwardFeatures + 1)));
    archive.save_to(file.str());
    EXPECT_THAT(errorOf(GFlowNetModel::loadFile(file.str())),
                HasSubstr("different features"));
  }
  // A valid configuration but no weights.
  {
    TempFile file("pt");
    torch::serialize::OutputArchive archive;
    archive.write("gfsched.format", c10::IValue("gfsched-gflownet-v1"));
    archive.write("gfsched.config",
                  c10::IValue(configWithFeatures(kNumForwardFeatures)));
    archive.save_to(file.str());
    EXPECT_THAT(errorOf(GFlowNetModel::loadFile(file.str())),
                HasSubstr("cannot load GFlowNet model"));
  }
  // A layer count of -1 (4294967295 as an unsigned): an error, not an
  // attempt to build billions of layers.
  {
    llvm::json::Value json = toJSON(smallConfig());
    (*json.getAsObject())["layers"] = -1;
    std::string text;
    llvm::raw_string_ostream(text) << json;
    TempFile file("pt");
    torch::serialize::OutputArchive archive;
    archive.write("gfsched.format", c10::IValue("gfsched-gflownet-v1"));
    archive.write("gfsched.config", c10::IValue(text));
    archive.save_to(file.str());
    EXPECT_THAT(errorOf(GFlowNetModel::loadFile(file.str())),
                HasSubstr("a network size out of range"));
  }
  // A configuration that is not JSON.
  {
    TempFile file("pt");
    torch::serialize::OutputArchive archive;
    archive.write("gfsched.format", c10::IValue("gfsched-gflownet-v1"));
    archive.write("gfsched.config", c10::IValue("{width: 3"));
    archive.save_to(file.str());
    EXPECT_THAT(errorOf(GFlowNetModel::loadFile(file.str())),
                HasSubstr("malformed configuration"));
  }
}

/// Copies every entry of `input` (tensors, nested modules, values) into
/// `output`, except the keys in `skip`.
void copyArchive(torch::serialize::InputArchive &input,
                 torch::serialize::OutputArchive &output,
                 const std::set<std::string> &skip = {}) {
  for (const std::string &key : input.keys()) {
    if (skip.count(key))
      continue;
    torch::Tensor tensor;
    if (input.try_read(key, tensor)) {
      output.write(key, tensor);
      continue;
    }
    torch::serialize::InputArchive nested;
    if (input.try_read(key, nested)) {
      torch::serialize::OutputArchive nestedOutput;
      copyArchive(nested, nestedOutput);
      output.write(key, nestedOutput);
      continue;
    }
    c10::IValue value;
    if (input.try_read(key, value))
      output.write(key, value);
  }
}

std::string configText(const ModelConfig &config) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << toJSON(config);
  return text;
}

TEST_F(ModelTest, CopiedArchiveStillLoads) {
  // The copy below is faithful: copying a model unchanged gives the model.
  auto model = createModel(smallConfig(), 37);
  ASSERT_TRUE(model);
  TempFile saved("pt");
  ASSERT_EQ(errorOf(model->save(saved.str())), "");
  torch::serialize::InputArchive input;
  input.load_from(saved.str());
  torch::serialize::OutputArchive output;
  copyArchive(input, output);
  TempFile copied("pt");
  output.save_to(copied.str());
  llvm::Expected<std::unique_ptr<GFlowNetModel>> loaded =
      GFlowNetModel::loadFile(copied.str());
  ASSERT_TRUE(bool(loaded)) << llvm::toString(loaded.takeError());
  EXPECT_TRUE(sameWeights(encodeOrFail(**loaded, problem(), 0.1),
                          encodeOrFail(*model, problem(), 0.1)));
}

TEST_F(ModelTest, WeightsOfAnotherShapeFail) {
  // The configuration says width 32, the tensors are a width-64 model's.
  ModelConfig wide = smallConfig();
  wide.width = 64;
  auto model = createModel(wide, 37);
  ASSERT_TRUE(model);
  TempFile saved("pt");
  ASSERT_EQ(errorOf(model->save(saved.str())), "");
  torch::serialize::InputArchive input;
  input.load_from(saved.str());
  torch::serialize::OutputArchive output;
  copyArchive(input, output, {"gfsched.config"});
  output.write("gfsched.config", c10::IValue(configText(smallConfig())));
  TempFile tampered("pt");
  output.save_to(tampered.str());
  llvm::Expected<std::unique_ptr<GFlowNetModel>> loaded =
      GFlowNetModel::loadFile(tampered.str());
  if (loaded) {
    llvm::Expected<PolicyWeights> weights = (*loaded)->encode(problem(), 0.1);
    ADD_FAILURE() << "a width-64 model loaded as width "
                  << (*loaded)->getConfig().width << "; encoding it "
                  << (weights
                          ? "works"
                          : "fails: " + llvm::toString(weights.takeError()));
    return;
  }
  std::string message = llvm::toString(loaded.takeError());
  EXPECT_THAT(message, HasSubstr("cannot load GFlowNet model"));
  EXPECT_THAT(message, HasSubstr("has shape [64, 16] but the configuration "
                                 "needs [32, 16]"));
}

TEST(ModelLoadTest, EmbeddedModelLoadsOrSaysItIsMissing) {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
      GFlowNetModel::loadEmbedded();
  if (!model) {
    EXPECT_THAT(llvm::toString(model.takeError()),
                HasSubstr("no embedded GFlowNet model"));
    return;
  }
  Rng rng(41);
  auto testCase =
      makeCase("embedded", smallGeneratedGraph(GraphFamily::Layered, 12, rng),
               builtinDevice("accel4"));
  ASSERT_TRUE(testCase);
  llvm::Expected<PolicyWeights> weights =
      (*model)->encode(*testCase->problem, 0.01);
  ASSERT_TRUE(bool(weights)) << llvm::toString(weights.takeError());
  EXPECT_EQ(weights->forward.node.size(),
            testCase->problem->numOps() * (*model)->getConfig().headHidden);
  EXPECT_TRUE(allFinite(weights->forward.node));
}

} // namespace
