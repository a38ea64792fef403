//===- Passes.h - The gfsched public pass API -------------------*- C++ -*-===//
//
// Everything a compiler needs to run the scheduler in its own pipeline:
//
//   gfsched::GFlowNetScheduleOptions options;
//   options.temp = 0.3;
//   pm.addNestedPass<mlir::func::FuncOp>(
//       gfsched::createGFlowNetSchedule(options));
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_PASSES_H
#define GFSCHED_PASSES_H

#include "gfsched/Transforms/Passes.h"

#endif // GFSCHED_PASSES_H
