// Structured optimization remarks (mlir/IR/Remarks.h), enabled by the
// driver's --remarks-filter: one "passed" remark per function with its
// figures, and "missed" remarks for blocks kept in their original order's
// schedule and windows beyond the budget.
// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" --remarks-filter=gflownet-schedule -o /dev/null 2>&1 | FileCheck %s
// CHECK: remark: [Passed] Scheduled | Category:gflownet-schedule | Function=f | Blocks=1, CandidatesDrawn=1, CandidatesEvaluated=1, Ops=6, ProxyAfterUs=5.000000e+00, ProxyBeforeUs=6.000000e+00, ProxySpeedup=1.200000e+00, Remark="scheduled 6 ops in 1 block(s) on accel4", Seconds={{.*}}, TargetAfterUs=5.000000e+00, TargetBeforeUs=6.000000e+00, TargetSpeedup=1.200000e+00

// The transformer block's list schedule is slower on accel4's full target
// than its original order, which policy=list keeps.
// RUN: gfsched-opt %gfsched_src/examples/transformer_block.mlir --gflownet-schedule="policy=list" --remarks-filter=gflownet-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=KEPT
// KEPT: remark: [Missed] Scheduled | Category:gflownet-schedule | Function=transformer_block | Reason="1 block(s) kept the schedule of the original order: no candidate was faster on the target"
// RUN: gfsched-opt %gfsched_src/examples/transformer_block.mlir --gflownet-schedule="policy=random samples=100 topk=10 budget=2000" --remarks-filter=gflownet-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSED
// MISSED: remark: [Missed] Scheduled | Category:gflownet-schedule | Function=transformer_block | Reason="1 window(s) beyond the budget used list scheduling", Suggestion="raise budget= or lower samples="

// Without the filter, nothing is printed.
// RUN: gfsched-opt %s --gflownet-schedule="policy=list" -o /dev/null 2>&1 | count 0

func.func @f(%arg0: f32) -> (f32, f32, f32, f32, f32) {
  %x1 = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x2 = arith.addf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x3 = arith.subf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x4 = arith.divf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %h = arith.maximumf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %t = arith.minimumf %h, %h {gfsched.cost = 4.0} : f32
  return %x1, %x2, %x3, %x4, %t : f32, f32, f32, f32, f32
}
