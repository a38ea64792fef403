//===- DebugOutput.h - -debug-only=gflownet-schedule output -----*- C++ -*-===//
//
// What the pass prints with -debug-only=gflownet-schedule (or -debug): per
// function, its settings and a summary; per block, the graph's statistics
// and the result; per block or window, the candidates and why the winner won.
// Every line starts with "[gflownet-schedule] <key>: ", where the key is
// "@<function>", "@<function>#<block>" or "@<function>#<block>/window<w>", the
// stream keys of architecture.md's "Determinism".
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_LIB_TRANSFORMS_DEBUGOUTPUT_H
#define GFSCHED_LIB_TRANSFORMS_DEBUGOUTPUT_H

#include "gfsched/Candidates/BlockScheduler.h"
#include "gfsched/Device/Device.h"
#include "gfsched/MLIR/BlockGraph.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace gfsched {

/// The debug output of one function, written to llvm::dbgs() in one piece
/// when destroyed (also after a failure), so that the lines of functions
/// scheduled on different threads do not interleave.
class DebugLog {
public:
  DebugLog() = default;
  DebugLog(const DebugLog &) = delete;
  DebugLog &operator=(const DebugLog &) = delete;
  ~DebugLog();

  /// Starts a line: "[gflownet-schedule] @<key>: ".
  llvm::raw_ostream &line(const llvm::Twine &key);

private:
  std::string buffer;
  llvm::raw_string_ostream os{buffer};
};

/// The speedup before / after as "1.23x", or "-" when `after` is 0 (a
/// block of negligible ops only); the report and the debug output share it.
std::string formatSpeedup(double before, double after);

/// The pass's settings, as resolved for this function.
void printFunctionStart(DebugLog &log, llvm::StringRef function,
                        unsigned numBlocks,
                        const BlockSchedulerOptions &options,
                        const Device &device, ModelKind target);

/// Ops, edges, contracted negligible ops, critical path, total work, the
/// bound they put on the speedup, and the number of windows.
void printGraphStats(DebugLog &log, llvm::StringRef key,
                     const SchedulingGraph &graph, const Problem &problem,
                     unsigned numWindows);

/// How the winner of a block or window was picked, with the makespans that
/// decided it.
void printWindowReport(DebugLog &log, llvm::StringRef key,
                       const WindowReport &report);

/// The join of a block's windows, before and after its seams were closed.
void printJoinReport(DebugLog &log, llvm::StringRef key,
                     const JoinReport &report);

/// Before and after of a block; `rejectedTarget` is the target makespan of
/// the schedule that lost to the original order, if one did.
struct BlockResult {
  double proxyBefore, proxyAfter, targetBefore, targetAfter;
  std::optional<double> rejectedTarget;
};
void printBlockResult(DebugLog &log, llvm::StringRef key,
                      const BlockResult &result);

void printFunctionEnd(DebugLog &log, llvm::StringRef function, unsigned numOps,
                      unsigned numBlocks, unsigned numCandidates,
                      unsigned numFallbacks, double seconds);

} // namespace gfsched

#endif // GFSCHED_LIB_TRANSFORMS_DEBUGOUTPUT_H
