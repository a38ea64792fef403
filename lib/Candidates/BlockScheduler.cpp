//===- BlockScheduler.cpp - The pass's choice for one block ---------------===//

#include "gfsched/Candidates/BlockScheduler.h"

#include "gfsched/Graph/DepGraph.h"
#include "gfsched/Search/Schedulers.h"
#include "gfsched/Support/Parallel.h"
#include "gfsched/Support/Random.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <limits>

using namespace gfsched;

BlockObserver::~BlockObserver() = default;

/// "%g": 0, -0.5, 1.5, as a user would write them.
static std::string formatValue(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

llvm::Error BlockSchedulerOptions::validate() const {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  if (!(temperature > 0) || !std::isfinite(temperature))
    return fail("temp must be a finite number > 0, got " +
                formatValue(temperature));
  if (samples == 0)
    return fail("samples must be at least 1");
  if (topK == 0)
    return fail("topk must be at least 1");
  if (!(keep.spread >= 0) || !std::isfinite(keep.spread))
    return fail("spread must be a finite number >= 0, got " +
                formatValue(keep.spread));
  if (!KeepPolicy::isValidLocalShare(keep.localShare))
    return fail("local must be a share in [0, 1), got " +
                formatValue(keep.localShare));
  if (!SamplingOptions::isValidExploreShare(exploreShare))
    return fail("explore must be a share in [0, 1], got " +
                formatValue(exploreShare));
  if (topK > samples)
    return fail("topk (" + llvm::Twine(topK) + ") cannot exceed samples (" +
                llvm::Twine(samples) + ")");
  if (window == 0)
    return fail("window must be at least 1");
  if (policy == PolicyKind::GFlowNet && window > kMaxGFlowNetWindow)
    return fail("window must be at most " + llvm::Twine(kMaxGFlowNetWindow) +
                " with policy=gflownet, got " + llvm::Twine(window) +
                ": its encoder's memory grows with the square of the window");
  return llvm::Error::success();
}

llvm::Expected<BlockScheduler>
BlockScheduler::create(const BlockSchedulerOptions &options,
                       std::shared_ptr<const GFlowNetModel> model,
                       llvm::ThreadPoolInterface *pool) {
  if (llvm::Error error = options.validate())
    return std::move(error);
  SamplingOptions sampling;
  sampling.exploreShare = options.exploreShare;
  // mode=sample delivers its one draw as tightened; mode=best judges the
  // drawn schedules and the transfer-aware replays too.
  sampling.keepDrawn = !options.sampleMode;
  sampling.keepReplays = !options.sampleMode;
  llvm::Expected<std::unique_ptr<CandidateSource>> policy =
      createCandidateSource(options.policy, std::move(model), pool, sampling);
  if (!policy)
    return policy.takeError();
  return BlockScheduler(options, std::move(*policy), pool);
}

BlockScheduler::BlockScheduler(const BlockSchedulerOptions &options,
                               std::unique_ptr<CandidateSource> policy,
                               llvm::ThreadPoolInterface *pool)
    : options(options), policy(std::move(policy)), fallback(createListSource()),
      pool(pool), remainingOpSamples(options.budget) {}

BlockScheduler::~BlockScheduler() = default;

uint64_t BlockScheduler::getTargetNoiseSeed(llvm::StringRef streamKey) const {
  return deriveSeed(options.seed, (streamKey + "/target").str());
}

unsigned BlockScheduler::countWindows(unsigned numOps) const {
  // List scheduling is O(n log n) and needs no window.
  if (numOps <= options.window || options.policy == PolicyKind::List)
    return 1;
  return llvm::divideCeil(numOps, options.window);
}

/// The first of `candidates` that verify() rejects. They are checked on
/// `pool` (a thousand or more per window); the message is made again for the
/// one reported.
static std::optional<size_t>
findInvalidSchedule(const Problem &problem, llvm::ArrayRef<Schedule> candidates,
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

llvm::Expected<std::vector<Schedule>>
BlockScheduler::drawCandidates(const Problem &problem, llvm::StringRef key) {
  Rng rng(deriveSeed(options.seed, key));
  unsigned count = options.sampleMode ? 1 : options.samples;
  CandidateSource *source = policy.get();
  uint64_t work = uint64_t(problem.numOps()) * count;
  if (options.policy != PolicyKind::List) {
    if (work > remainingOpSamples) {
      // Once over, stay over: every later window uses list scheduling.
      remainingOpSamples = 0;
      source = fallback.get();
      ++numFallbacks;
    } else {
      remainingOpSamples -= work;
    }
  }
  llvm::Expected<std::vector<Schedule>> candidates =
      source->draw(problem, count, options.temperature, rng);
  if (!candidates)
    return candidates.takeError();
  llvm::StringRef policyName = getPolicyKindName(options.policy);
  if (candidates->empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "policy=" + llvm::Twine(policyName) +
                                       " drew no schedule");
  if (std::optional<size_t> invalid =
          findInvalidSchedule(problem, *candidates, pool))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "policy=" + llvm::Twine(policyName) +
            " produced an invalid schedule: " +
            llvm::toString(verify(problem, (*candidates)[*invalid])));
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
                                      const Schedule &original,
                                      const LatencyModel &proxy,
                                      const LatencyModel &target,
                                      Choice &best) {
  Schedule list = listSchedule(problem);
  std::vector<Schedule> forms;
  appendTightenedForms(problem, list, forms);
  forms.insert(forms.begin(), std::move(list));
  appendTightenedForms(problem, original, forms);
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

llvm::Expected<Choice>
BlockScheduler::chooseInWindow(const Problem &problem, const Schedule &original,
                               llvm::StringRef key, const LatencyModel &proxy,
                               const LatencyModel &target,
                               BlockObserver *observer) {
  auto started = std::chrono::steady_clock::now();
  llvm::Expected<std::vector<Schedule>> candidates =
      drawCandidates(problem, key);
  if (!candidates)
    return candidates.takeError();
  unsigned numKept = options.sampleMode ? 1 : options.topK;
  std::optional<CandidateSummary> summary;
  if (observer)
    summary =
        summarizeCandidates(*candidates, numKept, proxy, options.keep, pool);
  Choice best = chooseBest(std::move(*candidates), numKept, proxy, target,
                           options.keep, pool);
  WindowPick pick = options.sampleMode ? WindowPick::SingleDraw
                    : options.policy == PolicyKind::List
                        ? WindowPick::ListPolicy
                        : WindowPick::BestOfTopK;
  double bestDrawnTarget = best.target.makespan;
  std::optional<double> heuristicTarget;
  if (pick == WindowPick::BestOfTopK) {
    heuristicTarget =
        judgeHeuristicSchedules(problem, original, proxy, target, best);
    if (*heuristicTarget < bestDrawnTarget)
      pick = WindowPick::Heuristic;
  }
  if (observer)
    observer->onWindow(key, {std::move(*summary), pick, bestDrawnTarget,
                             heuristicTarget, target.makespan(original),
                             best.proxy.makespan, best.target.makespan,
                             secondsSince(started)});
  return best;
}

llvm::Expected<Choice>
BlockScheduler::chooseWindowed(const Problem &problem, const Schedule &original,
                               llvm::StringRef key, const LatencyModel &proxy,
                               const LatencyModel &target,
                               BlockObserver *observer) {
  // Each window is scheduled alone (planWindows: balanced, at most `window`
  // ops each) and its chains appended to the previous ones: every dependency
  // between windows points forward, so the concatenation is a schedule of
  // the whole block, and the cost grows linearly with the block.
  // joinWindows() then closes the seams.
  const DepGraph &graph = problem.getGraph();
  unsigned numOps = problem.numOps();
  Schedule joined(numOps, problem.numUnits());
  unsigned numCandidates = 0, numEvaluated = 0;
  for (auto [index, span] :
       llvm::enumerate(planWindows(numOps, options.window))) {
    auto [first, count] = span;
    DepGraph windowGraph = extractWindow(graph, first, count);
    Problem windowProblem =
        cantFail(Problem::create(windowGraph, problem.getDevice()));
    std::string windowKey = (key + "/window" + llvm::Twine(index)).str();
    LatencyModel windowProxy(windowProblem, ModelKind::Proxy);
    LatencyModel windowTarget(windowProblem, target.getKind(),
                              getTargetNoiseSeed(windowKey));
    llvm::Expected<Choice> choice =
        chooseInWindow(windowProblem, programOrderSchedule(windowProblem),
                       windowKey, windowProxy, windowTarget, observer);
    if (!choice)
      return choice.takeError();
    numCandidates += choice->numCandidates;
    numEvaluated += choice->numEvaluated;
    llvm::ArrayRef<NodeId> ids = graph.topologicalOrder().slice(first, count);
    for (unsigned unit = 0; unit < problem.numUnits(); ++unit)
      for (NodeId node : choice->schedule.unitOrder(unit))
        joined.append(ids[node], unit);
  }
  std::optional<JoinReport> report;
  if (observer)
    report.emplace();
  Choice result = joinWindows(problem, std::move(joined), original, proxy,
                              target, report ? &*report : nullptr);
  result.numCandidates = numCandidates;
  result.numEvaluated += numEvaluated;
  if (report) {
    report->numWindows = countWindows(numOps);
    report->chosenProxy = result.proxy.makespan;
    report->chosenTarget = result.target.makespan;
    observer->onJoin(key, *report);
  }
  return result;
}

/// The windows of a block are chosen without knowing what runs before them,
/// so their concatenation `joined` leaves units idle at the seams while ops
/// of the next window could already run. With policy=gflownet, tightening it
/// as a sample (a replay in the order of its proxy starts, never longer on
/// the proxy) closes them: that is the result with mode=sample. With
/// mode=best, the join, its tightened forms and the whole block's heuristic
/// candidates (judgeHeuristicSchedules) are judged on the target and the
/// fastest wins, so that a windowed block, like a window, is never slower
/// there than list scheduling makes it. Fills the makespans of `report` if
/// given.
Choice BlockScheduler::joinWindows(const Problem &problem, Schedule joined,
                                   const Schedule &original,
                                   const LatencyModel &proxy,
                                   const LatencyModel &target,
                                   JoinReport *report) const {
  if (report) {
    report->joinedProxy = proxy.makespan(joined);
    report->joinedTarget = target.makespan(joined);
  }
  // The join is tightened as the windows' samples were: policy=random's
  // are delivered as drawn.
  bool tighten = options.policy == PolicyKind::GFlowNet;
  const Device &device = problem.getDevice();
  if (options.sampleMode) {
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
                           KeepPolicy(), pool);
  double heuristicTarget =
      judgeHeuristicSchedules(problem, original, proxy, target, best);
  if (report)
    report->heuristicTarget = heuristicTarget;
  return best;
}

llvm::Expected<BlockChoice> BlockScheduler::schedule(const Problem &problem,
                                                     llvm::StringRef streamKey,
                                                     ModelKind targetKind,
                                                     BlockObserver *observer) {
  if (problem.numOps() == 0) {
    // Nothing to choose: the empty schedule, with no candidate drawn.
    BlockChoice empty;
    empty.original = empty.chosen.schedule = Schedule(0, problem.numUnits());
    return empty;
  }
  LatencyModel proxy(problem, ModelKind::Proxy);
  LatencyModel target(problem, targetKind, getTargetNoiseSeed(streamKey));
  Schedule original = programOrderSchedule(problem);
  llvm::Expected<Choice> chosen =
      countWindows(problem.numOps()) == 1
          ? chooseInWindow(problem, original, streamKey, proxy, target,
                           observer)
          : chooseWindowed(problem, original, streamKey, proxy, target,
                           observer);
  if (!chosen)
    return chosen.takeError();

  BlockChoice result;
  result.chosen = std::move(*chosen);
  result.original = std::move(original);
  result.proxyBefore = proxy.makespan(result.original);
  result.targetBefore = target.makespan(result.original);
  // With mode=best a block is never made slower on the target: when no
  // candidate beats the original order, its schedule is kept.
  if (!options.sampleMode &&
      result.chosen.target.makespan > result.targetBefore) {
    result.rejectedTarget = result.chosen.target.makespan;
    Choice &chosenChoice = result.chosen;
    chosenChoice.schedule = result.original;
    chosenChoice.proxy = *proxy.simulate(result.original);
    chosenChoice.target = *target.simulate(result.original);
  }
  return result;
}
