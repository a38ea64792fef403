//===- GFSchedPlugin.cpp - gfsched as an mlir-opt pass plugin -------------===//
//
//   mlir-opt --load-pass-plugin=build/lib/GFSchedPlugin.so \
//     -p 'builtin.module(func.func(gflownet-schedule{policy=list}))'
//
// mlir-opt builds its command-line pass flags before loading plugins, so with
// a plugin only the pipeline form (-p / --pass-pipeline) can name our pass.
// Plain options are another matter: mlir-opt loads the plugin while it parses
// the command line, so -debug-only, registered at load time, works when it
// comes after --load-pass-plugin.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Passes.h"
#include "gfsched/Support/Debug.h"

#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "GFSched", LLVM_VERSION_STRING, [] {
            gfsched::registerPasses();
            gfsched::registerDebugOptions();
          }};
}
