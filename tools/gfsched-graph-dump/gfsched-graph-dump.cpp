//===- gfsched-graph-dump.cpp - MLIR blocks to a graph dataset ------------===//
//
// Writes the dependency graph of every schedulable block of every func.func
// in an MLIR file as one JSON dataset (GraphJSON.h), the graphs the
// gflownet-schedule pass would see, for training sets and for inspection:
//
//   gfsched-graph-dump model.mlir -o model.json --min-ops=8
//
// Nodes are named "<op name>@<file>:<line>:<column>" where the op has a file
// location. The output has one node or edge per line so that dumps diff well.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Graph/GraphJSON.h"
#include "gfsched/MLIR/BlockGraph.h"

#include "mlir/Analysis/AliasAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <string>
#include <vector>

using namespace mlir;
namespace json = llvm::json;

namespace {

/// The command line. Locals of main rather than globals: nothing else reads
/// them.
struct Options {
  /// Only these in --help, not every option of libLLVM.
  llvm::cl::OptionCategory category{"gfsched-graph-dump options"};
  llvm::cl::opt<std::string> input{llvm::cl::Positional,
                                   llvm::cl::desc("<input .mlir file>"),
                                   llvm::cl::Required, llvm::cl::cat(category)};
  llvm::cl::opt<std::string> output{
      "o", llvm::cl::desc("Output JSON file (default: stdout)"),
      llvm::cl::value_desc("filename"), llvm::cl::init("-"),
      llvm::cl::cat(category)};
  llvm::cl::opt<unsigned> minOps{
      "min-ops",
      llvm::cl::desc("Skip blocks with fewer scheduled ops (negligible ops "
                     "contracted out; default: 2)"),
      llvm::cl::init(2), llvm::cl::cat(category)};
};

/// "file:line:column" of the first file location inside `loc` (a fused or
/// call-site location holds several), or "" if it has none. Only the file's
/// base name: the dataset's "source" already says where it came from.
std::string describeLocation(Location loc) {
  std::string text;
  loc->walk([&](Location nested) {
    auto fileLoc = dyn_cast<FileLineColLoc>(nested);
    if (!fileLoc)
      return WalkResult::advance();
    text = llvm::formatv("{0}:{1}:{2}",
                         llvm::sys::path::filename(fileLoc.getFilename()),
                         fileLoc.getLine(), fileLoc.getColumn())
               .str();
    return WalkResult::interrupt();
  });
  return text;
}

/// The graph of `extracted` with node names that say where each op is.
json::Value graphWithLocations(const gfsched::SchedulingGraph &extracted) {
  json::Value graph = gfsched::toJSON(extracted.graph);
  json::Array &nodes = *graph.getAsObject()->getArray("nodes");
  for (auto [node, op] : llvm::zip_equal(nodes, extracted.ops)) {
    std::string location = describeLocation(op->getLoc());
    if (!location.empty())
      (*node.getAsObject())["name"] =
          (op->getName().getStringRef() + "@" + location).str();
  }
  return graph;
}

/// Adds the graphs of `func`'s schedulable blocks with at least `minOps`
/// scheduled ops to `graphs`: the graphs the pass schedules, negligible ops
/// contracted out. Fails (extractSchedulingGraph has reported why) where an
/// op's cost cannot be determined.
LogicalResult dumpFunction(func::FuncOp func, unsigned minOps,
                           json::Array &graphs) {
  AliasAnalysis aliasAnalysis(func);
  // Blocks keep their index among all schedulable blocks, skipped or not,
  // so that "<function>#<block>" names the same block as the pass does.
  for (auto [index, block] :
       llvm::enumerate(gfsched::getSchedulableBlocks(func.getFunctionBody()))) {
    FailureOr<gfsched::SchedulingGraph> extracted =
        gfsched::extractSchedulingGraph(*block, aliasAnalysis);
    if (failed(extracted))
      return failure();
    if (extracted->graph.size() < minOps)
      continue;
    graphs.push_back(json::Object{{"function", func.getSymName()},
                                  {"block", int64_t(index)},
                                  {"graph", graphWithLocations(*extracted)}});
  }
  return success();
}

// Keys in reading order; any other key follows, alphabetically.
constexpr llvm::StringLiteral kKeyOrder[] = {
    "source", "function", "block", "graph", "graphs", "nodes",
    "edges",  "name",     "class", "flops", "bytes",  "duration"};

unsigned keyRank(llvm::StringRef key) {
  return llvm::find(kKeyOrder, key) - std::begin(kKeyOrder);
}

std::vector<const json::Object::value_type *>
orderedEntries(const json::Object &object) {
  std::vector<const json::Object::value_type *> entries;
  for (const json::Object::value_type &entry : object)
    entries.push_back(&entry);
  llvm::sort(entries, [](const auto *a, const auto *b) {
    return std::make_pair(keyRank(a->first), llvm::StringRef(a->first)) <
           std::make_pair(keyRank(b->first), llvm::StringRef(b->first));
  });
  return entries;
}

bool isCompound(const json::Value &value) {
  return value.getAsArray() || value.getAsObject();
}

/// Whether `value` holds nothing compound, so that it fits on one line.
bool isFlat(const json::Value &value) {
  if (const json::Array *array = value.getAsArray())
    return llvm::none_of(*array, isCompound);
  if (const json::Object *object = value.getAsObject())
    return llvm::none_of(
        *object, [](const auto &entry) { return isCompound(entry.second); });
  return true;
}

/// Prints `value` with every compound element of a compound value on a line
/// of its own: one node or edge per line.
void printValue(llvm::raw_ostream &os, const json::Value &value,
                unsigned indent) {
  bool flat = isFlat(value);
  llvm::StringRef separator = flat ? ", " : ",\n";
  auto startElement = [&] {
    if (!flat)
      os.indent(indent + 2);
  };
  if (const json::Array *array = value.getAsArray()) {
    os << (flat || array->empty() ? "[" : "[\n");
    llvm::interleave(
        *array, os,
        [&](const json::Value &element) {
          startElement();
          printValue(os, element, indent + 2);
        },
        separator);
    if (!flat && !array->empty())
      os << "\n" << std::string(indent, ' ');
    os << "]";
    return;
  }
  if (const json::Object *object = value.getAsObject()) {
    os << (flat ? "{" : "{\n");
    llvm::interleave(
        orderedEntries(*object), os,
        [&](const json::Object::value_type *entry) {
          startElement();
          os << json::Value(entry->first) << ": ";
          printValue(os, entry->second, indent + 2);
        },
        separator);
    if (!flat)
      os << "\n" << std::string(indent, ' ');
    os << "}";
    return;
  }
  os << value;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  Options options;
  llvm::cl::HideUnrelatedOptions(options.category);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "gfsched-graph-dump: the dependency graphs of an MLIR file's blocks as "
      "a JSON dataset\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  MLIRContext context(registry);

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(options.input, &errorMessage);
  if (!file) {
    llvm::errs() << "gfsched-graph-dump: " << errorMessage << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  json::Array graphs;
  WalkResult walk = module->walk([&](func::FuncOp func) {
    return failed(dumpFunction(func, options.minOps, graphs))
               ? WalkResult::interrupt()
               : WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return 1;

  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(options.output, &errorMessage);
  if (!output) {
    llvm::errs() << "gfsched-graph-dump: " << errorMessage << "\n";
    return 1;
  }
  json::Value dataset = json::Object{{"source", options.input.getValue()},
                                     {"graphs", std::move(graphs)}};
  printValue(output->os(), dataset, 0);
  output->os() << "\n";
  output->keep();
  return 0;
}
