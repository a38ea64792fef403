// Dynamic shapes and unknown (unregistered) ops are scheduled with the
// documented defaults, not refused; analysis remarks name each op whose
// duration is a guess, with its location and the reason.
// RUN: gfsched-opt %s --allow-unregistered-dialect --gflownet-schedule="check-deps=true report=true" --remarks-filter-analyse=gflownet-schedule -o %t.mlir 2>&1 | FileCheck %s
// RUN: gfsched-opt %t.mlir --allow-unregistered-dialect > /dev/null
// RUN: FileCheck %s --check-prefix=ORDER --input-file=%t.mlir

func.func @dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  // CHECK: assumptions.mlir:[[@LINE+1]]:8: remark: [Analysis] CostAssumed | Category:gflownet-schedule | Function=dynamic | Reason="linalg.matmul: dynamic shape: each dynamic dimension costed as 32"
  %x = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK: assumptions.mlir:[[@LINE+1]]:8: remark: [Analysis] CostAssumed | Category:gflownet-schedule | Function=dynamic | Reason="linalg.matmul: dynamic shape: each dynamic dimension costed as 32"
  %y = linalg.matmul ins(%b, %a : tensor<?x?xf32>, tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %x, %y : tensor<?x?xf32>, tensor<?x?xf32>
}
// CHECK-NOT: CostAssumed
// CHECK: remark: gflownet-schedule: 2 ops in 1 block(s) on accel4 (4 units), policy=gflownet

// An unregistered op may do anything: it stays ordered with the memory
// accesses around it, while pure ops move freely.
// ORDER-LABEL: func.func @unknown
// ORDER: memref.store
// ORDER: "foo.barrier"()
// ORDER: memref.load
func.func @unknown(%m: memref<4xf32>, %v: f32, %i: index) -> (f32, f32, f32) {
  memref.store %v, %m[%i] {gfsched.cost = 3.0} : memref<4xf32>
  // CHECK: assumptions.mlir:[[@LINE+1]]:3: remark: [Analysis] CostAssumed | Category:gflownet-schedule | Function=unknown | Reason="foo.barrier: unregistered op: costed as one launch, ordered with every op that touches memory"
  "foo.barrier"() : () -> ()
  %x = memref.load %m[%i] {gfsched.cost = 1.0} : memref<4xf32>
  %p = arith.mulf %v, %v {gfsched.cost = 2.0} : f32
  %q = arith.addf %v, %v {gfsched.cost = 2.0} : f32
  return %x, %p, %q : f32, f32, f32
}
// CHECK: remark: gflownet-schedule: 5 ops in 1 block(s)
