//===- TorchBackend.h - The lazily loaded torch library ---------*- C++ -*-===//
//
// Everything that needs torch is in libGFSchedTorch.so. Loading libtorch costs
// about half a second and a few hundred MB, so the pass and the tools link
// only this torch-free side and open the library on first use: next to the
// binary that contains this code (bin/../lib or the plugin's own folder), or
// already in the process when a tool links it directly.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_TORCHBACKEND_H
#define GFSCHED_GFLOWNET_TORCHBACKEND_H

#include "gfsched/GFlowNet/Model.h"

#include "llvm/Support/Error.h"

#include <memory>

namespace gfsched {

/// The entry points of libGFSchedTorch.so.
struct TorchBackend {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> (*createModel)(
      const ModelConfig &config, uint64_t seed);
  llvm::Expected<std::unique_ptr<GFlowNetModel>> (*loadModel)(
      llvm::StringRef bytes, llvm::StringRef sourceName);
  void (*setThreads)(unsigned threads);
};

/// The backend, loading the library on the first call.
llvm::Expected<const TorchBackend &> getTorchBackend();

} // namespace gfsched

/// Exported by libGFSchedTorch.so.
extern "C" const gfsched::TorchBackend *gfschedGetTorchBackend();

#endif // GFSCHED_GFLOWNET_TORCHBACKEND_H
