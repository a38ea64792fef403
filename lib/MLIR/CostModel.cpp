//===- CostModel.cpp - What an MLIR operation costs -----------------------===//

#include "gfsched/MLIR/CostModel.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace gfsched {
namespace {

double getElementBytes(Type type) {
  if (auto complex = dyn_cast<ComplexType>(type))
    return 2 * getElementBytes(complex.getElementType());
  if (type.isIndex())
    return 8;
  if (type.isIntOrFloat())
    return std::max<double>(1, (type.getIntOrFloatBitWidth() + 7) / 8);
  return 4;
}

double getNumElements(Type type, const CostModelOptions &options) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped)
    return 1;
  if (!shaped.hasRank())
    return options.dynamicDimSize;
  double elements = 1;
  for (int64_t dim : shaped.getShape())
    elements *= ShapedType::isDynamic(dim) ? options.dynamicDimSize : dim;
  return elements;
}

bool isShaped(Type type) { return isa<ShapedType>(type); }
bool isTensorOrVector(Type type) { return isa<TensorType, VectorType>(type); }

/// Scalar arithmetic and single-element memory accesses: no tensor or vector
/// values, and not a structured op over whole buffers.
bool isScalarOp(Operation *op) {
  if (isa<linalg::LinalgOp, memref::CopyOp>(op))
    return false;
  return !llvm::any_of(op->getOperandTypes(), isTensorOrVector) &&
         !llvm::any_of(op->getResultTypes(), isTensorOrVector);
}

double getOperandAndResultBytes(Operation *op,
                                const CostModelOptions &options) {
  double bytes = 0;
  for (Type type : op->getOperandTypes())
    bytes += isShaped(type) ? getTypeBytes(type, options) : 0;
  for (Type type : op->getResultTypes())
    bytes += isShaped(type) ? getTypeBytes(type, options) : 0;
  return bytes;
}

double getResultElements(Operation *op, const CostModelOptions &options) {
  double elements = 0;
  for (Type type : op->getResultTypes())
    elements += getNumElements(type, options);
  return elements;
}

/// Ops that only create or reinterpret values: constants, empty tensors,
/// views, reshapes, slices, casts.
bool isMetaOp(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>() || isa<ViewLikeOpInterface>(op))
    return true;
  return isa<tensor::EmptyOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp,
             tensor::ReshapeOp, tensor::CastOp, tensor::BitcastOp,
             tensor::DimOp, tensor::RankOp, tensor::ExtractSliceOp,
             tensor::ExtractOp, tensor::FromElementsOp, memref::DimOp,
             memref::RankOp, memref::AllocOp, memref::AllocaOp,
             memref::DeallocOp, memref::CastOp, memref::ExpandShapeOp,
             memref::CollapseShapeOp, memref::ReshapeOp,
             memref::ExtractStridedMetadataOp, tosa::ReshapeOp, tosa::SliceOp,
             tosa::ConstShapeOp>(op);
}

int64_t getDim(Value value, unsigned dim, const CostModelOptions &options) {
  auto shaped = dyn_cast<ShapedType>(value.getType());
  if (!shaped || !shaped.hasRank() || dim >= shaped.getRank() ||
      shaped.isDynamicDim(dim))
    return options.dynamicDimSize;
  return shaped.getDimSize(dim);
}

double getElements(Value value, const CostModelOptions &options) {
  return getNumElements(value.getType(), options);
}

/// Number of scalar operations a linalg body performs per iteration.
double getBodyOpCount(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  if (!body)
    return 1;
  double count = 0;
  for (Operation &nested : body->without_terminator())
    count += isa<linalg::IndexOp>(nested) ? 0 : 1;
  return std::max(1.0, count);
}

OpClass classifyLinalg(linalg::LinalgOp op) {
  if (op->getName().getStringRef().starts_with("linalg.pooling_"))
    return OpClass::Reduction;
  if (linalg::isaContractionOpInterface(op) ||
      linalg::isaConvolutionOpInterface(op))
    return OpClass::Contraction;
  if (op.getNumReductionLoops() > 0)
    return OpClass::Reduction;
  if (isa<linalg::CopyOp, linalg::TransposeOp, linalg::BroadcastOp,
          linalg::FillOp>(op.getOperation()))
    return OpClass::Data;
  Block *body = op.getBlock();
  if (body && body->without_terminator().empty())
    return OpClass::Data;
  return OpClass::Elementwise;
}

OpCost estimateLinalg(linalg::LinalgOp op, const CostModelOptions &options) {
  double iterations = 1;
  for (int64_t range : op.getStaticLoopRanges())
    iterations *= ShapedType::isDynamic(range) ? options.dynamicDimSize : range;
  OpCost cost;
  cost.opClass = classifyLinalg(op);
  cost.flops =
      cost.opClass == OpClass::Data ? 0 : iterations * getBodyOpCount(op);
  // Inputs and inits: a tensor result is the init's storage.
  for (Value operand : op->getOperands())
    cost.bytes += getTypeBytes(operand.getType(), options);
  return cost;
}

OpCost makeCost(OpClass opClass, double flops, double bytes) {
  OpCost cost;
  cost.opClass = opClass;
  cost.flops = flops;
  cost.bytes = bytes;
  return cost;
}

/// 2 x output elements x the reduction volume of each output element.
OpCost estimateConv(Operation *op, Value output, double reductionVolume,
                    const CostModelOptions &options) {
  return makeCost(OpClass::Contraction,
                  2 * getElements(output, options) * reductionVolume,
                  getOperandAndResultBytes(op, options));
}

std::optional<OpCost> estimateTosa(Operation *op,
                                   const CostModelOptions &options) {
  auto kernelVolume = [](ArrayRef<int64_t> kernel) {
    double volume = 1;
    for (int64_t k : kernel)
      volume *= k;
    return volume;
  };
  return llvm::TypeSwitch<Operation *, std::optional<OpCost>>(op)
      .Case([&](tosa::Conv2DOp conv) {
        // weight: [OC, KH, KW, IC]
        Value w = conv.getWeight();
        return estimateConv(op, conv.getOutput(),
                            getDim(w, 1, options) * getDim(w, 2, options) *
                                getDim(w, 3, options),
                            options);
      })
      .Case([&](tosa::Conv3DOp conv) {
        // weight: [OC, KD, KH, KW, IC]
        Value w = conv.getWeight();
        return estimateConv(op, conv.getOutput(),
                            getDim(w, 1, options) * getDim(w, 2, options) *
                                getDim(w, 3, options) * getDim(w, 4, options),
                            options);
      })
      .Case([&](tosa::DepthwiseConv2DOp conv) {
        // weight: [KH, KW, C, M]
        Value w = conv.getWeight();
        return estimateConv(op, conv.getOutput(),
                            getDim(w, 0, options) * getDim(w, 1, options),
                            options);
      })
      .Case([&](tosa::TransposeConv2DOp conv) {
        // Every input element scatters into OC x KH x KW outputs.
        Value w = conv.getWeight();
        double perInput = getDim(w, 0, options) * getDim(w, 1, options) *
                          getDim(w, 2, options);
        return makeCost(OpClass::Contraction,
                        2 * getElements(conv.getInput(), options) * perInput,
                        getOperandAndResultBytes(op, options));
      })
      .Case([&](tosa::MatMulOp matmul) {
        // [N, H, C] x [N, C, W] -> [N, H, W]
        return estimateConv(op, matmul.getOutput(),
                            getDim(matmul.getA(), 2, options), options);
      })
      .Case([&](tosa::AvgPool2dOp pool) {
        return makeCost(OpClass::Reduction,
                        getElements(pool.getOutput(), options) *
                            kernelVolume(pool.getKernel()),
                        getOperandAndResultBytes(op, options));
      })
      .Case([&](tosa::MaxPool2dOp pool) {
        return makeCost(OpClass::Reduction,
                        getElements(pool.getOutput(), options) *
                            kernelVolume(pool.getKernel()),
                        getOperandAndResultBytes(op, options));
      })
      .Case<tosa::ReduceAllOp, tosa::ReduceAnyOp, tosa::ReduceMaxOp,
            tosa::ReduceMinOp, tosa::ReduceProductOp, tosa::ReduceSumOp,
            tosa::ArgMaxOp>([&](Operation *reduce) {
        return makeCost(OpClass::Reduction,
                        getElements(reduce->getOperand(0), options),
                        getOperandAndResultBytes(op, options));
      })
      .Case<tosa::ConcatOp, tosa::PadOp, tosa::TileOp, tosa::TransposeOp,
            tosa::GatherOp, tosa::ScatterOp, tosa::ResizeOp>(
          [&](Operation *data) {
            return makeCost(OpClass::Data, 0,
                            getOperandAndResultBytes(op, options));
          })
      .Default([&](Operation *) -> std::optional<OpCost> {
        if (!op->hasTrait<OpTrait::tosa::TosaElementwiseOperator>())
          return std::nullopt;
        return makeCost(OpClass::Elementwise, getResultElements(op, options),
                        getOperandAndResultBytes(op, options));
      });
}

/// Static trip count of a loop, or the documented default.
double getTripCount(Operation *op, const CostModelOptions &options) {
  auto loop = dyn_cast<LoopLikeOpInterface>(op);
  if (!loop)
    return 1;
  std::optional<APInt> tripCount = loop.getStaticTripCount();
  if (!tripCount)
    return options.dynamicTripCount;
  // An i128 loop may count past 64 bits.
  return tripCount->roundToDouble(/*isSigned=*/false);
}

/// The work of a scalar op inside a region: one FLOP per arithmetic op, the
/// element size per memory access.
OpCost estimateScalarWork(Operation *op) {
  OpCost cost;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (effects && !effects.hasNoEffect()) {
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    for (const MemoryEffects::EffectInstance &effect : instances)
      if (Value value = effect.getValue())
        if (auto memref = dyn_cast<MemRefType>(value.getType()))
          cost.bytes += getElementBytes(memref.getElementType());
    return cost;
  }
  if (!op->hasTrait<OpTrait::ConstantLike>() && op->getNumResults() > 0)
    cost.flops = 1;
  return cost;
}

OpCost estimateOwnCost(Operation *op, const CostModelOptions &options);

/// Sum of the nested ops' work, times the trip count for loops.
OpCost estimateRegionOp(Operation *op, const CostModelOptions &options) {
  OpCost total;
  total.opClass = OpClass::Other;
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (Operation &nested : block) {
        OpCost cost = isScalarOp(&nested) && nested.getNumRegions() == 0
                          ? estimateScalarWork(&nested)
                          : estimateOwnCost(&nested, options);
        total.flops += cost.flops;
        total.bytes += cost.bytes;
      }
  double trips = getTripCount(op, options);
  total.flops *= trips;
  total.bytes *= trips;
  return total;
}

OpCost estimateOwnCost(Operation *op, const CostModelOptions &options) {
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    return estimateLinalg(linalgOp, options);
  if (isMetaOp(op))
    return makeCost(OpClass::Meta, 0, 0);
  if (op->getDialect() && isa<tosa::TosaDialect>(op->getDialect()))
    if (std::optional<OpCost> cost = estimateTosa(op, options))
      return *cost;
  if (op->getNumRegions() > 0)
    return estimateRegionOp(op, options);
  if (isScalarOp(op)) {
    // Pure scalar bookkeeping (index math, comparisons) runs on the control
    // processor for free; a scalar memory access or an op with unknown
    // effects (a call, a print) costs a launch.
    if (isMemoryEffectFree(op))
      return makeCost(OpClass::Meta, 0, 0);
    OpCost cost = estimateScalarWork(op);
    cost.opClass = OpClass::Other;
    return cost;
  }
  if (isa<tensor::InsertSliceOp, tensor::ConcatOp, tensor::PadOp,
          tensor::GatherOp, tensor::ScatterOp, memref::CopyOp>(op))
    return makeCost(OpClass::Data, 0, getOperandAndResultBytes(op, options));
  if (op->hasTrait<OpTrait::Elementwise>())
    return makeCost(OpClass::Elementwise, getResultElements(op, options),
                    getOperandAndResultBytes(op, options));
  return makeCost(OpClass::Other, 0, getOperandAndResultBytes(op, options));
}

FailureOr<double> getCostOverride(Operation *op, Attribute attr) {
  double value;
  if (auto floatAttr = dyn_cast<FloatAttr>(attr))
    value = floatAttr.getValueAsDouble();
  else if (auto intAttr = dyn_cast<IntegerAttr>(attr))
    value = static_cast<double>(intAttr.getValue().getSExtValue());
  else
    return op->emitError() << "'" << kCostAttrName
                           << "' must be an integer or float duration in "
                              "microseconds, got "
                           << attr;
  if (!std::isfinite(value) || value < 0)
    return op->emitError() << "'" << kCostAttrName
                           << "' must be a finite, non-negative duration, got "
                           << attr;
  return value;
}

} // namespace

double getTypeBytes(Type type, const CostModelOptions &options) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return getNumElements(type, options) *
           getElementBytes(shaped.getElementType());
  return getElementBytes(type);
}

FailureOr<OpCost> estimateOpCost(Operation *op,
                                 const CostModelOptions &options) {
  OpCost cost = estimateOwnCost(op, options);
  if (Attribute attr = op->getDiscardableAttr(kCostAttrName)) {
    FailureOr<double> duration = getCostOverride(op, attr);
    if (failed(duration))
      return failure();
    cost.fixedDuration = *duration;
  }
  return cost;
}

LogicalResult checkCostOverride(Operation *op) {
  Attribute attr = op->getDiscardableAttr(kCostAttrName);
  return success(!attr || succeeded(getCostOverride(op, attr)));
}

} // namespace gfsched
