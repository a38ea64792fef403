//===- PaperWay.cpp - Timing the paper's sampling, for comparison ---------===//

#include "gfsched/GFlowNet/PaperWay.h"

#include "TorchModel.h"

#include <chrono>

namespace gfsched {

llvm::Expected<double> timePaperWayStep(const GFlowNetModel &model,
                                        const Problem &problem,
                                        unsigned batch) {
  if (batch == 0)
    return llvm::createStringError("paper-way timing needs a batch of at "
                                   "least one sample");
  const auto &torchModel = static_cast<const TorchGFlowNetModel &>(model);
  double seconds = 0;
  llvm::Error error = catchTorchErrors("paper-way timing failed", [&] {
    torch::NoGradGuard noGrad;
    EncoderInputs inputs = makeEncoderInputs(problem, torchModel.config.heads);
    // Attention scores take heads x n^2 floats per sample: keep a chunk
    // under ~200M floats.
    int64_t numOps = std::max(1u, problem.numOps());
    int64_t perSample = int64_t(torchModel.config.heads) * numOps * numOps;
    int64_t chunk = std::clamp<int64_t>(200'000'000 / perSample, 1, batch);
    // Each sample would carry its own state features; the cost is the same.
    torch::Tensor features =
        inputs.nodeFeatures.unsqueeze(0).expand({chunk, numOps, -1}).clone();
    torch::Tensor sigma = torchModel.net->sigmaEmbedding(0.01);
    auto start = std::chrono::steady_clock::now();
    torchModel.net->encode(features, inputs.maskBias, sigma);
    seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count() *
        double(batch) / double(chunk);
  });
  if (error)
    return std::move(error);
  return seconds;
}

} // namespace gfsched
