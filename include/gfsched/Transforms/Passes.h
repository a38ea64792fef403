//===- Passes.h - gfsched passes --------------------------------*- C++ -*-===//

#ifndef GFSCHED_TRANSFORMS_PASSES_H
#define GFSCHED_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace gfsched {

#define GEN_PASS_DECL
#include "gfsched/Transforms/Passes.h.inc"

/// Registers every gfsched pass with the global registry, for mlir-opt-like
/// tools and the plugin.
void registerPasses();

} // namespace gfsched

#endif // GFSCHED_TRANSFORMS_PASSES_H
