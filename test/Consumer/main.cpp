//===- main.cpp - A program that runs gfsched in its own pass manager ----===//
//
// Parses a function of independent ops, schedules it with the list policy and
// with the default GFlowNet policy (the embedded model, through the
// libGFSchedTorch.so copied beside this executable), and checks that every
// op got a compute unit; then schedules a graph built in C++, without MLIR,
// as the pass schedules a block. Exits non-zero on any failure.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Candidates/BlockScheduler.h"
#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/Graph/DepGraph.h"
#include "gfsched/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

static const char *const kInput = R"mlir(
func.func @independent(%a: f32, %b: f32) -> (f32, f32, f32, f32, f32, f32) {
  %0 = arith.mulf %a, %a {gfsched.cost = 2.0} : f32
  %1 = arith.addf %b, %b {gfsched.cost = 1.0} : f32
  %2 = arith.subf %a, %b {gfsched.cost = 3.0} : f32
  %3 = arith.divf %a, %b {gfsched.cost = 4.0} : f32
  %4 = arith.maximumf %a, %b {gfsched.cost = 1.0} : f32
  %5 = arith.minimumf %4, %3 {gfsched.cost = 2.0} : f32
  return %0, %1, %2, %3, %4, %5 : f32, f32, f32, f32, f32, f32
}
)mlir";

/// Schedules a fresh copy of kInput with `options`; returns false (with a
/// message) unless the pass succeeds and every costed op carries a unit.
static bool scheduleAndCheck(mlir::MLIRContext &context,
                             const gfsched::GFlowNetScheduleOptions &options) {
  llvm::outs() << "policy=" << options.policy << ": ";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kInput, &context);
  if (!module) {
    llvm::errs() << "cannot parse the input\n";
    return false;
  }
  mlir::PassManager pm(&context);
  pm.addNestedPass<mlir::func::FuncOp>(
      gfsched::createGFlowNetSchedule(options));
  if (mlir::failed(pm.run(*module))) {
    llvm::errs() << "the pass failed\n";
    return false;
  }
  unsigned costed = 0, annotated = 0;
  module->walk([&](mlir::Operation *op) {
    if (!op->hasAttr("gfsched.cost"))
      return;
    ++costed;
    if (op->hasAttr("gfsched.unit") && op->hasAttr("gfsched.start"))
      ++annotated;
  });
  llvm::outs() << annotated << "/" << costed << " ops annotated\n";
  if (costed != 6 || annotated != costed) {
    llvm::errs() << "not every op was scheduled:\n";
    module->print(llvm::errs());
    return false;
  }
  return true;
}

/// A diamond a -> {b, c} -> d of 1 MB tensors, scheduled on accel4 by the
/// embedded GFlowNet as the pass would schedule a block of these four ops.
static bool scheduleWithoutMLIR() {
  llvm::outs() << "BlockScheduler: ";
  gfsched::DepGraphBuilder builder;
  for (const char *name : {"a", "b", "c", "d"}) {
    gfsched::OpCost cost;
    cost.fixedDuration = 10; // us
    builder.addNode(cost, name);
  }
  builder.addEdge(0, 1, 1e6);
  builder.addEdge(0, 2, 1e6);
  builder.addEdge(1, 3, 1e6);
  builder.addEdge(2, 3, 1e6);
  llvm::Expected<gfsched::DepGraph> graph = std::move(builder).build();
  llvm::Expected<gfsched::Device> device = gfsched::loadDevice("accel4");
  if (!graph || !device) {
    llvm::errs() << llvm::toString(graph.takeError())
                 << llvm::toString(device.takeError()) << "\n";
    return false;
  }
  llvm::Expected<gfsched::Problem> problem =
      gfsched::Problem::create(*graph, *device);
  auto model = gfsched::GFlowNetModel::loadEmbedded();
  if (!problem || !model) {
    llvm::errs() << llvm::toString(problem.takeError())
                 << llvm::toString(model.takeError()) << "\n";
    return false;
  }
  gfsched::BlockSchedulerOptions options; // the pass's defaults
  options.samples = 32;
  options.topK = 8;
  auto scheduler = gfsched::BlockScheduler::create(options, std::move(*model));
  if (!scheduler) {
    llvm::errs() << llvm::toString(scheduler.takeError()) << "\n";
    return false;
  }
  llvm::Expected<gfsched::BlockChoice> choice =
      scheduler->schedule(*problem, "diamond", gfsched::ModelKind::Full);
  if (!choice) {
    llvm::errs() << llvm::toString(choice.takeError()) << "\n";
    return false;
  }
  double makespan = choice->chosen.target.makespan;
  llvm::outs() << llvm::format("%.2f us on the full target, %.2f in the "
                               "original order\n",
                               makespan, choice->targetBefore);
  return makespan > 0 && makespan <= choice->targetBefore;
}

int main() {
  mlir::DialectRegistry registry;
  registry.insert<mlir::arith::ArithDialect, mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);

  // Registration makes the pass nameable in textual pipelines.
  gfsched::registerPasses();
  mlir::PassManager parsed(&context);
  if (mlir::failed(mlir::parsePassPipeline(
          "builtin.module(func.func(gflownet-schedule{policy=list}))",
          parsed))) {
    llvm::errs() << "gflownet-schedule is not registered\n";
    return 1;
  }

  gfsched::GFlowNetScheduleOptions list;
  list.policy = "list";
  list.target = "proxy";
  list.checkDeps = true;

  gfsched::GFlowNetScheduleOptions gflownet; // policy=gflownet, embedded model
  gflownet.samples = 32;
  gflownet.topk = 8;
  gflownet.seed = 7;
  gflownet.checkDeps = true;

  if (!scheduleAndCheck(context, list) ||
      !scheduleAndCheck(context, gflownet) || !scheduleWithoutMLIR())
    return 1;
  llvm::outs() << "ok\n";
  return 0;
}
