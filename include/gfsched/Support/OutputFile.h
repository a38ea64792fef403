//===- OutputFile.h - Writing a file whole or not at all --------*- C++ -*-===//
//
// The tools' and the pass's output files (tables, charts) are written through
// a temporary file renamed over the target, with every write checked: a full
// disk or a missing folder is an error naming the file, never an abort in
// raw_fd_ostream's destructor or a half-written file.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SUPPORT_OUTPUTFILE_H
#define GFSCHED_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace gfsched {

/// Writes what `write` prints to `path`, or fails with "cannot write
/// '<path>': <reason>".
llvm::Error
writeOutputFile(llvm::StringRef path,
                llvm::function_ref<void(llvm::raw_ostream &)> write);

} // namespace gfsched

#endif // GFSCHED_SUPPORT_OUTPUTFILE_H
