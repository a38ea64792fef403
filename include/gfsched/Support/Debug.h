//===- Debug.h - Debug output that works in release LLVM builds -*- C++ -*-===//
//
// LLVM_DEBUG and LLVM's -debug / -debug-only options exist only where LLVM
// was built with assertions. Debian's LLVM 22 is a release build: there
// LLVM_DEBUG is compiled out and `-debug-only=gflownet-schedule` is an
// unknown argument. GFSCHED_DEBUG works with either build:
//
//   #define DEBUG_TYPE "gflownet-schedule"
//   GFSCHED_DEBUG(DEBUG_TYPE, llvm::dbgs() << "...\n");
//
// It reads LLVM's own debug state (llvm::DebugFlag and the -debug-only type
// list), which libLLVM keeps in every build. An LLVM with assertions sets it
// from its own options; elsewhere registerDebugOptions() registers options of
// the same names and syntax that set it. So the output is on with -debug, or
// with -debug-only naming its type ("type" or "type:level", comma separated).
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SUPPORT_DEBUG_H
#define GFSCHED_SUPPORT_DEBUG_H

#include "llvm/Support/Debug.h"

namespace gfsched {

/// Whether debug output of `type` is on: -debug, or -debug-only naming it.
bool isDebugTypeEnabled(const char *type);

/// Registers -debug and -debug-only, each unless an option of that name is
/// already registered (LLVM builds with assertions register both). Call it
/// before the command line is parsed, or while it is (from a plugin loaded by
/// an earlier argument); later calls do nothing.
void registerDebugOptions();

} // namespace gfsched

/// Runs the statements `...` when debug output of `TYPE` is on. The flag test
/// is inline, so a disabled site costs one load and branch.
#define GFSCHED_DEBUG(TYPE, ...)                                               \
  do {                                                                         \
    if (::llvm::DebugFlag && ::gfsched::isDebugTypeEnabled(TYPE)) {            \
      __VA_ARGS__;                                                             \
    }                                                                          \
  } while (false)

#endif // GFSCHED_SUPPORT_DEBUG_H
