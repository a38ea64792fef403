//===- GFlowNetSchedule.cpp - The gflownet-schedule pass ------------------===//
//
// The pass only wires the layers together: extract each block's dependency
// graph, draw candidate schedules, choose one with the proxy and target
// latency models, and rewrite. Every block of a function is planned before
// any IR changes, so a failure leaves the function as it was.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Transforms/Passes.h"

#include "DebugOutput.h"

#include "gfsched/Candidates/BlockScheduler.h"
#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/MLIR/BlockGraph.h"
#include "gfsched/MLIR/CostModel.h"
#include "gfsched/MLIR/Reorder.h"
#include "gfsched/Schedule/Gantt.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Support/Debug.h"

#include "mlir/Analysis/AliasAnalysis.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Remarks.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <cmath>
#include <numeric>

#define DEBUG_TYPE "gflownet-schedule"

namespace gfsched {
#define GEN_PASS_DEF_GFLOWNETSCHEDULE
#include "gfsched/Transforms/Passes.h.inc"
} // namespace gfsched

using namespace mlir;
using namespace gfsched;

namespace {

constexpr llvm::StringLiteral kUnitAttrName = "gfsched.unit";
constexpr llvm::StringLiteral kStartAttrName = "gfsched.start";

/// What the pass tracks while it schedules one function: the scheduler,
/// whose sampling budget spans the function's blocks, and its debug output.
struct FunctionState {
  BlockScheduler scheduler;
  /// Filled only with -debug-only=gflownet-schedule (or -debug).
  DebugLog log;
};

/// Prints the scheduler's windows and joins to the function's debug log.
class DebugLogObserver : public BlockObserver {
public:
  explicit DebugLogObserver(DebugLog &log) : log(log) {}
  void onWindow(StringRef streamKey, const WindowReport &report) override {
    printWindowReport(log, streamKey, report);
  }
  void onJoin(StringRef streamKey, const JoinReport &report) override {
    printJoinReport(log, streamKey, report);
  }

private:
  DebugLog &log;
};

/// What a Gantt chart of a block needs, kept until the rewrite succeeded. The
/// problem points at the graph, so both live on the heap together.
struct GanttRecord {
  DepGraph graph;
  std::unique_ptr<Problem> problem;
  std::unique_ptr<LatencyModel> target;
  Schedule before, chosen;
  Timing beforeTiming, chosenTiming;
  std::vector<std::string> labels;
};

/// Everything decided about one block before the IR is touched.
struct BlockPlan {
  Block *block = nullptr;
  SmallVector<Operation *> originalOrder;
  SmallVector<Operation *> newOrder;
  /// The scheduled ops, and for each its unit's name and predicted start
  /// (us). Deferred ops are in newOrder only.
  SmallVector<Operation *> annotated;
  SmallVector<StringRef> units;
  SmallVector<double> starts;
  unsigned numCandidates = 0, numEvaluated = 0;
  /// Among the function's schedulable blocks, as in the debug output's
  /// @f#N.
  unsigned index = 0;
  /// No candidate beat the original order on the target.
  bool keptOriginal = false;
  double proxyBefore = 0, proxyAfter = 0;
  double targetBefore = 0, targetAfter = 0;
  /// Set with the gantt option.
  std::unique_ptr<GanttRecord> gantt;
};

/// "<op name>@<line>:<col>" (or the name alone without a file location).
std::string describeOp(Operation *op) {
  if (auto loc = dyn_cast<FileLineColLoc>(op->getLoc()))
    return llvm::formatv("{0}@{1}:{2}", op->getName().getStringRef(),
                         loc.getLine(), loc.getColumn())
        .str();
  return op->getName().getStringRef().str();
}

/// Makespans summed over a function's blocks, for the report.
struct FunctionSummary {
  unsigned numOps = 0, numBlocks = 0, numCandidates = 0, numEvaluated = 0;
  unsigned numKept = 0;
  unsigned numFallbacks = 0;
  double proxyBefore = 0, proxyAfter = 0;
  double targetBefore = 0, targetAfter = 0;

  void add(const BlockPlan &plan) {
    numOps += plan.annotated.size();
    ++numBlocks;
    numCandidates += plan.numCandidates;
    numEvaluated += plan.numEvaluated;
    numKept += plan.keptOriginal;
    proxyBefore += plan.proxyBefore;
    proxyAfter += plan.proxyAfter;
    targetBefore += plan.targetBefore;
    targetAfter += plan.targetAfter;
  }
};

uint64_t toNanoseconds(double microseconds) {
  return static_cast<uint64_t>(std::llround(microseconds * 1000));
}

double roundToNanoseconds(double microseconds) {
  return std::round(microseconds * 1000) / 1000;
}

/// The new block order: ops by predicted start, ties in original order. Since
/// every dependency points forward in the original order and a consumer
/// starts no earlier than its producer finishes, this respects every edge.
SmallVector<NodeId> orderByStart(ArrayRef<double> starts) {
  SmallVector<NodeId> order(starts.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::stable_sort(order,
                    [&](NodeId a, NodeId b) { return starts[a] < starts[b]; });
  return order;
}

struct GFlowNetSchedulePass
    : public gfsched::impl::GFlowNetScheduleBase<GFlowNetSchedulePass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override;
  void runOnOperation() override;

private:
  LogicalResult validateOptions(Location loc);
  BlockSchedulerOptions getSchedulerOptions() const;
  LogicalResult loadPolicyModel(Location loc);
  FailureOr<BlockPlan> planBlock(Block &block, StringRef streamKey,
                                 AliasAnalysis &aliasAnalysis,
                                 FunctionState &state);
  LogicalResult applyPlans(ArrayRef<BlockPlan> plans,
                           AliasAnalysis &aliasAnalysis);
  void annotatePlan(const BlockPlan &plan);
  void emitReport(func::FuncOp func, const FunctionSummary &summary);
  std::unique_ptr<GanttRecord>
  makeGanttRecord(const DepGraph &graph, ArrayRef<Operation *> ops,
                  ModelKind kind, uint64_t noiseSeed, const Schedule &before,
                  const Schedule &chosen);
  LogicalResult writeGanttChart(func::FuncOp func, ArrayRef<BlockPlan> plans);
  void emitOptimizationRemark(func::FuncOp func, const FunctionSummary &summary,
                              double seconds);

  // Parsed from the options in initialize(); shared by the clones that run
  // on other threads.
  std::shared_ptr<const Device> deviceModel;
  std::shared_ptr<const GFlowNetModel> policyModel;
  ModelKind targetKind = ModelKind::Full;
  PolicyKind policyKind = PolicyKind::List;
};

LogicalResult GFlowNetSchedulePass::validateOptions(Location loc) {
  auto fail = [&]() { return emitError(loc) << "gflownet-schedule: "; };
  if (mode != "best" && mode != "sample")
    return fail() << "unknown mode '" << mode.getValue()
                  << "' (expected best or sample)";
  std::optional<PolicyKind> parsedPolicy = parsePolicyKind(policy);
  if (!parsedPolicy)
    return fail() << "unknown policy '" << policy.getValue()
                  << "' (expected gflownet, list or random)";
  policyKind = *parsedPolicy;
  if (llvm::Error error = getSchedulerOptions().validate())
    return fail() << llvm::toString(std::move(error));
  if (!gantt.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(gantt))
      return fail() << "cannot create the gantt folder '" << gantt.getValue()
                    << "': " << ec.message();

  std::optional<ModelKind> kind = parseModelKind(target);
  if (!kind)
    return fail() << "unknown target '" << target.getValue()
                  << "' (expected proxy, noisy, bandwidth, latency or full)";
  targetKind = *kind;

  if (policyKind != PolicyKind::GFlowNet) {
    if (!model.empty())
      return fail() << "model=" << model.getValue()
                    << " is only used by policy=gflownet";
  } else if (failed(loadPolicyModel(loc))) {
    return failure();
  }

  llvm::Expected<Device> loaded = loadDevice(device);
  if (!loaded)
    return fail() << llvm::toString(loaded.takeError());
  deviceModel = std::make_shared<const Device>(std::move(*loaded));
  return success();
}

BlockSchedulerOptions GFlowNetSchedulePass::getSchedulerOptions() const {
  BlockSchedulerOptions options;
  options.policy = policyKind;
  options.temperature = temp;
  options.samples = samples;
  options.topK = topk;
  options.sampleMode = mode == "sample";
  options.keep.spread = spread;
  options.keep.localShare = local;
  options.exploreShare = explore;
  options.window = window;
  options.budget = budget;
  options.seed = seed;
  return options;
}

LogicalResult GFlowNetSchedulePass::loadPolicyModel(Location loc) {
  llvm::Expected<std::unique_ptr<GFlowNetModel>> loaded =
      model.empty() ? GFlowNetModel::loadEmbedded()
                    : GFlowNetModel::loadFile(model);
  if (!loaded)
    return emitError(loc) << "gflownet-schedule: "
                          << llvm::toString(loaded.takeError());
  policyModel = std::move(*loaded);
  // MLIR already runs one function per thread; torch must not add its own.
  if (llvm::Error error = setTorchThreads(1))
    return emitError(loc) << "gflownet-schedule: "
                          << llvm::toString(std::move(error));
  return success();
}

LogicalResult GFlowNetSchedulePass::initialize(MLIRContext *context) {
  return validateOptions(UnknownLoc::get(context));
}

static double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

FailureOr<BlockPlan>
GFlowNetSchedulePass::planBlock(Block &block, StringRef streamKey,
                                AliasAnalysis &aliasAnalysis,
                                FunctionState &state) {
  FailureOr<SchedulingGraph> extracted =
      extractSchedulingGraph(block, aliasAnalysis);
  if (failed(extracted))
    return failure();
  const DepGraph &graph = extracted->graph;

  Operation *anchor = block.getParentOp();
  llvm::Expected<Problem> problem = Problem::create(graph, *deviceModel);
  if (!problem)
    return anchor->emitError()
           << "gflownet-schedule: " << llvm::toString(problem.takeError());

  GFSCHED_DEBUG(DEBUG_TYPE,
                printGraphStats(state.log, streamKey, *extracted, *problem,
                                state.scheduler.countWindows(graph.size())));

  BlockPlan plan;
  plan.block = &block;
  plan.originalOrder = extracted->movable;
  if (graph.size() == 0) {
    plan.newOrder = plan.originalOrder;
    return plan;
  }
  std::optional<DebugLogObserver> observer;
  GFSCHED_DEBUG(DEBUG_TYPE, observer.emplace(state.log));
  llvm::Expected<BlockChoice> choice = state.scheduler.schedule(
      *problem, streamKey, targetKind, observer ? &*observer : nullptr);
  if (!choice)
    return anchor->emitError()
           << "gflownet-schedule: " << llvm::toString(choice.takeError());

  const Choice &chosen = choice->chosen;
  plan.numCandidates = chosen.numCandidates;
  plan.numEvaluated = chosen.numEvaluated;
  plan.keptOriginal = choice->rejectedTarget.has_value();
  plan.proxyBefore = choice->proxyBefore;
  plan.targetBefore = choice->targetBefore;
  plan.proxyAfter = chosen.proxy.makespan;
  plan.targetAfter = chosen.target.makespan;
  GFSCHED_DEBUG(
      DEBUG_TYPE,
      printBlockResult(state.log, streamKey,
                       {plan.proxyBefore, plan.proxyAfter, plan.targetBefore,
                        plan.targetAfter, choice->rejectedTarget}));
  SmallVector<Operation *> scheduled;
  for (NodeId node : orderByStart(chosen.target.start)) {
    Operation *op = extracted->ops[node];
    scheduled.push_back(op);
    plan.annotated.push_back(op);
    plan.units.push_back(deviceModel->unitName(chosen.schedule.unitOf(node)));
    plan.starts.push_back(roundToNanoseconds(chosen.target.start[node]));
  }
  plan.newOrder = interleaveDeferredOps(scheduled, extracted->deferred);
  if (!gantt.empty())
    plan.gantt = makeGanttRecord(graph, extracted->ops, targetKind,
                                 state.scheduler.getTargetNoiseSeed(streamKey),
                                 choice->original, chosen.schedule);
  return plan;
}

std::unique_ptr<GanttRecord> GFlowNetSchedulePass::makeGanttRecord(
    const DepGraph &graph, ArrayRef<Operation *> ops, ModelKind kind,
    uint64_t noiseSeed, const Schedule &before, const Schedule &chosen) {
  auto record = std::make_unique<GanttRecord>();
  record->graph = graph;
  record->problem = std::make_unique<Problem>(
      cantFail(Problem::create(record->graph, *deviceModel)));
  record->target =
      std::make_unique<LatencyModel>(*record->problem, kind, noiseSeed);
  record->before = before;
  record->chosen = chosen;
  record->beforeTiming = *record->target->simulate(before);
  record->chosenTiming = *record->target->simulate(chosen);
  for (Operation *op : ops)
    record->labels.push_back(describeOp(op));
  return record;
}

LogicalResult GFlowNetSchedulePass::writeGanttChart(func::FuncOp func,
                                                    ArrayRef<BlockPlan> plans) {
  constexpr double kWidth = 1100;
  auto charted = llvm::make_filter_range(
      plans, [](const BlockPlan &plan) { return bool(plan.gantt); });
  double height = 40;
  for (const BlockPlan &plan : charted)
    height += 30 + getGanttPanelsHeight(*plan.gantt->problem, 2);
  SvgDocument svg(kWidth, height);
  svg.text(kWidth / 2, 24,
           llvm::formatv("@{0} on {1}: each block in its original order's "
                         "schedule and in the chosen one, on the {2} target "
                         "(dashed: transfers)",
                         func.getSymName(), deviceModel->name,
                         getModelKindName(targetKind))
               .str(),
           "middle", 14, "font-weight=\"bold\"");
  double top = 40;
  for (const BlockPlan &plan : charted) {
    const GanttRecord &record = *plan.gantt;
    svg.text(20, top + 20, llvm::formatv("block {0}", plan.index).str(),
             "start", 13);
    top += 30;
    GanttPanel panels[] = {
        {llvm::formatv("original order: makespan {0:F2} us",
                       record.beforeTiming.makespan),
         &record.before, record.beforeTiming},
        {llvm::formatv("chosen schedule (policy={0}): makespan {1:F2} us",
                       policy.getValue(), record.chosenTiming.makespan),
         &record.chosen, record.chosenTiming}};
    top += drawGanttPanels(svg, *record.problem, *record.target, panels,
                           record.labels, top, kWidth);
  }
  // A quoted symbol may hold any character: keep the file in the folder.
  std::string fileName = func.getSymName().str();
  for (char &c : fileName)
    if (!llvm::isAlnum(c) && c != '_' && c != '.' && c != '-')
      c = '_';
  llvm::SmallString<256> path(gantt.getValue());
  llvm::sys::path::append(path, fileName + ".svg");
  if (llvm::Error error = svg.write(path))
    return emitError(func.getLoc())
           << "gflownet-schedule: " << llvm::toString(std::move(error));
  return success();
}

void GFlowNetSchedulePass::annotatePlan(const BlockPlan &plan) {
  for (auto [op, unit, start] :
       llvm::zip_equal(plan.annotated, plan.units, plan.starts)) {
    Builder builder(op->getContext());
    op->setDiscardableAttr(kUnitAttrName, builder.getStringAttr(unit));
    op->setDiscardableAttr(kStartAttrName, builder.getF64FloatAttr(start));
  }
}

LogicalResult GFlowNetSchedulePass::applyPlans(ArrayRef<BlockPlan> plans,
                                               AliasAnalysis &aliasAnalysis) {
#ifndef NDEBUG
  bool check = true;
#else
  bool check = checkDeps;
#endif
  for (auto [index, plan] : llvm::enumerate(plans)) {
    applyOrder(*plan.block, plan.newOrder);
    if (!check || succeeded(verifyReorder(*plan.block, plan.originalOrder,
                                          aliasAnalysis)))
      continue;
    // Put every block touched so far back as it was.
    for (const BlockPlan &done : plans.take_front(index + 1))
      applyOrder(*done.block, done.originalOrder);
    return failure();
  }
  if (annotate)
    for (const BlockPlan &plan : plans)
      annotatePlan(plan);
  return success();
}

void GFlowNetSchedulePass::emitReport(func::FuncOp func,
                                      const FunctionSummary &summary) {
  // A location-based remark: attaching the op would print the whole function.
  emitRemark(func.getLoc()) << llvm::formatv(
      "gflownet-schedule: {0} ops in {1} block(s) on {2} ({3} units), "
      "policy={4}, {5} candidate(s): proxy makespan {6:F2} us -> {7:F2} us "
      "({8}), target({9}) {10:F2} us -> {11:F2} us ({12}){13}",
      summary.numOps, summary.numBlocks, deviceModel->name,
      deviceModel->numUnits(), policy.getValue(), summary.numCandidates,
      summary.proxyBefore, summary.proxyAfter,
      formatSpeedup(summary.proxyBefore, summary.proxyAfter), target.getValue(),
      summary.targetBefore, summary.targetAfter,
      formatSpeedup(summary.targetBefore, summary.targetAfter),
      (summary.numKept
           ? llvm::formatv("; {0} block(s) kept the schedule of the original "
                           "order, no candidate being faster on the target",
                           summary.numKept)
                 .str()
           : std::string()) +
          (summary.numFallbacks
               ? llvm::formatv("; {0} window(s) beyond the budget used list "
                               "scheduling",
                               summary.numFallbacks)
                     .str()
               : std::string()));
}

void GFlowNetSchedulePass::emitOptimizationRemark(
    func::FuncOp func, const FunctionSummary &summary, double seconds) {
  // Structured remarks (mlir/IR/Remarks.h): a no-op unless the tool enables
  // them, e.g. gfsched-opt --remarks-filter=gflownet-schedule.
  auto opts = remark::RemarkOpts::name("Scheduled")
                  .category(getArgument())
                  .function(func.getSymName());
  auto ratio = [](double before, double after) {
    return after > 0 ? before / after : 0.0;
  };
  remark::passed(func.getLoc(), opts)
      << remark::add("scheduled {0} ops in {1} block(s) on {2}", summary.numOps,
                     summary.numBlocks, deviceModel->name)
      << remark::metric("Ops", summary.numOps)
      << remark::metric("Blocks", summary.numBlocks)
      << remark::metric("CandidatesDrawn", summary.numCandidates)
      << remark::metric("CandidatesEvaluated", summary.numEvaluated)
      << remark::metric("ProxyBeforeUs", summary.proxyBefore)
      << remark::metric("ProxyAfterUs", summary.proxyAfter)
      << remark::metric("ProxySpeedup",
                        ratio(summary.proxyBefore, summary.proxyAfter))
      << remark::metric("TargetBeforeUs", summary.targetBefore)
      << remark::metric("TargetAfterUs", summary.targetAfter)
      << remark::metric("TargetSpeedup",
                        ratio(summary.targetBefore, summary.targetAfter))
      << remark::metric("Seconds", seconds);
  if (summary.numKept)
    remark::missed(func.getLoc(), opts)
        << remark::reason("{0} block(s) kept the schedule of the original "
                          "order: no candidate was faster on the target",
                          summary.numKept);
  if (summary.numFallbacks)
    remark::missed(func.getLoc(), opts)
        << remark::reason("{0} window(s) beyond the budget used list "
                          "scheduling",
                          summary.numFallbacks)
        << remark::suggest("raise budget= or lower samples=");
}

/// Whether an op's cost rests on assumptions: a dynamic dimension (counted as
/// CostModelOptions::dynamicDimSize) or an op the cost model does not know
/// (unregistered, so also a barrier).
static std::optional<std::string> describeCostAssumption(Operation *op) {
  if (!op->isRegistered())
    return std::string("unregistered op: costed as one launch, ordered with "
                       "every op that touches memory");
  auto isDynamic = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && !shaped.hasStaticShape();
  };
  if (llvm::any_of(op->getOperandTypes(), isDynamic) ||
      llvm::any_of(op->getResultTypes(), isDynamic))
    return llvm::formatv("dynamic shape: each dynamic dimension costed as {0}",
                         CostModelOptions().dynamicDimSize)
        .str();
  return std::nullopt;
}

/// Analysis remarks at the ops whose durations are guesses, so that a user
/// can tell why a schedule looks odd (--remarks-filter-analyse).
void emitCostAssumptionRemarks(func::FuncOp func, llvm::StringRef category) {
  auto opts = remark::RemarkOpts::name("CostAssumed")
                  .category(category)
                  .function(func.getSymName());
  func.getFunctionBody().walk([&](Operation *op) {
    // Terminators are not scheduled, a given duration assumes nothing, and
    // free metadata ops (tensor.dim, tensor.empty) cost nothing either way.
    if (op == &op->getBlock()->back() && op->getBlock()->mightHaveTerminator())
      return;
    if (op->hasAttr(kCostAttrName))
      return;
    FailureOr<OpCost> cost = estimateOpCost(op);
    if (succeeded(cost) && cost->opClass == OpClass::Meta)
      return;
    if (std::optional<std::string> reason = describeCostAssumption(op))
      remark::analysis(op->getLoc(), opts)
          << remark::reason("{0}: {1}", op->getName().getStringRef(), *reason);
  });
}

void GFlowNetSchedulePass::runOnOperation() {
  auto started = std::chrono::steady_clock::now();
  func::FuncOp func = getOperation();
  AliasAnalysis &aliasAnalysis = getAnalysis<AliasAnalysis>();
  MLIRContext &context = getContext();
  llvm::ThreadPoolInterface *pool =
      context.isMultithreadingEnabled() ? &context.getThreadPool() : nullptr;
  // The options were validated in initialize().
  FunctionState state{cantFail(BlockScheduler::create(getSchedulerOptions(),
                                                      policyModel, pool)),
                      {}};

  // Every gfsched.cost of the function, on a scheduled op or not, before
  // anything is planned: a malformed one is an error wherever it is.
  WalkResult checked = func.getFunctionBody().walk([](Operation *op) {
    return failed(checkCostOverride(op)) ? WalkResult::interrupt()
                                         : WalkResult::advance();
  });
  if (checked.wasInterrupted())
    return signalPassFailure();

  SmallVector<Block *> blocks = getSchedulableBlocks(func.getFunctionBody());
  GFSCHED_DEBUG(DEBUG_TYPE,
                printFunctionStart(state.log, func.getSymName(), blocks.size(),
                                   getSchedulerOptions(), *deviceModel,
                                   targetKind));

  std::vector<BlockPlan> plans;
  FunctionSummary summary;
  for (auto [index, block] : llvm::enumerate(blocks)) {
    std::string streamKey = (func.getSymName() + "#" + Twine(index)).str();
    FailureOr<BlockPlan> plan =
        planBlock(*block, streamKey, aliasAnalysis, state);
    if (failed(plan))
      return signalPassFailure();
    plan->index = index;
    // A block whose ops are all negligible has nothing to schedule.
    if (plan->annotated.empty())
      continue;
    summary.add(*plan);
    plans.push_back(std::move(*plan));
  }
  // The chart before the rewrite: failing to write it must leave the IR as
  // it was.
  if (!plans.empty() && !gantt.empty() && failed(writeGanttChart(func, plans)))
    return signalPassFailure();
  if (failed(applyPlans(plans, aliasAnalysis)))
    return signalPassFailure();
  summary.numFallbacks = state.scheduler.getNumFallbacks();
  GFSCHED_DEBUG(DEBUG_TYPE,
                printFunctionEnd(state.log, func.getSymName(), summary.numOps,
                                 summary.numBlocks, summary.numCandidates,
                                 summary.numFallbacks, secondsSince(started)));

  numOpsScheduled += summary.numOps;
  numBlocksScheduled += summary.numBlocks;
  numCandidates += summary.numCandidates;
  numBlocksKept += summary.numKept;
  proxyBeforeNs += toNanoseconds(summary.proxyBefore);
  proxyAfterNs += toNanoseconds(summary.proxyAfter);
  targetBeforeNs += toNanoseconds(summary.targetBefore);
  targetAfterNs += toNanoseconds(summary.targetAfter);
  if (plans.empty())
    return markAllAnalysesPreserved();
  if (func.getContext()->getRemarkEngine())
    emitCostAssumptionRemarks(func, getArgument());
  if (report)
    emitReport(func, summary);
  emitOptimizationRemark(func, summary, secondsSince(started));
}

} // namespace
