//===- Plots.h - gfsched-bench's SVG plots ----------------------*- C++ -*-===//
//
// The plots of docs/results.md: the temperature trade-off, the kept
// candidates' proxy against target speedups, and a Gantt chart of the chosen
// schedule beside list scheduling's.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_TOOLS_GFSCHED_BENCH_PLOTS_H
#define GFSCHED_TOOLS_GFSCHED_BENCH_PLOTS_H

#include "Bench.h"

#include "gfsched/Schedule/LatencyModel.h"
#include "gfsched/Schedule/Problem.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace gfsched::bench {

/// `name` without its folders, every character but letters, digits, '-' and
/// '_' replaced by '-': the stem of a plot's file name.
std::string fileSafe(llvm::StringRef name);

/// Two panels against sigma (log scale): the gflownet's mean proxy-`topK`
/// speedup and its kept sets' d_inv, the other methods as dashed lines at
/// their one setting.
llvm::Error writeSweepSvg(const std::string &path,
                          llvm::ArrayRef<SweepPoint> points,
                          llvm::ArrayRef<GraphReport> reports,
                          llvm::ArrayRef<Method> methods, unsigned topK);

/// One panel per target: every method's kept candidates of one graph, proxy
/// speedup against target speedup.
llvm::Error writeScatterSvg(const std::string &path, const GraphReport &report,
                            llvm::ArrayRef<Method> methods);

/// The list schedule and the best-on-`target` kept candidate of the first
/// sampling method, as they run on `target`, for the graph of `report`
/// (`problem` is that graph on the device it was judged on).
llvm::Error writeGanttSvg(const std::string &path, const Problem &problem,
                          const LatencyModel &target, const GraphReport &report,
                          llvm::ArrayRef<Method> methods);

} // namespace gfsched::bench

#endif // GFSCHED_TOOLS_GFSCHED_BENCH_PLOTS_H
