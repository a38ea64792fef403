//===- JSONReader.h - Strict JSON reading with paths ------------*- C++ -*-===//
//
// A thin layer over llvm::json::Path for the project's input files (graphs,
// devices): the first error names its JSON path, may carry a detail that
// Path's literal-only messages cannot (the offending value, the accepted
// keys), and unknown keys are errors so that typos do not pass silently.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SUPPORT_JSONREADER_H
#define GFSCHED_SUPPORT_JSONREADER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace gfsched {

class JSONReader {
public:
  /// `rootName` starts every path in errors, e.g. "device" in
  /// "expected number at device.unit_types[0].gflops".
  explicit JSONReader(llvm::StringLiteral rootName) : root(rootName) {}

  llvm::json::Path path() { return root; }

  /// Records the error `message` at `path`, followed by `detail` if not
  /// empty. Returns false, so that parsers can `return reader.fail(...)`.
  bool fail(llvm::json::Path path, llvm::StringLiteral message,
            const llvm::Twine &detail = "");

  /// Fails on the first key of `object` that is not in `allowed`.
  bool checkKeys(const llvm::json::Object &object,
                 llvm::ArrayRef<llvm::StringLiteral> allowed,
                 llvm::json::Path path);

  /// Reads the optional number `key` of `object` into `out`, which keeps its
  /// value if the key is absent. Fails unless the number is finite and >= 0.
  bool readAmount(const llvm::json::Object &object, llvm::StringLiteral key,
                  double &out, llvm::json::Path path);

  /// The recorded error, prefixed by `prefix` if not empty.
  llvm::Error takeError(llvm::StringRef prefix = "") const;

private:
  llvm::json::Path::Root root;
  std::string detail;
};

} // namespace gfsched

#endif // GFSCHED_SUPPORT_JSONREADER_H
