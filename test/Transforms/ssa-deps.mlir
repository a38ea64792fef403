// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" | FileCheck %s

// List scheduling starts the long independent op (c) at 0 beside a; b waits
// for a, d for b and c. The block is rewritten by start time (ties: original
// order), so c moves up before b, and every op carries its unit and start.

// CHECK-LABEL: func.func @ssa
func.func @ssa(%arg0: f32) -> f32 {
  // CHECK-NEXT: %[[A:.*]] = arith.addf %arg0, %arg0 {gfsched.cost = 1.000000e+00 : f64, gfsched.start = 0.000000e+00 : f64, gfsched.unit = "cu1"}
  // CHECK-NEXT: %[[C:.*]] = arith.subf %arg0, %arg0 {gfsched.cost = 1.000000e+01 : f64, gfsched.start = 0.000000e+00 : f64, gfsched.unit = "cu0"}
  // CHECK-NEXT: %[[B:.*]] = arith.mulf %[[A]], %[[A]] {{{.*}}gfsched.start = 1.000000e+00 : f64, gfsched.unit = "cu1"}
  // CHECK-NEXT: %[[D:.*]] = arith.addf %[[B]], %[[C]] {{{.*}}gfsched.start = 1.000000e+01 : f64
  // CHECK-NEXT: return %[[D]]
  %a = arith.addf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.mulf %a, %a {gfsched.cost = 1.0} : f32
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 10.0} : f32
  %d = arith.addf %b, %c {gfsched.cost = 1.0} : f32
  return %d : f32
}

// Results of an op with several results and operands used twice: one edge.
// CHECK-LABEL: func.func @multi_result
func.func @multi_result(%arg0: index) -> index {
  // CHECK: arith.addi {{.*}}gfsched.start = 0.000000e+00
  // CHECK: arith.muli {{.*}}gfsched.start = 2.000000e+00
  %0 = arith.addi %arg0, %arg0 {gfsched.cost = 2} : index
  %1 = arith.muli %0, %0 {gfsched.cost = 1} : index
  return %1 : index
}
