//===- Model.cpp - The GFlowNet policy network ----------------------------===//

#include "TorchModel.h"

#include "gfsched/GFlowNet/Features.h"
#include "gfsched/GFlowNet/TorchBackend.h"
#include "gfsched/Support/OutputFile.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <dlfcn.h>
#include <map>
#include <sstream>

namespace gfsched {

namespace {
constexpr llvm::StringLiteral kFormatKey = "gfsched.format";
constexpr llvm::StringLiteral kConfigKey = "gfsched.config";
constexpr llvm::StringLiteral kFormatName = "gfsched-gflownet-v1";
constexpr float kMaskedOut = -1e9f;
} // namespace

//===----------------------------------------------------------------------===//
// Configuration
//===----------------------------------------------------------------------===//

llvm::json::Value toJSON(const ModelConfig &config) {
  return llvm::json::Object{
      {"width", config.width},
      {"layers", config.layers},
      {"heads", config.heads},
      {"ffn_width", config.ffnWidth},
      {"head_hidden", config.headHidden},
      {"backward_hidden", config.backwardHidden},
      {"sigma_width", config.sigmaWidth},
      {"uniform_backward", config.uniformBackward},
      {"objective", getPolicyObjectiveName(config.objective)},
      {"fixed_sigma", config.fixedSigma},
      {"unit_choice", getUnitChoiceName(config.unitChoice)},
      {"node_features", kNumNodeFeatures},
      {"forward_features", kNumForwardFeatures},
      {"backward_features", kNumBackwardFeatures},
      {"provenance", config.provenance}};
}

namespace {

/// Parses the objective and checks the fields that depend on it.
bool checkObjective(llvm::StringRef name, ModelConfig &config,
                    llvm::json::Path path) {
  if (name == getPolicyObjectiveName(PolicyObjective::LPV)) {
    config.objective = PolicyObjective::LPV;
  } else if (name == getPolicyObjectiveName(PolicyObjective::PPO)) {
    config.objective = PolicyObjective::PPO;
  } else {
    path.field("objective").report("expected \"lpv\" or \"ppo\"");
    return false;
  }
  if (config.objective == PolicyObjective::LPV) {
    if (config.fixedSigma != 0) {
      path.field("fixed_sigma").report("a GFlowNet has no fixed sigma");
      return false;
    }
    return true;
  }
  // PPO trains no backward policy and is only defined at its one sigma.
  if (!config.uniformBackward) {
    path.field("uniform_backward").report("a PPO policy has no backward head");
    return false;
  }
  if (!(config.fixedSigma > 0) || !std::isfinite(config.fixedSigma)) {
    path.field("fixed_sigma").report("a PPO policy needs its sigma (> 0)");
    return false;
  }
  return true;
}

} // namespace

bool fromJSON(const llvm::json::Value &value, ModelConfig &config,
              llvm::json::Path path) {
  llvm::json::ObjectMapper mapper(value, path);
  unsigned nodeFeatures = 0, forwardFeatures = 0, backwardFeatures = 0;
  // Models saved before PPO existed have neither field: GFlowNets.
  std::string objective = "lpv";
  // Models saved before best-fit units were trained on the paper's MDP.
  std::string unitChoice = "any";
  if (!mapper || !mapper.map("width", config.width) ||
      !mapper.map("layers", config.layers) ||
      !mapper.map("heads", config.heads) ||
      !mapper.map("ffn_width", config.ffnWidth) ||
      !mapper.map("head_hidden", config.headHidden) ||
      !mapper.map("backward_hidden", config.backwardHidden) ||
      !mapper.map("sigma_width", config.sigmaWidth) ||
      !mapper.map("uniform_backward", config.uniformBackward) ||
      !mapper.mapOptional("objective", objective) ||
      !mapper.mapOptional("fixed_sigma", config.fixedSigma) ||
      !mapper.mapOptional("unit_choice", unitChoice) ||
      !mapper.map("node_features", nodeFeatures) ||
      !mapper.map("forward_features", forwardFeatures) ||
      !mapper.map("backward_features", backwardFeatures) ||
      !mapper.mapOptional("provenance", config.provenance))
    return false;
  // A model trained on other features would silently misread ours.
  if (nodeFeatures != kNumNodeFeatures ||
      forwardFeatures != kNumForwardFeatures ||
      backwardFeatures != kNumBackwardFeatures) {
    path.report("the model was trained on different features than this "
                "version of gfsched computes");
    return false;
  }
  if (!checkObjective(objective, config, path))
    return false;
  std::optional<UnitChoice> parsedChoice = parseUnitChoice(unitChoice);
  if (!parsedChoice) {
    path.field("unit_choice").report("expected \"any\" or \"best-fit\"");
    return false;
  }
  config.unitChoice = *parsedChoice;
  // A corrupt or crafted file must not make us build a network of billions
  // of parameters: JSON's -1 reads as 4294967295 into an unsigned.
  struct SizeField {
    llvm::StringLiteral key;
    unsigned value, limit;
  };
  for (const SizeField &field :
       {SizeField{"width", config.width, 4096},
        SizeField{"layers", config.layers, 64},
        SizeField{"heads", config.heads, 256},
        SizeField{"ffn_width", config.ffnWidth, 16384},
        SizeField{"head_hidden", config.headHidden, 4096},
        SizeField{"backward_hidden", config.backwardHidden, 4096},
        SizeField{"sigma_width", config.sigmaWidth, 4096}})
    if (field.value == 0 || field.value > field.limit) {
      path.field(field.key).report("a network size out of range");
      return false;
    }
  if (config.heads == 0 || config.heads % kNumRelations != 0 ||
      config.width % config.heads != 0) {
    path.field("heads").report(
        "heads must be a positive multiple of 4 that divides width");
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Modules
//===----------------------------------------------------------------------===//

SigmaEmbeddingImpl::SigmaEmbeddingImpl(unsigned width)
    : a(register_module("a", torch::nn::Linear(1, width))),
      b(register_module("b", torch::nn::Linear(width, width))) {}

torch::Tensor SigmaEmbeddingImpl::forward(double sigma) {
  torch::Tensor logSigma = torch::full({1, 1}, std::log(sigma));
  return torch::relu(b(torch::relu(a(logSigma)))).squeeze(0);
}

EncoderBlockImpl::EncoderBlockImpl(const ModelConfig &config)
    : heads(config.heads),
      attentionNorm(register_module(
          "attention_norm",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})))),
      mlpNorm(register_module(
          "mlp_norm",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})))),
      qkv(register_module("qkv",
                          torch::nn::Linear(config.width, 3 * config.width))),
      projection(register_module(
          "projection", torch::nn::Linear(config.width, config.width))),
      mlpIn(register_module("mlp_in",
                            torch::nn::Linear(config.width, config.ffnWidth))),
      mlpOut(register_module("mlp_out",
                             torch::nn::Linear(config.ffnWidth, config.width))),
      filmScale(register_module(
          "film_scale", torch::nn::Linear(config.sigmaWidth, config.ffnWidth))),
      filmShift(
          register_module("film_shift", torch::nn::Linear(config.sigmaWidth,
                                                          config.ffnWidth))) {
  // Start FiLM at the identity so that sigma is learned as a refinement.
  torch::NoGradGuard noGrad;
  for (torch::nn::Linear &film : {std::ref(filmScale), std::ref(filmShift)}) {
    film->weight.mul_(0.1);
    film->bias.zero_();
  }
}

torch::Tensor EncoderBlockImpl::forward(torch::Tensor h,
                                        const torch::Tensor &maskBias,
                                        const torch::Tensor &sigmaEmbedding) {
  // h: [..., n, width]; leading dimensions batch graphs of the same shape.
  int64_t headWidth = h.size(-1) / heads;
  std::vector<int64_t> headShape(h.sizes().begin(), h.sizes().end() - 1);
  headShape.insert(headShape.end(), {int64_t(heads), headWidth});
  std::vector<torch::Tensor> qkvParts = qkv(attentionNorm(h)).chunk(3, -1);
  auto splitHeads = [&](const torch::Tensor &x) {
    return x.reshape(headShape).transpose(-3, -2); // [..., heads, n, hw]
  };
  torch::Tensor q = splitHeads(qkvParts[0]), k = splitHeads(qkvParts[1]),
                v = splitHeads(qkvParts[2]);
  torch::Tensor scores =
      torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(headWidth)) +
      maskBias;
  torch::Tensor attended = torch::matmul(torch::softmax(scores, -1), v);
  h = h + projection(attended.transpose(-3, -2).reshape(h.sizes()));

  torch::Tensor hidden = mlpIn(mlpNorm(h));
  hidden = hidden * (1 + filmScale(sigmaEmbedding)) + filmShift(sigmaEmbedding);
  return h + mlpOut(torch::relu(hidden));
}

PolicyNetImpl::PolicyNetImpl(const ModelConfig &config)
    : config(config),
      input(register_module("input",
                            torch::nn::Linear(kNumNodeFeatures, config.width))),
      blocks(register_module("blocks", torch::nn::ModuleList())),
      outputNorm(register_module(
          "output_norm",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})))),
      sigmaEmbedding(
          register_module("sigma", SigmaEmbedding(config.sigmaWidth))),
      forwardNode(register_module(
          "forward_node", torch::nn::Linear(config.width, config.headHidden))),
      forwardOutFromSigma(register_module(
          "forward_out_sigma",
          torch::nn::Linear(config.sigmaWidth, config.headHidden))) {
  for (unsigned i = 0; i < config.layers; ++i)
    blocks->push_back(EncoderBlock(config));
  forwardLogitScale =
      register_parameter("forward_logit_scale", torch::tensor({0.0f, 0.5f}));
  forwardOutBase = register_parameter("forward_out_base",
                                      torch::randn({config.headHidden}) * 0.1);
  forwardFeature = register_parameter(
      "forward_feature",
      torch::randn({kNumForwardFeatures, config.headHidden}) * 0.1);
  if (config.uniformBackward)
    return;
  backwardNode = register_module(
      "backward_node", torch::nn::Linear(config.width, config.backwardHidden));
  backwardOutFromSigma = register_module(
      "backward_out_sigma",
      torch::nn::Linear(config.sigmaWidth, config.backwardHidden));
  backwardOutBase = register_parameter(
      "backward_out_base", torch::randn({config.backwardHidden}) * 0.1);
  backwardFeature = register_parameter(
      "backward_feature",
      torch::randn({kNumBackwardFeatures, config.backwardHidden}) * 0.1);
}

torch::Tensor PolicyNetImpl::encode(const torch::Tensor &nodeFeatures,
                                    const torch::Tensor &maskBias,
                                    const torch::Tensor &sigmaVector) {
  torch::Tensor h = input(nodeFeatures);
  for (const std::shared_ptr<torch::nn::Module> &block : *blocks)
    h = block->as<EncoderBlock>()->forward(h, maskBias, sigmaVector);
  return outputNorm(h);
}

PolicyNetImpl::Output PolicyNetImpl::forward(const torch::Tensor &nodeFeatures,
                                             const torch::Tensor &maskBias,
                                             double sigma) {
  torch::Tensor sigmaVector = sigmaEmbedding(sigma);
  torch::Tensor h = encode(nodeFeatures, maskBias, sigmaVector);
  Output output;
  output.forwardNode = forwardNode(h);
  // Logit scaling (Kim et al., "Learning to scale logits for
  // temperature-conditional GFlowNets", 2023): the forward policy must be
  // sharper the lower sigma is, so its logits are multiplied by a learned
  // exp(a - b log sigma) instead of leaving the network to grow large weights.
  torch::Tensor logScale =
      forwardLogitScale[0] - forwardLogitScale[1] * std::log(sigma);
  output.forwardOut = torch::exp(logScale) *
                      (forwardOutBase + forwardOutFromSigma(sigmaVector));
  if (!config.uniformBackward) {
    output.backwardNode = backwardNode(h);
    output.backwardOut = backwardOutBase + backwardOutFromSigma(sigmaVector);
  }
  return output;
}

//===----------------------------------------------------------------------===//
// Inputs and outputs
//===----------------------------------------------------------------------===//

EncoderInputs makeEncoderInputs(const Problem &problem, unsigned heads) {
  int64_t numOps = problem.numOps();
  GraphRelations relations = computeRelations(problem.getGraph());
  std::vector<float> features = computeNodeFeatures(problem, relations);
  EncoderInputs inputs;
  inputs.nodeFeatures =
      torch::from_blob(features.data(), {numOps, int64_t(kNumNodeFeatures)})
          .clone();
  torch::Tensor masks =
      torch::full({int64_t(kNumRelations), numOps, numOps}, kMaskedOut);
  auto accessor = masks.accessor<float, 3>();
  for (unsigned r = 0; r < kNumRelations; ++r)
    for (int64_t i = 0; i < numOps; ++i) {
      accessor[r][i][i] = 0; // every op may attend to itself
      for (unsigned j : relations.related[r][i].set_bits())
        accessor[r][i][j] = 0;
    }
  // Head h attends along relation h % 4.
  inputs.maskBias = masks.unsqueeze(0)
                        .expand({int64_t(heads / kNumRelations),
                                 int64_t(kNumRelations), numOps, numOps})
                        .reshape({int64_t(heads), numOps, numOps});
  return inputs;
}

namespace {

std::vector<float> toVector(const torch::Tensor &tensor) {
  torch::Tensor flat = tensor.detach().contiguous().to(torch::kFloat32);
  const float *data = flat.data_ptr<float>();
  return std::vector<float>(data, data + flat.numel());
}

HeadWeights toHead(const torch::Tensor &node, const torch::Tensor &out,
                   const torch::Tensor &feature) {
  HeadWeights head;
  head.hidden = out.size(0);
  head.numFeatures = feature.size(0);
  head.node = toVector(node);
  head.out = toVector(out);
  head.feature = toVector(feature);
  return head;
}

} // namespace

PolicyWeights toPolicyWeights(const PolicyNetImpl::Output &output,
                              const PolicyNetImpl &net) {
  PolicyWeights weights;
  weights.forward =
      toHead(output.forwardNode, output.forwardOut, net.forwardFeature);
  if (!net.config.uniformBackward)
    weights.backward =
        toHead(output.backwardNode, output.backwardOut, net.backwardFeature);
  weights.unitChoice = net.config.unitChoice;
  return weights;
}

llvm::Error catchTorchErrors(llvm::StringRef what,
                             llvm::function_ref<void()> body) {
  try {
    body();
  } catch (const c10::Error &error) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   what.str().c_str(),
                                   error.what_without_backtrace());
  } catch (const std::exception &error) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   what.str().c_str(), error.what());
  }
  return llvm::Error::success();
}

void saveArchiveAtomically(torch::serialize::OutputArchive &archive,
                           const std::string &path) {
  // Serialized in memory first: torch may throw, and nothing may throw
  // through LLVM's code.
  std::ostringstream bytes;
  archive.save_to(bytes);
  if (llvm::Error error = writeOutputFile(
          path, [&](llvm::raw_ostream &os) { os << bytes.str(); }))
    throw std::runtime_error(llvm::toString(std::move(error)));
}

//===----------------------------------------------------------------------===//
// TorchGFlowNetModel and the backend entry points
//===----------------------------------------------------------------------===//

TorchGFlowNetModel &asTorchModel(GFlowNetModel &model) {
  return static_cast<TorchGFlowNetModel &>(model);
}

namespace {

llvm::Expected<std::unique_ptr<GFlowNetModel>>
createModel(const ModelConfig &config, uint64_t seed) {
  llvm::json::Path::Root root("config");
  ModelConfig checked;
  if (!fromJSON(toJSON(config), checked, root))
    return root.getError();
  std::unique_ptr<TorchGFlowNetModel> model;
  if (llvm::Error error = catchTorchErrors("cannot create the model", [&] {
        torch::manual_seed(seed);
        model = std::make_unique<TorchGFlowNetModel>(checked);
      }))
    return std::move(error);
  return std::move(model);
}

llvm::Expected<std::unique_ptr<GFlowNetModel>>
loadModel(llvm::StringRef bytes, llvm::StringRef sourceName) {
  std::string what =
      llvm::formatv("cannot load GFlowNet model '{0}'", sourceName).str();
  if (bytes.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: the file is empty", what.c_str());
  std::unique_ptr<TorchGFlowNetModel> model;
  llvm::Error error = catchTorchErrors(what, [&] {
    torch::serialize::InputArchive archive;
    archive.load_from(bytes.data(), bytes.size());
    c10::IValue format, config;
    if (!archive.try_read(kFormatKey.str(), format) || !format.isString() ||
        format.toStringRef() != kFormatName)
      throw std::runtime_error("not a gfsched GFlowNet model (expected format "
                               "'" +
                               kFormatName.str() + "')");
    archive.read(kConfigKey.str(), config);
    llvm::Expected<llvm::json::Value> json =
        llvm::json::parse(config.toStringRef());
    if (!json)
      throw std::runtime_error("malformed configuration: " +
                               llvm::toString(json.takeError()));
    ModelConfig parsed;
    llvm::json::Path::Root root("config");
    if (!fromJSON(*json, parsed, root))
      throw std::runtime_error(llvm::toString(root.getError()));
    model = std::make_unique<TorchGFlowNetModel>(parsed);
    // torch's load replaces each tensor whatever its shape: check that the
    // weights are those of the network the configuration describes.
    std::map<std::string, std::vector<int64_t>> shapes;
    for (const auto &parameter : model->net->named_parameters())
      shapes[parameter.key()] = parameter.value().sizes().vec();
    model->net->load(archive);
    for (const auto &parameter : model->net->named_parameters())
      if (parameter.value().sizes().vec() != shapes[parameter.key()]) {
        std::ostringstream message;
        message << "parameter '" << parameter.key() << "' has shape "
                << parameter.value().sizes() << " but the configuration needs "
                << c10::IntArrayRef(shapes[parameter.key()]);
        throw std::runtime_error(message.str());
      }
  });
  if (error)
    return std::move(error);
  return std::move(model);
}

/// OpenBLAS keeps a pool of its own whose idle threads spin; torch's setting
/// does not reach it. It is looked up through this library's own handle:
/// opened with RTLD_LOCAL (ModelLoader.cpp), its dependencies, OpenBLAS
/// among them, are not in the global scope that RTLD_DEFAULT searches.
void setBlasThreads(unsigned threads) {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&setBlasThreads), &info) ||
      !info.dli_fname)
    return;
  void *self = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
  if (!self)
    return;
  using SetThreads = void (*)(int);
  if (auto set =
          reinterpret_cast<SetThreads>(dlsym(self, "openblas_set_num_threads")))
    set(threads);
  dlclose(self); // Only drops the reference RTLD_NOLOAD took.
}

void setThreads(unsigned threads) {
  // An entry point of the library: nothing may escape into LLVM's
  // exception-free code. Failing to set a thread count only costs speed.
  try {
    torch::set_num_threads(threads);
  } catch (const std::exception &) {
  }
  setBlasThreads(threads);
}

const TorchBackend kBackend = {createModel, loadModel, setThreads};

} // namespace

void TorchGFlowNetModel::writeTo(
    torch::serialize::OutputArchive &archive) const {
  net->save(archive);
  std::string configText;
  llvm::raw_string_ostream os(configText);
  os << toJSON(config);
  archive.write(kFormatKey.str(), c10::IValue(kFormatName.str()));
  archive.write(kConfigKey.str(), c10::IValue(os.str()));
}

llvm::Error TorchGFlowNetModel::save(llvm::StringRef path) const {
  return catchTorchErrors(
      llvm::formatv("cannot save GFlowNet model '{0}'", path).str(), [&] {
        torch::serialize::OutputArchive archive;
        writeTo(archive);
        saveArchiveAtomically(archive, path.str());
      });
}

llvm::Expected<PolicyWeights> TorchGFlowNetModel::encode(const Problem &problem,
                                                         double sigma) const {
  PolicyWeights weights;
  if (llvm::Error error = catchTorchErrors("GFlowNet encoder failed", [&] {
        torch::NoGradGuard noGrad;
        EncoderInputs inputs = makeEncoderInputs(problem, config.heads);
        PolicyNetImpl::Output output =
            net->forward(inputs.nodeFeatures, inputs.maskBias, sigma);
        weights = toPolicyWeights(output, *net);
      }))
    return std::move(error);
  return weights;
}

} // namespace gfsched

extern "C" const gfsched::TorchBackend *gfschedGetTorchBackend() {
  return &gfsched::kBackend;
}
