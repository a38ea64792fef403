// (a) Many independent scalar and tensor computations, each printed at the
// end: every policy and mode must print the same values as the original.
// REQUIRES: mlir-runner
// RUN: %lower %s | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="policy=list check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="policy=list mode=sample check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="policy=random samples=64 topk=8 seed=1 check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="policy=random mode=sample seed=2 check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="policy=random mode=sample seed=3 device=accel-hetero check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="samples=64 topk=8 check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="mode=sample temp=1 seed=1 check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="mode=sample temp=3 seed=2 target=proxy check-deps=true" | %lower | %run | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="mode=sample temp=0.3 seed=5 device=accel-hetero check-deps=true" | %lower | %run | FileCheck %s

// CHECK: 6
// CHECK-NEXT: 20
// CHECK-NEXT: -1
// CHECK-NEXT: 31
// CHECK-NEXT: 2.5
// CHECK-NEXT: 126
// CHECK-NEXT: ( 2, 4, 6, 8 )
// CHECK-NEXT: ( 11, 22, 33, 44 )
// CHECK-NEXT: ( -9, -8, -7, -6 )
// CHECK-NEXT: 43

func.func @main() {
  %c1 = arith.constant 1.0 : f32
  %c2 = arith.constant 2.0 : f32
  %c4 = arith.constant 4.0 : f32
  %c5 = arith.constant 5.0 : f32
  %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
  %w = arith.constant dense<10.0> : vector<4xf32>
  %a = arith.addf %c2, %c4 {gfsched.cost = 9.0} : f32
  %b = arith.mulf %c4, %c5 {gfsched.cost = 1.0} : f32
  %c = arith.subf %c1, %c2 {gfsched.cost = 7.0} : f32
  %d0 = arith.mulf %a, %c5 {gfsched.cost = 2.0} : f32
  %d = arith.addf %d0, %c1 {gfsched.cost = 3.0} : f32
  %e = arith.divf %c5, %c2 {gfsched.cost = 5.0} : f32
  %f0 = arith.mulf %b, %a {gfsched.cost = 1.0} : f32
  %f = arith.addf %f0, %a {gfsched.cost = 6.0} : f32
  %va = arith.addf %v, %v {gfsched.cost = 4.0} : vector<4xf32>
  %vw = arith.mulf %v, %w {gfsched.cost = 1.0} : vector<4xf32>
  %vb = arith.addf %vw, %v {gfsched.cost = 8.0} : vector<4xf32>
  %vc = arith.subf %v, %w {gfsched.cost = 2.0} : vector<4xf32>
  %vd = arith.mulf %vc, %v {gfsched.cost = 1.0} : vector<4xf32>
  %ve = arith.divf %vd, %v {gfsched.cost = 3.0} : vector<4xf32>
  %g0 = arith.addf %d, %f {gfsched.cost = 2.0} : f32
  %g1 = arith.subf %g0, %c {gfsched.cost = 2.0} : f32
  %g = arith.subf %g1, %f {gfsched.cost = 1.0} : f32
  %h = arith.addf %g, %e {gfsched.cost = 1.0} : f32
  %i = arith.addf %h, %e {gfsched.cost = 1.0} : f32
  %j = arith.addf %i, %c4 {gfsched.cost = 1.0} : f32
  %k = arith.addf %j, %c2 {gfsched.cost = 1.0} : f32
  vector.print %a : f32
  vector.print %b : f32
  vector.print %c : f32
  vector.print %d : f32
  vector.print %e : f32
  vector.print %f : f32
  vector.print %va : vector<4xf32>
  vector.print %vb : vector<4xf32>
  vector.print %ve : vector<4xf32>
  vector.print %k : f32
  return
}
