//===- TorchModel.h - The torch modules behind GFlowNetModel ----*- C++ -*-===//
//
// Private to lib/GFlowNet: the only header of the project that includes torch.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_LIB_GFLOWNET_TORCHMODEL_H
#define GFSCHED_LIB_GFLOWNET_TORCHMODEL_H

#include "gfsched/GFlowNet/Model.h"

#include <torch/torch.h>

namespace gfsched {

/// e(sigma) = ReLU(b(ReLU(a(log sigma)))) (PAPER.md).
struct SigmaEmbeddingImpl : torch::nn::Module {
  explicit SigmaEmbeddingImpl(unsigned width);
  torch::Tensor forward(double sigma);

  torch::nn::Linear a{nullptr}, b{nullptr};
};
TORCH_MODULE(SigmaEmbedding);

/// A pre-LayerNorm block: relation-masked multi-head attention, then an MLP
/// whose first linear layer is FiLM-modulated by e(sigma).
struct EncoderBlockImpl : torch::nn::Module {
  EncoderBlockImpl(const ModelConfig &config);
  /// h: [n, width]; maskBias: [heads, n, n] (0 where attention is allowed,
  /// a large negative number elsewhere); sigmaEmbedding: [sigmaWidth].
  torch::Tensor forward(torch::Tensor h, const torch::Tensor &maskBias,
                        const torch::Tensor &sigmaEmbedding);

  unsigned heads;
  torch::nn::LayerNorm attentionNorm{nullptr}, mlpNorm{nullptr};
  torch::nn::Linear qkv{nullptr}, projection{nullptr};
  torch::nn::Linear mlpIn{nullptr}, mlpOut{nullptr};
  torch::nn::Linear filmScale{nullptr}, filmShift{nullptr};
};
TORCH_MODULE(EncoderBlock);

/// The encoder plus the torch side of both heads.
struct PolicyNetImpl : torch::nn::Module {
  explicit PolicyNetImpl(const ModelConfig &config);

  struct Output {
    torch::Tensor forwardNode;  ///< [n, headHidden]
    torch::Tensor forwardOut;   ///< [headHidden]
    torch::Tensor backwardNode; ///< [n, backwardHidden] (undefined if uniform)
    torch::Tensor backwardOut;  ///< [backwardHidden] (undefined if uniform)
  };
  /// nodeFeatures: [n, kNumNodeFeatures]; maskBias: [heads, n, n].
  Output forward(const torch::Tensor &nodeFeatures,
                 const torch::Tensor &maskBias, double sigma);
  /// The node embeddings alone (for the paper-way benchmark).
  torch::Tensor encode(const torch::Tensor &nodeFeatures,
                       const torch::Tensor &maskBias,
                       const torch::Tensor &sigmaEmbedding);

  ModelConfig config;
  torch::nn::Linear input{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::LayerNorm outputNorm{nullptr};
  SigmaEmbedding sigmaEmbedding{nullptr};
  torch::nn::Linear forwardNode{nullptr}, forwardOutFromSigma{nullptr};
  torch::Tensor forwardLogitScale, forwardOutBase, forwardFeature;
  torch::nn::Linear backwardNode{nullptr}, backwardOutFromSigma{nullptr};
  torch::Tensor backwardOutBase, backwardFeature;
};
TORCH_MODULE(PolicyNet);

/// The torch implementation of the model interface.
class TorchGFlowNetModel final : public GFlowNetModel {
public:
  explicit TorchGFlowNetModel(const ModelConfig &config)
      : config(config), net(config) {}

  llvm::Error save(llvm::StringRef path) const override;
  /// Writes the weights, the format tag and the configuration: a model file,
  /// and the model part of a training checkpoint. Throws as torch does.
  void writeTo(torch::serialize::OutputArchive &archive) const;
  const ModelConfig &getConfig() const override { return config; }
  void setProvenance(std::string provenance) override {
    config.provenance = std::move(provenance);
  }
  void setUnitChoice(UnitChoice choice) override {
    config.unitChoice = choice;
    net->config.unitChoice = choice;
  }
  llvm::Expected<PolicyWeights> encode(const Problem &problem,
                                       double sigma) const override;

  ModelConfig config;
  /// Mutable: torch modules have no const forward, and inference changes
  /// nothing.
  mutable PolicyNet net;
};

/// `model` as the torch model it always is (every model comes from this
/// library).
TorchGFlowNetModel &asTorchModel(GFlowNetModel &model);

/// The encoder's inputs for one problem.
struct EncoderInputs {
  torch::Tensor nodeFeatures; ///< [n, kNumNodeFeatures]
  torch::Tensor maskBias;     ///< [heads, n, n]
};
EncoderInputs makeEncoderInputs(const Problem &problem, unsigned heads);

/// Copies the heads' tensors into plain C++ weights.
PolicyWeights toPolicyWeights(const PolicyNetImpl::Output &output,
                              const PolicyNetImpl &net);

/// Runs `body`, turning a torch (c10::Error) or standard exception into an
/// llvm::Error that starts with `what`.
llvm::Error catchTorchErrors(llvm::StringRef what,
                             llvm::function_ref<void()> body);

/// archive.save_to(path), written whole or not at all (writeOutputFile): a
/// run killed while writing, or a full disk, never leaves a truncated model
/// or checkpoint where the last good one was. Throws on failure.
void saveArchiveAtomically(torch::serialize::OutputArchive &archive,
                           const std::string &path);

} // namespace gfsched

#endif // GFSCHED_LIB_GFLOWNET_TORCHMODEL_H
