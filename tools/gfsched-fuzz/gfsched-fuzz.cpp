//===- gfsched-fuzz.cpp - Random functions through gflownet-schedule ------===//
//
// Builds random, valid func.func bodies in process (pure arith on scalars and
// small tensors, loads and stores on function-argument memrefs that may alias
// and on distinct allocs, memref.copy, calls to an external function, scf.if
// and scf.for regions, several blocks joined by cf.br / cf.cond_br), runs the
// gflownet-schedule pass over each with several policies, modes, seeds and
// temperatures, and checks the result with a dependency checker of its own,
// written apart from the pass's (no BlockGraph, no AliasAnalysis):
//
//   - the module verifies and holds the same number of ops of each name;
//   - every op stays in its block, and every block holds the same ops;
//   - in every block, each pair of ops that must stay ordered still is: the
//     later op uses a result of the earlier one (directly or inside its
//     regions), or both touch memory, one of them writing, on memrefs that may
//     alias (function-argument memrefs alias each other, allocs are distinct,
//     calls touch everything).
//
//   gfsched-fuzz --seed=1 --count=200 --policies=list,random
//
// Prints "N cases, M checks, K failures" and exits 1 on any failure; with
// --dump-failures=DIR writes each failing input (with its fuzz.id attributes)
// and the failing pass options to DIR.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Passes.h"
#include "gfsched/Support/OutputFile.h"
#include "gfsched/Support/Random.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kIdAttr = "fuzz.id";

//===----------------------------------------------------------------------===//
// The generator
//===----------------------------------------------------------------------===//

/// The values an op may use at the current insertion point.
struct Pool {
  std::vector<Value> f32s, idxs, tensors, memrefs, i1s;
};

class Generator {
public:
  Generator(MLIRContext &ctx, uint64_t seed, unsigned maxOps)
      : ctx(ctx), rng(seed), b(&ctx), loc(UnknownLoc::get(&ctx)),
        maxOps(maxOps) {
    f32 = b.getF32Type();
    idx = b.getIndexType();
    tensorTy = RankedTensorType::get({4}, f32);
    memrefTy = MemRefType::get({8}, f32);
  }

  OwningOpRef<ModuleOp> build() {
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module->getBody());
    auto ext = func::FuncOp::create(b, loc, "ext", b.getFunctionType({}, {}));
    ext.setPrivate();
    auto extF =
        func::FuncOp::create(b, loc, "ext_f", b.getFunctionType({f32}, {f32}));
    extF.setPrivate();

    // (%m0, %m1: aliasing memrefs, %x: f32, %i: index, %t: tensor, %p: i1)
    auto fnType = b.getFunctionType(
        {memrefTy, memrefTy, f32, idx, tensorTy, b.getI1Type()}, {f32});
    auto fn = func::FuncOp::create(b, loc, "fuzz", fnType);
    Block *entry = fn.addEntryBlock();
    Pool pool;
    pool.memrefs = {entry->getArgument(0), entry->getArgument(1)};
    pool.f32s = {entry->getArgument(2)};
    pool.idxs = {entry->getArgument(3)};
    pool.tensors = {entry->getArgument(4)};
    pool.i1s = {entry->getArgument(5)};
    budget = 4 + pick(maxOps > 4 ? maxOps - 3 : 1);

    b.setInsertionPointToStart(entry);
    bool multiBlock = chance(0.5);
    genOps(pool, multiBlock ? budget / 3 + 1 : budget, /*depth=*/0);
    if (!multiBlock) {
      func::ReturnOp::create(b, loc, ValueRange{anyF32(pool)});
    } else {
      // entry -> ^a(f32) | ^b(f32, index) -> ^join(f32) -> return
      Region &body = fn.getBody();
      Block *blockA = new Block(), *blockB = new Block(), *join = new Block();
      body.push_back(blockA);
      body.push_back(blockB);
      body.push_back(join);
      blockA->addArgument(f32, loc);
      blockB->addArgument(f32, loc);
      blockB->addArgument(idx, loc);
      join->addArgument(f32, loc);
      cf::CondBranchOp::create(b, loc, anyI1(pool), blockA,
                               ValueRange{anyF32(pool)}, blockB,
                               ValueRange{anyF32(pool), anyIdx(pool)});
      for (Block *succ : {blockA, blockB}) {
        Pool local = pool; // entry dominates both successors
        local.f32s.push_back(succ->getArgument(0));
        if (succ == blockB)
          local.idxs.push_back(succ->getArgument(1));
        b.setInsertionPointToStart(succ);
        genOps(local, budget / 3 + 1, 0);
        cf::BranchOp::create(b, loc, join, ValueRange{anyF32(local)});
      }
      Pool local = pool;
      local.f32s.push_back(join->getArgument(0));
      b.setInsertionPointToStart(join);
      genOps(local, budget / 4 + 1, 0);
      func::ReturnOp::create(b, loc, ValueRange{anyF32(local)});
    }

    int64_t id = 0;
    fn.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (op != fn.getOperation())
        op->setAttr(kIdAttr, b.getI64IntegerAttr(id++));
    });
    return module;
  }

private:
  uint64_t pick(uint64_t n) { return gfsched::uniformIndex(rng, n); }
  bool chance(double p) { return gfsched::uniformReal(rng) < p; }
  template <typename T> T pickFrom(const std::vector<T> &v) {
    return v[pick(v.size())];
  }

  Value anyF32(Pool &p) { return pickFrom(p.f32s); }
  Value anyIdx(Pool &p) { return pickFrom(p.idxs); }
  Value anyI1(Pool &p) { return pickFrom(p.i1s); }
  Value anyTensor(Pool &p) { return pickFrom(p.tensors); }
  Value anyMemref(Pool &p) { return pickFrom(p.memrefs); }

  /// Gives `op` a random duration half of the time, so that schedules differ
  /// from the block order.
  void maybeCost(Operation *op) {
    if (chance(0.5))
      op->setAttr("gfsched.cost",
                  b.getF64FloatAttr(0.5 * double(1 + pick(20))));
  }

  Value constIdx() {
    return arith::ConstantIndexOp::create(b, loc, int64_t(pick(8)));
  }

  void genOps(Pool &pool, int n, unsigned depth) {
    for (int i = 0; i < n && budget > 0; ++i, --budget)
      genOp(pool, depth);
  }

  void genOp(Pool &pool, unsigned depth) {
    unsigned kind = pick(depth < 2 ? 16 : 14);
    switch (kind) {
    case 0: { // scalar constant
      pool.f32s.push_back(arith::ConstantOp::create(
          b, loc, b.getF32FloatAttr(float(pick(100)) / 4)));
      return;
    }
    case 1:
    case 2: { // scalar f32 math
      Value lhs = anyF32(pool), rhs = anyF32(pool);
      Operation *op;
      switch (pick(3)) {
      case 0:
        op = arith::AddFOp::create(b, loc, lhs, rhs);
        break;
      case 1:
        op = arith::MulFOp::create(b, loc, lhs, rhs);
        break;
      default:
        op = arith::SubFOp::create(b, loc, lhs, rhs);
        break;
      }
      maybeCost(op);
      pool.f32s.push_back(op->getResult(0));
      return;
    }
    case 3: { // index math
      Value lhs = anyIdx(pool), rhs = chance(0.5) ? constIdx() : anyIdx(pool);
      Operation *op =
          chance(0.5) ? (Operation *)arith::AddIOp::create(b, loc, lhs, rhs)
                      : (Operation *)arith::MulIOp::create(b, loc, lhs, rhs);
      maybeCost(op);
      pool.idxs.push_back(op->getResult(0));
      return;
    }
    case 4: { // comparison
      Operation *op = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                            anyF32(pool), anyF32(pool));
      pool.i1s.push_back(op->getResult(0));
      return;
    }
    case 5: { // tensor math, or a tensor constant / extract
      unsigned sub = pick(4);
      if (sub == 0) {
        pool.tensors.push_back(arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(tensorTy,
                                   llvm::ArrayRef<Attribute>{
                                       b.getF32FloatAttr(float(pick(10)))})));
      } else if (sub == 1) {
        Operation *op = tensor::ExtractOp::create(b, loc, anyTensor(pool),
                                                  ValueRange{constIdx()});
        maybeCost(op);
        pool.f32s.push_back(op->getResult(0));
      } else {
        Value lhs = anyTensor(pool), rhs = anyTensor(pool);
        Operation *op =
            sub == 2 ? (Operation *)arith::AddFOp::create(b, loc, lhs, rhs)
                     : (Operation *)arith::MulFOp::create(b, loc, lhs, rhs);
        maybeCost(op);
        pool.tensors.push_back(op->getResult(0));
      }
      return;
    }
    case 6: { // a fresh buffer
      Operation *op = memref::AllocOp::create(b, loc, memrefTy);
      maybeCost(op);
      pool.memrefs.push_back(op->getResult(0));
      return;
    }
    case 7:
    case 8: { // load
      Value index = chance(0.7) ? constIdx() : anyIdx(pool);
      Operation *op =
          memref::LoadOp::create(b, loc, anyMemref(pool), ValueRange{index});
      maybeCost(op);
      pool.f32s.push_back(op->getResult(0));
      return;
    }
    case 9:
    case 10: { // store
      Value index = chance(0.7) ? constIdx() : anyIdx(pool);
      Operation *op = memref::StoreOp::create(
          b, loc, anyF32(pool), anyMemref(pool), ValueRange{index});
      maybeCost(op);
      return;
    }
    case 11: { // copy between two different memrefs
      Value from = anyMemref(pool), to = anyMemref(pool);
      if (from == to)
        return;
      maybeCost(memref::CopyOp::create(b, loc, from, to));
      return;
    }
    case 12: { // a call with unknown effects
      Operation *op;
      if (chance(0.5)) {
        op = func::CallOp::create(b, loc, "ext", TypeRange{}, ValueRange{});
      } else {
        op = func::CallOp::create(b, loc, "ext_f", TypeRange{f32},
                                  ValueRange{anyF32(pool)});
        pool.f32s.push_back(op->getResult(0));
      }
      maybeCost(op);
      return;
    }
    case 13: { // another pure scalar op on a tensor element or a select
      Operation *op = arith::SelectOp::create(b, loc, anyI1(pool), anyF32(pool),
                                              anyF32(pool));
      maybeCost(op);
      pool.f32s.push_back(op->getResult(0));
      return;
    }
    case 14: { // scf.if with an f32 result
      auto ifOp = scf::IfOp::create(b, loc, TypeRange{f32}, anyI1(pool),
                                    /*withElseRegion=*/true);
      maybeCost(ifOp);
      for (Block *block : {ifOp.thenBlock(), ifOp.elseBlock()}) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(block);
        Pool local = pool;
        genOps(local, 1 + pick(5), depth + 1);
        scf::YieldOp::create(b, loc, ValueRange{anyF32(local)});
      }
      pool.f32s.push_back(ifOp.getResult(0));
      return;
    }
    default: { // scf.for with an f32 iter_arg
      Value lb = arith::ConstantIndexOp::create(b, loc, 0);
      Value ub = arith::ConstantIndexOp::create(b, loc, 1 + pick(4));
      Value step = arith::ConstantIndexOp::create(b, loc, 1);
      Pool outer = pool;
      auto forOp = scf::ForOp::create(
          b, loc, lb, ub, step, ValueRange{anyF32(pool)},
          [&](OpBuilder &nested, Location, Value iv, ValueRange args) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nested.getInsertionBlock(),
                                nested.getInsertionPoint());
            Pool local = outer;
            local.idxs.push_back(iv);
            local.f32s.push_back(args[0]);
            genOps(local, 1 + pick(6), depth + 1);
            scf::YieldOp::create(b, loc, ValueRange{anyF32(local)});
          });
      maybeCost(forOp);
      pool.f32s.push_back(forOp.getResult(0));
      return;
    }
    }
  }

  MLIRContext &ctx;
  gfsched::Rng rng;
  OpBuilder b;
  Location loc;
  unsigned maxOps;
  int budget = 0;
  Type f32, idx;
  RankedTensorType tensorTy;
  MemRefType memrefTy;
};

//===----------------------------------------------------------------------===//
// The checker
//===----------------------------------------------------------------------===//

int64_t getId(Operation *op) {
  auto attr = op->getAttrOfType<IntegerAttr>(kIdAttr);
  return attr ? attr.getInt() : -1;
}

/// Memory touched by an op and everything nested in it. Roots: -1 is every
/// function-argument memref (they may alias each other), otherwise the id of
/// the memref.alloc that made the buffer.
struct Effects {
  bool all = false; // a call: may read and write anything
  llvm::SmallSet<int64_t, 4> reads, writes;
  bool any() const { return all || !reads.empty() || !writes.empty(); }
};

int64_t rootOf(Value memref) {
  if (Operation *def = memref.getDefiningOp()) {
    if (isa<memref::AllocOp>(def))
      return getId(def);
    return -1; // not generated; be conservative
  }
  return -1; // a block argument: only the function's memref arguments
}

Effects collectEffects(Operation *top) {
  Effects e;
  top->walk([&](Operation *op) {
    if (isa<func::CallOp>(op))
      e.all = true;
    else if (auto load = dyn_cast<memref::LoadOp>(op))
      e.reads.insert(rootOf(load.getMemRef()));
    else if (auto store = dyn_cast<memref::StoreOp>(op))
      e.writes.insert(rootOf(store.getMemRef()));
    else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      e.reads.insert(rootOf(copy.getSource()));
      e.writes.insert(rootOf(copy.getTarget()));
    }
  });
  return e;
}

bool conflict(const Effects &a, const Effects &b) {
  if ((a.all && b.any()) || (b.all && a.any()))
    return true;
  for (int64_t w : a.writes)
    if (b.reads.contains(w) || b.writes.contains(w))
      return true;
  for (int64_t w : b.writes)
    if (a.reads.contains(w))
      return true;
  return false;
}

/// The ops of one block of the original, by id, and the pairs (indices into
/// `ids`, earlier first) that must keep their order.
struct BlockInfo {
  std::vector<int64_t> ids;
  std::vector<std::pair<unsigned, unsigned>> ordered;
};

std::vector<BlockInfo> collectConstraints(ModuleOp module) {
  std::vector<BlockInfo> infos;
  module.walk([&](Block *block) {
    if (isa<ModuleOp>(block->getParentOp()) || block->empty())
      return;
    BlockInfo info;
    std::vector<Operation *> ops;
    for (Operation &op : *block) {
      ops.push_back(&op);
      info.ids.push_back(getId(&op));
    }
    DenseMap<Operation *, unsigned> index;
    for (auto [i, op] : llvm::enumerate(ops))
      index[op] = i;
    std::vector<Effects> effects;
    for (Operation *op : ops)
      effects.push_back(collectEffects(op));
    for (auto [j, user] : llvm::enumerate(ops)) {
      llvm::SmallSet<unsigned, 8> uses;
      user->walk([&](Operation *nested) {
        for (Value operand : nested->getOperands())
          if (Operation *def = operand.getDefiningOp())
            if (Operation *anc = block->findAncestorOpInBlock(*def);
                anc && anc != user)
              uses.insert(index.lookup(anc));
      });
      for (unsigned i = 0; i < j; ++i)
        if (uses.contains(i) || conflict(effects[i], effects[j]))
          info.ordered.push_back({i, unsigned(j)});
    }
    infos.push_back(std::move(info));
  });
  return infos;
}

std::map<std::string, unsigned> countOps(ModuleOp module) {
  std::map<std::string, unsigned> counts;
  module.walk(
      [&](Operation *op) { ++counts[op->getName().getStringRef().str()]; });
  return counts;
}

/// Checks `after` against the original's constraints; returns the number of
/// pair checks, appending problems to `errors`.
uint64_t checkModule(ModuleOp after, const std::vector<BlockInfo> &infos,
                     const std::map<std::string, unsigned> &counts,
                     std::vector<std::string> &errors, bool &reordered) {
  {
    std::string diag;
    ScopedDiagnosticHandler handler(after.getContext(), [&](Diagnostic &d) {
      if (diag.empty())
        diag = d.str();
      return success();
    });
    if (failed(verify(after)))
      errors.push_back("the scheduled module does not verify: " + diag);
  }
  if (countOps(after) != counts)
    errors.push_back("op counts by name changed");
  DenseMap<int64_t, Operation *> byId;
  after.walk([&](Operation *op) {
    int64_t id = getId(op);
    if (id >= 0 && !byId.try_emplace(id, op).second)
      errors.push_back(llvm::formatv("fuzz.id {0} appears twice", id));
  });
  uint64_t checks = 0;
  for (const BlockInfo &info : infos) {
    std::vector<Operation *> ops;
    for (int64_t id : info.ids) {
      Operation *op = byId.lookup(id);
      if (!op) {
        errors.push_back(llvm::formatv("op fuzz.id={0} is gone", id));
        return checks;
      }
      ops.push_back(op);
    }
    Block *block = ops.front()->getBlock();
    DenseMap<Operation *, unsigned> pos;
    for (auto [i, op] : llvm::enumerate(*block))
      pos[&op] = i;
    if (block->getOperations().size() != ops.size())
      errors.push_back(llvm::formatv(
          "the block of fuzz.id={0} now has {1} "
          "ops instead of {2}",
          info.ids.front(), block->getOperations().size(), ops.size()));
    for (auto [i, op] : llvm::enumerate(ops))
      if (op->getBlock() != block)
        errors.push_back(llvm::formatv("op fuzz.id={0} moved to another block",
                                       info.ids[i]));
    for (auto [i, op] : llvm::enumerate(ops))
      if (pos.lookup(op) != i)
        reordered = true;
    if (&block->back() != ops.back())
      errors.push_back(
          llvm::formatv("terminator fuzz.id={0} is not last", info.ids.back()));
    for (auto [i, j] : info.ordered) {
      ++checks;
      if (pos.lookup(ops[i]) >= pos.lookup(ops[j]))
        errors.push_back(llvm::formatv(
            "{0} (fuzz.id={1}) now comes after {2} (fuzz.id={3}), which "
            "depends on it",
            ops[i]->getName(), info.ids[i], ops[j]->getName(), info.ids[j]));
    }
  }
  return checks;
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

struct Config {
  gfsched::GFlowNetScheduleOptions options;
  std::string describe() const {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "policy=" << options.policy << " mode=" << options.mode
       << " seed=" << options.seed << " temp=" << options.temp
       << " samples=" << options.samples << " topk=" << options.topk
       << " device=" << options.device << " target=" << options.target
       << " window=" << options.window << " check-deps=true";
    return text;
  }
};

std::vector<Config> makeConfigs(llvm::ArrayRef<std::string> policies,
                                uint64_t caseSeed, unsigned samples) {
  gfsched::Rng rng(gfsched::deriveSeed(caseSeed, "configs"));
  static const char *devices[] = {"accel4", "accel-hetero"};
  static const char *targets[] = {"proxy", "full", "latency"};
  static const double temps[] = {0.005, 0.3, 1.0, 3.0};
  // Small windows cut most blocks, so that windows and their join (which
  // tightens and may replace the schedules) see the same checks.
  static const unsigned windows[] = {2, 5, 128};
  std::vector<Config> configs;
  auto add = [&](const std::string &policy, const char *mode, double temp) {
    Config c;
    c.options.policy = policy;
    c.options.mode = mode;
    c.options.temp = temp;
    c.options.seed = gfsched::uniformIndex(rng, 1000);
    c.options.samples = samples;
    c.options.topk = std::max(1u, samples / 4);
    c.options.device = devices[gfsched::uniformIndex(rng, 2)];
    c.options.target = targets[gfsched::uniformIndex(rng, 3)];
    c.options.window = windows[gfsched::uniformIndex(rng, 3)];
    c.options.checkDeps = true;
    configs.push_back(c);
  };
  for (const std::string &policy : policies) {
    if (policy == "list") {
      add(policy, "best", 0.005);
      add(policy, "sample", 0.005);
    } else if (policy == "random") {
      add(policy, "best", 0.005);
      add(policy, "sample", 0.005);
      add(policy, "sample", 0.005);
    } else {
      add(policy, "best", temps[gfsched::uniformIndex(rng, 4)]);
      add(policy, "sample", temps[gfsched::uniformIndex(rng, 4)]);
      add(policy, "sample", temps[gfsched::uniformIndex(rng, 4)]);
    }
  }
  return configs;
}

/// The checker's self-test: reverses the ops of every block but the
/// module's, terminators staying last, which the checker must report.
void reverseEveryBlock(ModuleOp module) {
  module->walk([](Block *block) {
    if (isa<ModuleOp>(block->getParentOp()) || block->empty())
      return;
    std::vector<Operation *> ops;
    for (Operation &op : *block)
      ops.push_back(&op);
    ops.pop_back(); // the terminator stays last
    for (Operation *op : ops)
      op->moveBefore(block, block->begin());
  });
}

/// Runs the pass with `options` on `module`; returns its error diagnostics
/// (with their notes), none if it succeeded.
std::vector<std::string>
runPass(MLIRContext &context, ModuleOp module,
        const gfsched::GFlowNetScheduleOptions &options) {
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() == DiagnosticSeverity::Error) {
      llvm::raw_string_ostream os(diagnostics);
      os << diagnostic << "\n";
      for (Diagnostic &note : diagnostic.getNotes())
        os << "  note: " << note << "\n";
    }
    return success();
  });
  PassManager pm(&context);
  pm.addNestedPass<func::FuncOp>(gfsched::createGFlowNetSchedule(options));
  if (failed(pm.run(module)))
    return {"the pass failed: " + diagnostics};
  return {};
}

/// Writes a failing case into `dumpDir` as a reproducer that gfsched-opt
/// runs as it is; returns its path, or "" if it could not be written.
std::string dumpFailure(llvm::StringRef dumpDir, uint64_t seed,
                        unsigned caseIndex, uint64_t run, const Config &config,
                        llvm::ArrayRef<std::string> errors, ModuleOp original) {
  llvm::SmallString<128> path(dumpDir);
  llvm::sys::path::append(
      path, llvm::formatv("case-{0}-{1}-{2}.mlir", seed, caseIndex, run).str());
  llvm::Error error =
      gfsched::writeOutputFile(path, [&](llvm::raw_ostream &os) {
        os << "// gfsched-fuzz --seed=" << seed << " case " << caseIndex << "\n"
           << "// RUN: gfsched-opt %s --gflownet-schedule=\""
           << config.describe() << "\"\n";
        for (const std::string &message : errors)
          os << "// " << message << "\n";
        original->print(os);
      });
  if (error) {
    llvm::consumeError(std::move(error));
    return "";
  }
  return path.str().str();
}

/// What the fuzzer does besides generating cases.
struct FuzzSettings {
  uint64_t seed;
  std::vector<std::string> policies;
  unsigned samples;
  std::string dumpDir;
  bool verbose, reverseInstead;
};

struct FuzzTotals {
  uint64_t checks = 0, failures = 0, runs = 0, reordered = 0;
};

/// Runs every configuration of case `caseIndex` on a copy of `original` and
/// checks the result, printing the first ten failures (all with verbose).
void fuzzCase(MLIRContext &context, const FuzzSettings &settings,
              unsigned caseIndex, uint64_t caseSeed, ModuleOp original,
              FuzzTotals &totals) {
  std::vector<BlockInfo> infos = collectConstraints(original);
  std::map<std::string, unsigned> counts = countOps(original);
  for (const Config &config :
       makeConfigs(settings.policies, caseSeed, settings.samples)) {
    ++totals.runs;
    OwningOpRef<ModuleOp> module = original.clone();
    std::vector<std::string> errors;
    if (settings.reverseInstead)
      reverseEveryBlock(*module);
    else
      errors = runPass(context, *module, config.options);
    bool reordered = false;
    if (errors.empty())
      totals.checks += checkModule(*module, infos, counts, errors, reordered);
    totals.reordered += reordered;
    if (errors.empty())
      continue;
    ++totals.failures;
    std::string where;
    if (!settings.dumpDir.empty()) {
      std::string path = dumpFailure(settings.dumpDir, settings.seed, caseIndex,
                                     totals.runs, config, errors, original);
      if (!path.empty())
        where = " (" + path + ")";
    }
    if (settings.verbose || totals.failures <= 10) {
      llvm::errs() << "FAIL case " << caseIndex << " [" << config.describe()
                   << "]" << where << ":\n";
      for (const std::string &error : errors)
        llvm::errs() << "  " << error << "\n";
    }
  }
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Only the fuzzer's options in --help, not every option of libLLVM.
  llvm::cl::OptionCategory category("gfsched-fuzz options");
  llvm::cl::opt<uint64_t> seed("seed", llvm::cl::desc("Master seed"),
                               llvm::cl::init(1), llvm::cl::cat(category));
  llvm::cl::opt<unsigned> count("count", llvm::cl::desc("Number of cases"),
                                llvm::cl::init(100), llvm::cl::cat(category));
  llvm::cl::list<std::string> policies(
      "policies",
      llvm::cl::desc("Comma-separated policies (list,random,gflownet)"),
      llvm::cl::CommaSeparated, llvm::cl::cat(category));
  llvm::cl::opt<unsigned> maxOps("max-ops",
                                 llvm::cl::desc("Ops per function, at most"),
                                 llvm::cl::init(40), llvm::cl::cat(category));
  llvm::cl::opt<unsigned> samples(
      "samples", llvm::cl::desc("samples= of the pass (topk is a quarter)"),
      llvm::cl::init(32), llvm::cl::cat(category));
  llvm::cl::opt<std::string> dumpDir(
      "dump-failures", llvm::cl::desc("Folder for the failing inputs"),
      llvm::cl::init(""), llvm::cl::cat(category));
  llvm::cl::opt<bool> verbose("v", llvm::cl::desc("Print every failure"),
                              llvm::cl::init(false), llvm::cl::cat(category));
  llvm::cl::opt<bool> print("print",
                            llvm::cl::desc("Print each generated case"),
                            llvm::cl::init(false), llvm::cl::cat(category));
  llvm::cl::opt<bool> reverse(
      "reverse-instead",
      llvm::cl::desc("Checker self-test: instead of running the pass, reverse "
                     "the ops of every block (all but the terminator), which "
                     "the checker must report"),
      llvm::cl::init(false), llvm::cl::cat(category));
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(argc, argv, "gflownet-schedule fuzzer\n");

  FuzzSettings settings{seed,    {policies.begin(), policies.end()},
                        samples, dumpDir,
                        verbose, reverse};
  if (settings.policies.empty())
    settings.policies = {"list", "random", "gflownet"};
  for (const std::string &policy : settings.policies)
    if (policy != "list" && policy != "random" && policy != "gflownet") {
      llvm::errs() << "gfsched-fuzz: unknown policy '" << policy << "'\n";
      return 2;
    }
  if (!dumpDir.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(dumpDir)) {
      llvm::errs() << "gfsched-fuzz: cannot create '" << dumpDir
                   << "': " << ec.message() << "\n";
      return 2;
    }

  MLIRContext context;
  context.loadDialect<arith::ArithDialect, cf::ControlFlowDialect,
                      func::FuncDialect, memref::MemRefDialect, scf::SCFDialect,
                      tensor::TensorDialect>();
  context.disableMultithreading();

  FuzzTotals totals;
  for (unsigned caseIndex = 0; caseIndex < count; ++caseIndex) {
    uint64_t caseSeed = gfsched::deriveSeed(seed, uint64_t(caseIndex));
    Generator generator(context, caseSeed, maxOps);
    OwningOpRef<ModuleOp> original = generator.build();
    if (failed(verify(*original))) {
      llvm::errs() << "gfsched-fuzz: case " << caseIndex
                   << ": the generator built an invalid module\n";
      original->print(llvm::errs());
      return 2;
    }
    if (print)
      original->print(llvm::outs());
    fuzzCase(context, settings, caseIndex, caseSeed, *original, totals);
  }
  llvm::outs() << count << " cases, " << totals.checks << " checks, "
               << totals.failures << " failures (" << totals.runs
               << " pass runs, " << totals.reordered
               << " of them reordered a block)\n";
  return totals.failures ? 1 : 0;
}
