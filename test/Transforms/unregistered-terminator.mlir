// An unregistered op that ends a block may be its terminator (MLIR cannot
// tell): it stays last, and the ops that start after it on the target, such
// as %3 below, are still placed before it.
// RUN: gfsched-opt %s --allow-unregistered-dialect --gflownet-schedule="policy=list" | FileCheck %s

// CHECK-LABEL: func.func @f
// CHECK-DAG: arith.mulf
// CHECK-DAG: arith.subf
// CHECK-DAG: arith.addf
// CHECK: "foo.br"
// CHECK-NEXT: ^bb1:
func.func @f(%a: f32) -> f32 {
  %0 = arith.mulf %a, %a {gfsched.cost = 2.0} : f32
  %2 = arith.subf %a, %a {gfsched.cost = 3.0} : f32
  %3 = arith.addf %2, %2 {gfsched.cost = 1.0} : f32
  "foo.br"(%0)[^bb1] : (f32) -> ()
^bb1:
  return %3 : f32
}
