//===- Passes.cpp - Registration of the gfsched passes --------------------===//

#include "gfsched/Transforms/Passes.h"

namespace gfsched {
namespace {
#define GEN_PASS_REGISTRATION
#include "gfsched/Transforms/Passes.h.inc"
} // namespace

void registerPasses() { registerGFSchedPasses(); }

} // namespace gfsched
