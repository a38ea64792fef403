// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" | FileCheck %s

// Each block is scheduled on its own; branches and their operands stay last.
// CHECK-LABEL: func.func @blocks
// CHECK-NEXT: arith.mulf {{.*}}gfsched.start = 0.000000e+00
// CHECK-NEXT: arith.subf {{.*}}gfsched.start = 0.000000e+00
// CHECK-NEXT: arith.addf {{.*}}gfsched.start = 1.000000e+00
// CHECK-NEXT: cf.br ^bb1
// CHECK-NEXT: ^bb1(
// CHECK-NEXT: arith.divf {{.*}}gfsched.start = 0.000000e+00
// CHECK-NEXT: arith.maximumf {{.*}}gfsched.start = 0.000000e+00
// CHECK-NEXT: arith.minimumf {{.*}}gfsched.start = 2.000000e+00
// CHECK-NEXT: arith.addf %{{[0-9]+}}, %{{[0-9]+}} : f32
// CHECK-NEXT: return
func.func @blocks(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 10.0} : f32
  cf.br ^bb1(%b, %c : f32, f32)
^bb1(%x: f32, %y: f32):
  %p = arith.divf %x, %x {gfsched.cost = 2.0} : f32
  %q = arith.minimumf %p, %y {gfsched.cost = 1.0} : f32
  %r = arith.maximumf %y, %y {gfsched.cost = 5.0} : f32
  %s = arith.addf %q, %r : f32
  return %s : f32
}

// A function with fewer than two movable ops is left unchanged.
// CHECK-LABEL: func.func @single
// CHECK-NEXT: arith.mulf %arg0, %arg0 : f32
// CHECK-NEXT: return
func.func @single(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 : f32
  return %a : f32
}
