//===- ModelLoader.cpp - Models through the lazily loaded torch library ---===//

#include "gfsched/GFlowNet/TorchBackend.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>

// The default model's bytes, placed by EmbeddedModel.S (nothing between the
// two symbols when the build had no models/gflownet.pt).
extern "C" const char gfsched_embedded_model_begin[];
extern "C" const char gfsched_embedded_model_end[];

namespace gfsched {

namespace {

constexpr const char *kLibraryName = "libGFSchedTorch.so";
using GetBackend = const TorchBackend *(*)();

/// The folder of the binary (executable or plugin) this code is linked into,
/// as an absolute path.
std::string getOwnFolder() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&getOwnFolder), &info) ||
      !info.dli_fname)
    return "";
  // The main executable is reported as it was started ("./gfsched-opt"): a
  // bare or relative name must not reach dlopen, which would search the
  // library path instead of this folder.
  llvm::SmallString<256> path(info.dli_fname);
  llvm::sys::fs::make_absolute(path);
  return llvm::sys::path::parent_path(path).str();
}

llvm::Expected<const TorchBackend *> loadBackend() {
  // A tool that links the library has it in the process already.
  if (auto get = reinterpret_cast<GetBackend>(
          dlsym(RTLD_DEFAULT, "gfschedGetTorchBackend")))
    return get();
  std::string folder = getOwnFolder();
  std::string errors;
  for (llvm::StringRef relative : {".", "../lib"}) {
    llvm::SmallString<256> path(folder);
    llvm::sys::path::append(path, relative, kLibraryName);
    llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      errors += "\n  ";
      errors += dlerror();
      continue;
    }
    if (auto get = reinterpret_cast<GetBackend>(
            dlsym(handle, "gfschedGetTorchBackend")))
      return get();
    errors += "\n  " + path.str().str() + ": no gfschedGetTorchBackend";
  }
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "cannot load the GFlowNet runtime %s:%s",
                                 kLibraryName, errors.c_str());
}

} // namespace

llvm::StringRef getPolicyObjectiveName(PolicyObjective objective) {
  switch (objective) {
  case PolicyObjective::LPV:
    return "lpv";
  case PolicyObjective::PPO:
    return "ppo";
  }
  llvm_unreachable("unknown objective");
}

llvm::Expected<const TorchBackend &> getTorchBackend() {
  // Loaded once per process, and the outcome kept as data: an llvm::Error
  // can be taken only once, and every later caller, on any thread, must get
  // the same message.
  struct Outcome {
    const TorchBackend *backend = nullptr;
    std::string error;
  };
  static const Outcome outcome = [] {
    llvm::Expected<const TorchBackend *> backend = loadBackend();
    if (!backend)
      return Outcome{nullptr, llvm::toString(backend.takeError())};
    return Outcome{*backend, ""};
  }();
  if (!outcome.backend)
    return llvm::createStringError(outcome.error);
  return *outcome.backend;
}

llvm::Expected<std::unique_ptr<GFlowNetModel>>
GFlowNetModel::create(const ModelConfig &config, uint64_t seed) {
  llvm::Expected<const TorchBackend &> backend = getTorchBackend();
  if (!backend)
    return backend.takeError();
  return backend->createModel(config, seed);
}

llvm::Expected<std::unique_ptr<GFlowNetModel>>
GFlowNetModel::loadBuffer(llvm::StringRef bytes, llvm::StringRef sourceName,
                          PolicyObjective expected) {
  llvm::Expected<const TorchBackend &> backend = getTorchBackend();
  if (!backend)
    return backend.takeError();
  llvm::Expected<std::unique_ptr<GFlowNetModel>> model =
      backend->loadModel(bytes, sourceName);
  if (!model)
    return model.takeError();
  // Both kinds sample alike; using one as the other would give silently
  // wrong candidates (a PPO policy is trained at one sigma to maximise the
  // speedup, a GFlowNet at all of them to sample in proportion to reward).
  PolicyObjective actual = (*model)->getConfig().objective;
  if (actual == expected)
    return model;
  if (actual == PolicyObjective::PPO)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "'%s' is a PPO policy (objective \"ppo\"), not a GFlowNet; it is "
        "the paper's baseline, for gfsched-bench --methods=ppo",
        sourceName.str().c_str());
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "'%s' is a GFlowNet (objective \"lpv\"), not a PPO policy",
      sourceName.str().c_str());
}

llvm::Expected<std::unique_ptr<GFlowNetModel>>
GFlowNetModel::loadFile(llvm::StringRef path, PolicyObjective expected) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(
        buffer.getError(), "cannot read GFlowNet model '%s': %s",
        path.str().c_str(), buffer.getError().message().c_str());
  return loadBuffer((*buffer)->getBuffer(), path, expected);
}

llvm::Expected<std::unique_ptr<GFlowNetModel>> GFlowNetModel::loadEmbedded() {
  llvm::StringRef bytes(gfsched_embedded_model_begin,
                        gfsched_embedded_model_end -
                            gfsched_embedded_model_begin);
  if (bytes.empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "this build has no embedded GFlowNet model (models/gflownet.pt was "
        "missing when it was built); pass model=<path>");
  return loadBuffer(bytes, "<embedded>");
}

llvm::Error setTorchThreads(unsigned threads) {
  llvm::Expected<const TorchBackend &> backend = getTorchBackend();
  if (!backend)
    return backend.takeError();
  backend->setThreads(std::max(1u, threads));
  return llvm::Error::success();
}

} // namespace gfsched
