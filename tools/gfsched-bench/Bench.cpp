//===- Bench.cpp - gfsched-bench's methods, graphs and results ------------===//

#include "Bench.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Path.h"

namespace gfsched::bench {

llvm::StringRef getMethodName(Method method) {
  return kMethodNames[static_cast<unsigned>(method)];
}

std::optional<Method> parseMethod(llvm::StringRef name) {
  for (auto [index, methodName] : llvm::enumerate(kMethodNames))
    if (name == methodName)
      return static_cast<Method>(index);
  return std::nullopt;
}

std::optional<size_t> findTarget(llvm::StringRef name) {
  std::optional<ModelKind> kind = parseModelKind(name);
  const auto *found = kind ? llvm::find(kTargets, *kind) : kTargets.end();
  if (found == kTargets.end())
    return std::nullopt;
  return found - kTargets.begin();
}

llvm::StringRef getStatusName(Status status) {
  switch (status) {
  case Status::Ok:
    return "ok";
  case Status::Skipped:
    return "skipped";
  case Status::NodeLimit:
    return "node-limit";
  }
  llvm_unreachable("unknown status");
}

std::string BenchGraph::streamKey() const {
  if (!llvm::StringRef(name).starts_with(dataset))
    return name;
  return (llvm::sys::path::filename(dataset) +
          llvm::StringRef(name).drop_front(dataset.size()))
      .str();
}

void Summary::add(const Result &result) {
  ++numGraphs;
  numSkipped += result.status == Status::Skipped;
  numNodeLimit += result.status == Status::NodeLimit;
  if (result.status != Status::Ok)
    return;
  ++numOk;
  proxyBest += result.proxyBest;
  proxyMean += result.proxyMean;
  for (auto [sum, value] : llvm::zip_equal(targets, result.targets))
    sum += value;
  chainEdge += result.diversity.chainEdge;
  startTime += result.diversity.startTime;
  placement += result.diversity.placement;
  seconds += result.seconds;
}

} // namespace gfsched::bench
