//===- SpeedBenchmark.cpp - How fast the pass and the sampler are ---------===//
//
// Figures for docs/gflownet.md (scripts/run-speed-benchmark.sh):
//   BM_Pass        the whole pass (extract, encode, 1000 samples, top-100 on
//                  the target, rewrite) on a function of n ops;
//   BM_Encoder     the encoder alone, once per (graph, sigma);
//   BM_Sampling    1000 samples from precomputed head weights;
//   BM_PaperWay    the paper's way on the same graph in the same run: the
//                  encoder again after every step, n steps over 1000 samples
//                  (one step timed, times n), next to ours (encoder +
//                  sampling), with their ratio.
// Graphs are layered DAGs eight ops wide with U(0,1) us durations, written as
// tensor.concat ops carrying gfsched.cost so the pass sees exactly them.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/GFlowNet/PaperWay.h"
#include "gfsched/GFlowNet/Sampler.h"
#include "gfsched/Graph/Generators.h"
#include "gfsched/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <chrono>

using namespace gfsched;

namespace {

constexpr unsigned kSamples = 1000;
constexpr unsigned kTopK = 100;
constexpr double kSigma = 0.01;

DepGraph makeGraph(unsigned numOps) {
  GeneratorOptions options;
  options.numNodes = numOps;
  options.layered.numLayers = std::max(1u, numOps / 8);
  Rng rng(deriveSeed(7, numOps));
  return generateGraph(GraphFamily::Layered, options, rng);
}

/// The graph as a function: op i concatenates its predecessors' results (or
/// the argument), so SSA edges are exactly the graph's edges.
std::string renderFunction(const DepGraph &graph) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "func.func @f(%in: tensor<?xf32>) {\n";
  for (NodeId op = 0; op < graph.size(); ++op) {
    llvm::SmallVector<std::string> operands;
    for (NodeId pred : graph.preds(op))
      operands.push_back(llvm::formatv("%v{0}", pred).str());
    if (operands.empty())
      operands.push_back("%in");
    std::string types;
    for (size_t i = 0; i < operands.size(); ++i)
      types += i ? ", tensor<?xf32>" : "tensor<?xf32>";
    os << llvm::formatv("  %v{0} = tensor.concat dim(0) {1} "
                        "{{gfsched.cost = {2:F6}} : ({3}) -> tensor<?xf32>\n",
                        op, llvm::join(operands, ", "),
                        *graph.cost(op).fixedDuration, types);
  }
  os << "  return\n}\n";
  return text;
}

std::shared_ptr<const GFlowNetModel> getModel() {
  static std::shared_ptr<const GFlowNetModel> model = [] {
    llvm::Expected<std::unique_ptr<GFlowNetModel>> embedded =
        GFlowNetModel::loadEmbedded();
    if (embedded)
      return std::shared_ptr<const GFlowNetModel>(std::move(*embedded));
    llvm::consumeError(embedded.takeError());
    // Timing does not depend on the weights.
    return std::shared_ptr<const GFlowNetModel>(
        llvm::cantFail(GFlowNetModel::create(ModelConfig(), 0)));
  }();
  return model;
}

struct Fixture {
  explicit Fixture(unsigned numOps)
      : graph(makeGraph(numOps)), device(llvm::cantFail(loadDevice("accel4"))),
        problem(llvm::cantFail(Problem::create(graph, device))) {}
  DepGraph graph;
  Device device;
  Problem problem;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

void BM_Pass(benchmark::State &state) {
  unsigned numOps = state.range(0);
  mlir::MLIRContext context;
  context.loadDialect<mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> source =
      mlir::parseSourceString<mlir::ModuleOp>(renderFunction(makeGraph(numOps)),
                                              &context);
  GFlowNetScheduleOptions options;
  options.policy = "gflownet";
  options.samples = kSamples;
  options.topk = kTopK;
  options.temp = kSigma;
  for (auto _ : state) {
    state.PauseTiming();
    mlir::OwningOpRef<mlir::ModuleOp> module = source->clone();
    mlir::PassManager pm(&context);
    pm.addNestedPass<mlir::func::FuncOp>(createGFlowNetSchedule(options));
    state.ResumeTiming();
    if (mlir::failed(pm.run(*module)))
      state.SkipWithError("the pass failed");
  }
  state.counters["ops"] = numOps;
  // Op-samples per second: constant when time grows linearly in ops x
  // samples.
  state.counters["op_samples_per_s"] = benchmark::Counter(
      double(numOps) * kSamples, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Encoder(benchmark::State &state) {
  Fixture fixture(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(
        llvm::cantFail(getModel()->encode(fixture.problem, kSigma)));
}

void BM_Sampling(benchmark::State &state) {
  Fixture fixture(state.range(0));
  PolicyWeights weights =
      llvm::cantFail(getModel()->encode(fixture.problem, kSigma));
  for (auto _ : state)
    benchmark::DoNotOptimize(sampleTrajectories(
        weights, fixture.problem, kSamples, 1, /*scoreBackward=*/false,
        /*pool=*/nullptr));
}

void BM_PaperWay(benchmark::State &state) {
  Fixture fixture(state.range(0));
  double ours = 0, paperWay = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    PolicyWeights weights =
        llvm::cantFail(getModel()->encode(fixture.problem, kSigma));
    sampleTrajectories(weights, fixture.problem, kSamples, 1,
                       /*scoreBackward=*/false, /*pool=*/nullptr);
    ours = secondsSince(start);
    double step = llvm::cantFail(
        timePaperWayStep(*getModel(), fixture.problem, kSamples));
    paperWay = step * fixture.problem.numOps();
    state.SetIterationTime(ours + step);
  }
  state.counters["ours_s"] = ours;
  state.counters["paper_way_s"] = paperWay;
  state.counters["ratio"] = paperWay / ours;
}

} // namespace

BENCHMARK(BM_Pass)
    ->Arg(32)
    ->Arg(128)
    ->Arg(256)
    ->Arg(512)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Encoder)
    ->Arg(128)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Sampling)
    ->Arg(128)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_PaperWay)
    ->Arg(50)
    ->Arg(128)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

int main(int argc, char **argv) {
  gfsched::registerPasses();
  if (llvm::Error error = setTorchThreads(1)) {
    llvm::errs() << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
