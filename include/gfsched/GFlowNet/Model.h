//===- Model.h - The GFlowNet policy network, torch kept inside -*- C++ -*-===//
//
// A graph- and temperature-conditioned policy: a topology-masked attention
// encoder (heads restricted to predecessors, successors, ancestors and
// descendants; pre-LayerNorm blocks; FiLM from log sigma in every MLP) that
// runs once per (graph, sigma) and hands plain-C++ head weights to the
// sampler (PolicyHead.h). Only lib/GFlowNet sees torch; this interface does
// not, and it turns every torch error into an llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_GFLOWNET_MODEL_H
#define GFSCHED_GFLOWNET_MODEL_H

#include "gfsched/GFlowNet/Environment.h"
#include "gfsched/GFlowNet/PolicyHead.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <memory>
#include <string>

namespace gfsched {

/// What a policy was trained for. A GFlowNet (LPV) is conditioned on any
/// sigma and samples in proportion to the reward; a PPO policy (the paper's
/// baseline) maximises the expected speedup at the one sigma it was trained
/// at and has no backward head. The two look alike to the sampler, so the
/// model records which it is and the loader refuses the wrong one.
enum class PolicyObjective { LPV, PPO };
llvm::StringRef getPolicyObjectiveName(PolicyObjective objective);

struct ModelConfig {
  unsigned width = 64;          ///< node embedding width
  unsigned layers = 3;          ///< encoder blocks
  unsigned heads = 4;           ///< attention heads, a multiple of 4 relations
  unsigned ffnWidth = 128;      ///< hidden width of each block's MLP
  unsigned headHidden = 64;     ///< forward head width
  unsigned backwardHidden = 32; ///< backward head width
  unsigned sigmaWidth = 32;     ///< width of the embedding of log sigma
  bool uniformBackward = false; ///< P_B = 1 / #removable instead of a head
  PolicyObjective objective = PolicyObjective::LPV;
  /// PPO: the fixed sigma it was trained and must be sampled at; 0 for a
  /// GFlowNet.
  double fixedSigma = 0;
  /// The MDP's unit choice the policy was trained in and is sampled in. New
  /// models use best-fit units; files without the field predate it: any.
  UnitChoice unitChoice = UnitChoice::BestFit;
  /// Free-form description of how the weights were trained.
  std::string provenance;
};

llvm::json::Value toJSON(const ModelConfig &config);
bool fromJSON(const llvm::json::Value &value, ModelConfig &config,
              llvm::json::Path path);

/// The policy network. The torch implementation lives in a shared library,
/// libGFSchedTorch.so, that is loaded on first use (TorchBackend.h): a
/// compiler that never asks for the GFlowNet does not pay torch's start-up
/// time and memory.
class GFlowNetModel {
public:
  /// A freshly initialised model (deterministic for `seed`).
  static llvm::Expected<std::unique_ptr<GFlowNetModel>>
  create(const ModelConfig &config, uint64_t seed);
  /// Loads a model trained for `expected`; one trained for the other
  /// objective is an error (a PPO policy is not a GFlowNet).
  static llvm::Expected<std::unique_ptr<GFlowNetModel>>
  loadFile(llvm::StringRef path,
           PolicyObjective expected = PolicyObjective::LPV);
  static llvm::Expected<std::unique_ptr<GFlowNetModel>>
  loadBuffer(llvm::StringRef bytes, llvm::StringRef sourceName,
             PolicyObjective expected = PolicyObjective::LPV);
  /// The default model compiled into the library (models/gflownet.pt).
  static llvm::Expected<std::unique_ptr<GFlowNetModel>> loadEmbedded();

  virtual ~GFlowNetModel() = default;

  virtual llvm::Error save(llvm::StringRef path) const = 0;
  virtual const ModelConfig &getConfig() const = 0;
  /// Records how the weights were made; saved with them.
  virtual void setProvenance(std::string provenance) = 0;
  /// Switches the MDP the policy acts in, to fine-tune a model in another
  /// (gfsched-train --unit-choice).
  virtual void setUnitChoice(UnitChoice choice) = 0;

  /// Runs the encoder once for `problem` at temperature `sigma` and returns
  /// the heads' weights. Thread-safe: concurrent calls may share a model.
  virtual llvm::Expected<PolicyWeights> encode(const Problem &problem,
                                               double sigma) const = 0;
};

/// Limits torch's (and OpenBLAS's) intra-op threads: the pass runs one
/// function per MLIR thread, and torch must not add threads of its own.
/// Loads the torch library if needed.
llvm::Error setTorchThreads(unsigned threads);

} // namespace gfsched

#endif // GFSCHED_GFLOWNET_MODEL_H
