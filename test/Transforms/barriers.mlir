// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" | FileCheck %s

// func.call has no memory-effect interface: it is a barrier that stays
// ordered with every op that has effects, but pure ops move across it.
func.func private @external()

// CHECK-LABEL: func.func @barrier
// CHECK-NEXT: arith.mulf {{.*}}gfsched.start = 0.000000e+00
// CHECK-NEXT: arith.addf {{.*}}gfsched.start = 0.000000e+00
// CHECK-NEXT: memref.store {{.*}}gfsched.start = 3.000000e+00
// CHECK-NEXT: call @external() {{{.*}}gfsched.start = 4.000000e+00
// CHECK-NEXT: memref.load {{.*}}gfsched.start = 6.000000e+00
// CHECK-NEXT: return
func.func @barrier(%m: memref<4xf32>, %n: memref<4xf32>, %v: f32, %i: index) -> (f32, f32) {
  %a = arith.mulf %v, %v {gfsched.cost = 3.0} : f32
  memref.store %a, %m[%i] {gfsched.cost = 1.0} : memref<4xf32>
  func.call @external() {gfsched.cost = 2.0} : () -> ()
  %x = memref.load %n[%i] {gfsched.cost = 1.0} : memref<4xf32>
  %p = arith.addf %v, %v {gfsched.cost = 1.0} : f32
  return %x, %p : f32, f32
}

// Two barriers keep their order even with nothing in between.
// CHECK-LABEL: func.func @two_barriers
// CHECK: call @external() {{{.*}}gfsched.start = 0.000000e+00
// CHECK: call @external() {{{.*}}gfsched.start = 2.000000e+00
func.func @two_barriers() {
  func.call @external() {gfsched.cost = 2.0} : () -> ()
  func.call @external() {gfsched.cost = 1.0} : () -> ()
  return
}
