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

#include "gfsched/Candidates/Candidates.h"
#include "gfsched/Device/Device.h"
#include "gfsched/GFlowNet/Model.h"
#include "gfsched/MLIR/BlockGraph.h"
#include "gfsched/MLIR/CostModel.h"
#include "gfsched/MLIR/Reorder.h"
#include "gfsched/Schedule/Gantt.h"
#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"
#include "gfsched/Search/Schedulers.h"
#include "gfsched/Support/Debug.h"
#include "gfsched/Support/Parallel.h"
#include "gfsched/Support/Random.h"

#include "mlir/Analysis/AliasAnalysis.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Remarks.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <cmath>
#include <limits>
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

/// What the pass tracks while it schedules one function: where candidates
/// come from, how much sampling work it may still spend, and its debug
/// output. The budget is counted in op-samples (ops x samples), not seconds,
/// so that the output never depends on the machine or its load.
struct FunctionState {
  CandidateSource &policy;
  /// The list scheduler: for windows beyond the budget.
  CandidateSource &fallback;
  /// MLIR's, when threading is on: candidates are checked and simulated on
  /// it too.
  llvm::ThreadPoolInterface *pool;
  uint64_t remainingOpSamples;
  unsigned numFallbacks = 0;
  /// Filled only with -debug-only=gflownet-schedule (or -debug).
  DebugLog log;
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

std::string formatRatio(double before, double after) {
  return after > 0 ? llvm::formatv("{0:F2}x", before / after).str() : "-";
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
  /// How many windows a block of `numOps` scheduled ops is cut into. List
  /// scheduling is O(n log n) and needs no window.
  unsigned countWindows(unsigned numOps) const {
    if (numOps <= window || policyKind == PolicyKind::List)
      return 1;
    return llvm::divideCeil(numOps, window);
  }
  FunctionSettings getSettings() const;
  /// How the GFlowNet source draws (explore).
  SamplingOptions getSamplingOptions() const;
  /// Which candidates are judged on the target (spread, local).
  KeepPolicy getKeepPolicy() const;
  LogicalResult loadPolicyModel(Location loc);
  FailureOr<BlockPlan> planBlock(Block &block, StringRef streamKey,
                                 AliasAnalysis &aliasAnalysis,
                                 FunctionState &state);
  FailureOr<std::vector<Schedule>> drawCandidates(const Problem &problem,
                                                  StringRef streamKey,
                                                  FunctionState &state,
                                                  Operation *anchor);
  FailureOr<Choice> chooseInWindow(const Problem &problem, StringRef streamKey,
                                   const LatencyModel &proxy,
                                   const LatencyModel &target,
                                   FunctionState &state, Operation *anchor);
  FailureOr<Choice> chooseSchedule(const Problem &problem, StringRef streamKey,
                                   const LatencyModel &proxy,
                                   const LatencyModel &target,
                                   FunctionState &state, Operation *anchor);
  /// The windows of a block are chosen without knowing what runs before
  /// them, so their concatenation `joined` leaves units idle at the seams
  /// while ops of the next window could already run. With policy=gflownet,
  /// tightening it as a sample (a replay in the order of its proxy starts,
  /// never longer on the proxy) closes them: that is the result with
  /// mode=sample. With mode=best, the join, its tightened forms and the
  /// whole block's heuristic candidates (judgeHeuristicSchedules) are judged
  /// on the target and the fastest wins, so that a windowed block, like a
  /// window, is never slower there than list scheduling makes it. Fills the
  /// makespans of `report` if given.
  Choice joinWindows(const Problem &problem, Schedule joined,
                     const LatencyModel &proxy, const LatencyModel &target,
                     FunctionState &state, JoinReport *report) const;
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
  bool sampleMode = false;
};

LogicalResult GFlowNetSchedulePass::validateOptions(Location loc) {
  auto fail = [&]() { return emitError(loc) << "gflownet-schedule: "; };
  // Pass options are cl::opt objects: print their values, not the options.
  double temperature = temp;
  unsigned numSamples = samples, numKept = topk;
  if (!(temperature > 0) || !std::isfinite(temperature))
    return fail() << "temp must be a finite number > 0, got " << temperature;
  if (numSamples == 0)
    return fail() << "samples must be at least 1";
  if (numKept == 0)
    return fail() << "topk must be at least 1";
  double spreadFraction = spread;
  if (!(spreadFraction >= 0) || !std::isfinite(spreadFraction))
    return fail() << "spread must be a finite number >= 0, got "
                  << spreadFraction;
  double localShare = local;
  if (!KeepPolicy::isValidLocalShare(localShare))
    return fail() << "local must be a share in [0, 1), got " << localShare;
  double exploreShare = explore;
  if (!SamplingOptions::isValidExploreShare(exploreShare))
    return fail() << "explore must be a share in [0, 1], got " << exploreShare;
  if (numKept > numSamples)
    return fail() << "topk (" << numKept << ") cannot exceed samples ("
                  << numSamples << ")";
  if (window == 0)
    return fail() << "window must be at least 1";
  if (!gantt.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(gantt))
      return fail() << "cannot create the gantt folder '" << gantt.getValue()
                    << "': " << ec.message();
  if (mode != "best" && mode != "sample")
    return fail() << "unknown mode '" << mode.getValue()
                  << "' (expected best or sample)";
  sampleMode = mode == "sample";

  std::optional<ModelKind> kind = parseModelKind(target);
  if (!kind)
    return fail() << "unknown target '" << target.getValue()
                  << "' (expected proxy, noisy, bandwidth, latency or full)";
  targetKind = *kind;

  std::optional<PolicyKind> parsedPolicy = parsePolicyKind(policy);
  if (!parsedPolicy)
    return fail() << "unknown policy '" << policy.getValue()
                  << "' (expected gflownet, list or random)";
  policyKind = *parsedPolicy;
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

KeepPolicy GFlowNetSchedulePass::getKeepPolicy() const {
  KeepPolicy policy;
  policy.spread = spread;
  policy.localShare = local;
  return policy;
}

SamplingOptions GFlowNetSchedulePass::getSamplingOptions() const {
  SamplingOptions sampling;
  sampling.exploreShare = explore;
  // mode=sample delivers its one draw as tightened; mode=best judges the
  // drawn schedules and the transfer-aware replays too.
  sampling.keepDrawn = !sampleMode;
  sampling.keepReplays = !sampleMode;
  return sampling;
}

FunctionSettings GFlowNetSchedulePass::getSettings() const {
  FunctionSettings settings;
  settings.policy = policy;
  settings.device = deviceModel->name;
  settings.numUnits = deviceModel->numUnits();
  settings.target = target;
  settings.mode = mode;
  settings.samples = samples;
  settings.topk = topk;
  settings.spread = spread;
  settings.local = local;
  settings.explore = explore;
  settings.window = window;
  settings.budget = budget;
  return settings;
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

/// The first of `candidates` that verify() rejects. They are checked on
/// `pool` (a thousand or more per window); the message is made again for the
/// one reported.
static std::optional<size_t>
findInvalidSchedule(const Problem &problem, ArrayRef<Schedule> candidates,
                    llvm::ThreadPoolInterface *pool) {
  constexpr unsigned kChecksPerTask = 64;
  std::vector<char> isInvalid(candidates.size());
  forEachChunk(pool, candidates.size(), kChecksPerTask,
               [&](unsigned begin, unsigned end) {
                 for (unsigned i = begin; i < end; ++i)
                   isInvalid[i] = errorToBool(verify(problem, candidates[i]));
               });
  auto first = llvm::find(isInvalid, true);
  if (first == isInvalid.end())
    return std::nullopt;
  return first - isInvalid.begin();
}

FailureOr<std::vector<Schedule>>
GFlowNetSchedulePass::drawCandidates(const Problem &problem,
                                     StringRef streamKey, FunctionState &state,
                                     Operation *anchor) {
  Rng rng(deriveSeed(seed, streamKey));
  unsigned count = sampleMode ? 1 : samples;
  CandidateSource *source = &state.policy;
  uint64_t work = uint64_t(problem.numOps()) * count;
  if (policyKind != PolicyKind::List) {
    if (work > state.remainingOpSamples) {
      // Once over, stay over: every later window uses list scheduling.
      state.remainingOpSamples = 0;
      source = &state.fallback;
      ++state.numFallbacks;
    } else {
      state.remainingOpSamples -= work;
    }
  }
  llvm::Expected<std::vector<Schedule>> candidates =
      source->draw(problem, count, temp, rng);
  if (!candidates)
    return anchor->emitError()
           << "gflownet-schedule: " << llvm::toString(candidates.takeError());
  if (candidates->empty())
    return anchor->emitError()
           << "gflownet-schedule: policy=" << policy.getValue()
           << " drew no schedule";
  if (std::optional<size_t> invalid =
          findInvalidSchedule(problem, *candidates, state.pool))
    return anchor->emitError()
           << "gflownet-schedule: policy=" << policy.getValue()
           << " produced an invalid schedule: "
           << llvm::toString(verify(problem, (*candidates)[*invalid]));
  return std::move(*candidates);
}

/// Appends the four forms of `schedule` that tightening gives under each
/// transfer hypothesis of the device: the tightened schedule and the
/// transfer-aware replay.
static void appendTightenedForms(const Problem &problem,
                                 const Schedule &schedule,
                                 std::vector<Schedule> &forms) {
  for (size_t hypothesis = 0; hypothesis < 2; ++hypothesis) {
    TightenedSample tightened = tightenSampleWithReplay(
        problem, schedule,
        getTighteningTransfer(problem.getDevice(), hypothesis));
    forms.push_back(std::move(tightened.tightened));
    forms.push_back(std::move(tightened.transferAwareReplay));
  }
}

/// The heuristic candidates, judged on the target beside the sampled ones:
/// the list schedule, strong on chain-like graphs, where spreading ops over
/// units only adds transfers, and the forms tightening gives it and the
/// original order's schedule (programOrderSchedule), which keep more data on
/// its unit and, on a device whose units differ, let an op wait for a faster
/// one. They cost microseconds. The fastest replaces `best` if it is strictly
/// faster there. Returns its target makespan.
static double judgeHeuristicSchedules(const Problem &problem,
                                      const LatencyModel &proxy,
                                      const LatencyModel &target,
                                      Choice &best) {
  Schedule list = listSchedule(problem);
  std::vector<Schedule> forms;
  appendTightenedForms(problem, list, forms);
  forms.insert(forms.begin(), std::move(list));
  appendTightenedForms(problem, programOrderSchedule(problem), forms);
  double fastest = std::numeric_limits<double>::infinity();
  for (Schedule &form : forms) {
    std::optional<Timing> timing = target.simulate(form);
    ++best.numEvaluated;
    fastest = std::min(fastest, timing->makespan);
    if (timing->makespan < best.target.makespan) {
      best.proxy = *proxy.simulate(form);
      best.target = std::move(*timing);
      best.schedule = std::move(form);
    }
  }
  return fastest;
}

static double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

FailureOr<Choice> GFlowNetSchedulePass::chooseInWindow(
    const Problem &problem, StringRef streamKey, const LatencyModel &proxy,
    const LatencyModel &target, FunctionState &state, Operation *anchor) {
  auto started = std::chrono::steady_clock::now();
  FailureOr<std::vector<Schedule>> candidates =
      drawCandidates(problem, streamKey, state, anchor);
  if (failed(candidates))
    return failure();
  unsigned numKept = sampleMode ? 1 : topk;
  KeepPolicy keepPolicy = getKeepPolicy();
  // Summarizing simulates every candidate once more, so it is done, and the
  // report printed, only with debug output on.
  std::optional<CandidateSummary> summary;
  GFSCHED_DEBUG(DEBUG_TYPE,
                summary = summarizeCandidates(*candidates, numKept, proxy,
                                              keepPolicy, state.pool));
  Choice best = chooseBest(std::move(*candidates), numKept, proxy, target,
                           keepPolicy, state.pool);
  WindowPick pick = sampleMode                       ? WindowPick::SingleDraw
                    : policyKind == PolicyKind::List ? WindowPick::ListPolicy
                                                     : WindowPick::BestOfTopK;
  double bestDrawnTarget = best.target.makespan;
  std::optional<double> heuristicTarget;
  if (pick == WindowPick::BestOfTopK) {
    heuristicTarget = judgeHeuristicSchedules(problem, proxy, target, best);
    if (*heuristicTarget < bestDrawnTarget)
      pick = WindowPick::Heuristic;
  }
  if (summary)
    printWindowReport(
        state.log, streamKey,
        {std::move(*summary), pick, bestDrawnTarget, heuristicTarget,
         target.makespan(programOrderSchedule(problem)), best.proxy.makespan,
         best.target.makespan, secondsSince(started)});
  return best;
}

FailureOr<Choice> GFlowNetSchedulePass::chooseSchedule(
    const Problem &problem, StringRef streamKey, const LatencyModel &proxy,
    const LatencyModel &target, FunctionState &state, Operation *anchor) {
  unsigned numOps = problem.numOps();
  if (countWindows(numOps) == 1)
    return chooseInWindow(problem, streamKey, proxy, target, state, anchor);
  // A large block is scheduled window by window (planWindows: balanced, at
  // most `window` ops each), each window's chains appended to the previous
  // ones: every dependency between windows points forward, so the
  // concatenation is a schedule of the whole block, and the cost grows
  // linearly with the block. joinWindows() then closes the seams.
  const DepGraph &graph = problem.getGraph();
  Schedule joined(numOps, problem.numUnits());
  unsigned numCandidates = 0, numEvaluated = 0;
  for (auto [index, span] : llvm::enumerate(planWindows(numOps, window))) {
    auto [first, count] = span;
    DepGraph windowGraph = extractWindow(graph, first, count);
    Problem windowProblem =
        cantFail(Problem::create(windowGraph, problem.getDevice()));
    std::string windowKey = (streamKey + "/window" + Twine(index)).str();
    LatencyModel windowProxy(windowProblem, ModelKind::Proxy);
    LatencyModel windowTarget(windowProblem, target.getKind(),
                              deriveSeed(seed, windowKey + "/target"));
    FailureOr<Choice> choice = chooseInWindow(
        windowProblem, windowKey, windowProxy, windowTarget, state, anchor);
    if (failed(choice))
      return failure();
    numCandidates += choice->numCandidates;
    numEvaluated += choice->numEvaluated;
    llvm::ArrayRef<NodeId> ids = graph.topologicalOrder().slice(first, count);
    for (unsigned unit = 0; unit < problem.numUnits(); ++unit)
      for (NodeId node : choice->schedule.unitOrder(unit))
        joined.append(ids[node], unit);
  }
  std::optional<JoinReport> report;
  GFSCHED_DEBUG(DEBUG_TYPE, report.emplace());
  Choice result = joinWindows(problem, std::move(joined), proxy, target, state,
                              report ? &*report : nullptr);
  result.numCandidates = numCandidates;
  result.numEvaluated += numEvaluated;
  if (report) {
    report->numWindows = countWindows(numOps);
    report->chosenProxy = result.proxy.makespan;
    report->chosenTarget = result.target.makespan;
    printJoinReport(state.log, streamKey, *report);
  }
  return result;
}

Choice GFlowNetSchedulePass::joinWindows(const Problem &problem,
                                         Schedule joined,
                                         const LatencyModel &proxy,
                                         const LatencyModel &target,
                                         FunctionState &state,
                                         JoinReport *report) const {
  if (report) {
    report->joinedProxy = proxy.makespan(joined);
    report->joinedTarget = target.makespan(joined);
  }
  // The join is tightened as the windows' samples were: policy=random's
  // are delivered as drawn.
  bool tighten = policyKind == PolicyKind::GFlowNet;
  const Device &device = problem.getDevice();
  if (sampleMode) {
    Choice sample;
    sample.schedule = tighten ? tightenSample(problem, joined,
                                              getTighteningTransfer(device, 0))
                              : std::move(joined);
    sample.proxy = *proxy.simulate(sample.schedule);
    sample.target = *target.simulate(sample.schedule);
    return sample;
  }
  std::vector<Schedule> candidates;
  if (tighten)
    appendTightenedForms(problem, joined, candidates);
  candidates.push_back(std::move(joined));
  unsigned numCandidates = candidates.size();
  Choice best = chooseBest(std::move(candidates), numCandidates, proxy, target,
                           KeepPolicy(), state.pool);
  double heuristicTarget =
      judgeHeuristicSchedules(problem, proxy, target, best);
  if (report)
    report->heuristicTarget = heuristicTarget;
  return best;
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
                                countWindows(graph.size())));

  BlockPlan plan;
  plan.block = &block;
  plan.originalOrder = extracted->movable;
  if (graph.size() == 0) {
    plan.newOrder = plan.originalOrder;
    return plan;
  }
  LatencyModel proxy(*problem, ModelKind::Proxy);
  LatencyModel target(*problem, targetKind,
                      deriveSeed(seed, (streamKey + "/target").str()));
  FailureOr<Choice> choice =
      chooseSchedule(*problem, streamKey, proxy, target, state, anchor);
  if (failed(choice))
    return failure();

  plan.numCandidates = choice->numCandidates;
  plan.numEvaluated = choice->numEvaluated;
  Schedule before = programOrderSchedule(*problem);
  plan.proxyBefore = proxy.makespan(before);
  plan.targetBefore = target.makespan(before);
  // With mode=best the pass never makes a block slower on the target: when
  // no candidate beats the original order, it keeps that order's schedule.
  std::optional<double> rejectedTarget;
  if (!sampleMode && choice->target.makespan > plan.targetBefore) {
    rejectedTarget = choice->target.makespan;
    plan.keptOriginal = true;
    choice->schedule = before;
    choice->proxy = *proxy.simulate(before);
    choice->target = *target.simulate(before);
  }
  plan.proxyAfter = choice->proxy.makespan;
  plan.targetAfter = choice->target.makespan;
  GFSCHED_DEBUG(
      DEBUG_TYPE,
      printBlockResult(state.log, streamKey,
                       {plan.proxyBefore, plan.proxyAfter, plan.targetBefore,
                        plan.targetAfter, rejectedTarget}));
  SmallVector<Operation *> scheduled;
  for (NodeId node : orderByStart(choice->target.start)) {
    Operation *op = extracted->ops[node];
    scheduled.push_back(op);
    plan.annotated.push_back(op);
    plan.units.push_back(deviceModel->unitName(choice->schedule.unitOf(node)));
    plan.starts.push_back(roundToNanoseconds(choice->target.start[node]));
  }
  plan.newOrder = interleaveDeferredOps(scheduled, extracted->deferred);
  if (!gantt.empty())
    plan.gantt =
        makeGanttRecord(graph, extracted->ops, targetKind,
                        deriveSeed(seed, (streamKey + "/target").str()), before,
                        choice->schedule);
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
  for (auto [index, plan] : llvm::enumerate(charted)) {
    const GanttRecord &record = *plan.gantt;
    svg.text(20, top + 20, llvm::formatv("block {0}", index).str(), "start",
             13);
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
  llvm::SmallString<256> path(gantt.getValue());
  llvm::sys::path::append(path, func.getSymName() + ".svg");
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
      formatRatio(summary.proxyBefore, summary.proxyAfter), target.getValue(),
      summary.targetBefore, summary.targetAfter,
      formatRatio(summary.targetBefore, summary.targetAfter),
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
    // Terminators are not scheduled, and free metadata ops (tensor.dim,
    // tensor.empty) cost nothing either way.
    if (op->hasTrait<OpTrait::IsTerminator>())
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
  std::unique_ptr<CandidateSource> source = cantFail(createCandidateSource(
      policyKind, policyModel, pool, getSamplingOptions()));
  std::unique_ptr<CandidateSource> fallback = createListSource();
  FunctionState state{*source, *fallback, pool, budget};

  SmallVector<Block *> blocks = getSchedulableBlocks(func.getFunctionBody());
  GFSCHED_DEBUG(DEBUG_TYPE, printFunctionStart(state.log, func.getSymName(),
                                               blocks.size(), getSettings()));

  std::vector<BlockPlan> plans;
  FunctionSummary summary;
  for (auto [index, block] : llvm::enumerate(blocks)) {
    std::string streamKey = (func.getSymName() + "#" + Twine(index)).str();
    FailureOr<BlockPlan> plan =
        planBlock(*block, streamKey, aliasAnalysis, state);
    if (failed(plan))
      return signalPassFailure();
    // A block whose ops are all negligible has nothing to schedule.
    if (plan->annotated.empty())
      continue;
    summary.add(*plan);
    plans.push_back(std::move(*plan));
  }
  if (failed(applyPlans(plans, aliasAnalysis)))
    return signalPassFailure();
  summary.numFallbacks = state.numFallbacks;
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
  if (!gantt.empty() && failed(writeGanttChart(func, plans)))
    return signalPassFailure();
  emitOptimizationRemark(func, summary, secondsSince(started));
}

} // namespace
