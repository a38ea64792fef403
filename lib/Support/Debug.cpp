//===- Debug.cpp - Debug output that works in release LLVM builds ---------===//

// llvm/Support/Debug.h declares isCurrentDebugType() and
// setCurrentDebugTypes() only without NDEBUG, yet libLLVM defines them in
// every build, for code that is built without NDEBUG. Include it that way,
// first and alone, so that this file shares LLVM's debug state in release
// builds too; everything else here is compiled as configured.
#include "llvm/Support/Compiler.h"
#ifdef NDEBUG
#undef NDEBUG
#include "llvm/Support/Debug.h"
#define NDEBUG
#else
#include "llvm/Support/Debug.h"
#endif

#include "gfsched/Support/Debug.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

using namespace gfsched;
namespace cl = llvm::cl;

bool gfsched::isDebugTypeEnabled(const char *type) {
  // Level 1, as in LLVM's DEBUG_WITH_TYPE: "-debug-only=type:0" opts out.
  return llvm::DebugFlag && llvm::isCurrentDebugType(type, /*Level=*/1);
}

namespace {
/// -debug and -debug-only as LLVM defines them in builds with assertions,
/// each registered only if LLVM has not registered its own: a second option
/// of the same name would abort at registration.
class DebugOptions {
public:
  DebugOptions();

private:
  /// Hands the -debug-only types parsed so far to LLVM's debug state.
  void setDebugTypes();

  std::optional<cl::opt<bool, /*ExternalStorage=*/true>> debug;
  std::optional<cl::list<std::string>> debugOnly;
};
} // namespace

DebugOptions::DebugOptions() {
  llvm::DenseMap<llvm::StringRef, cl::Option *> &registered =
      cl::getRegisteredOptions();
  if (!registered.contains("debug"))
    debug.emplace("debug", cl::desc("Enable debug output"), cl::Hidden,
                  cl::location(llvm::DebugFlag));
  if (!registered.contains("debug-only"))
    debugOnly.emplace(
        "debug-only",
        cl::desc("Enable a specific type of debug output (comma separated "
                 "list of types, each \"type\" or \"type:level\")"),
        cl::Hidden, cl::CommaSeparated, cl::value_desc("debug string"),
        cl::callback([this](const std::string &) { setDebugTypes(); }));
}

void DebugOptions::setDebugTypes() {
  llvm::SmallVector<const char *> types;
  for (const std::string &type : *debugOnly)
    if (!type.empty())
      types.push_back(type.c_str());
  if (types.empty())
    return;
  llvm::DebugFlag = true;
  // LLVM copies the strings.
  llvm::setCurrentDebugTypes(types.data(), types.size());
}

void gfsched::registerDebugOptions() {
  // Constructed once, on the first call; lives as long as the options must.
  static DebugOptions options;
  (void)options;
}
