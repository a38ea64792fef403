//===- gfsched-opt.cpp - mlir-opt with the gfsched passes -----------------===//
//
// A superset of mlir-opt: every upstream dialect, extension and pass, plus
// gflownet-schedule, so `--gflownet-schedule="temp=0.3"` works as a flag,
// and -debug / -debug-only even where LLVM is a release build.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Passes.h"
#include "gfsched/Support/Debug.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  gfsched::registerPasses();
  gfsched::registerDebugOptions();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "gfsched optimizer driver\n", registry));
}
