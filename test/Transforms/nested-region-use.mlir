// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" | FileCheck %s

// The execute_region uses %a only inside its region; that use still orders it
// after %a (start 10, not 0), so the independent long op moves up instead.
// The nested block has a single movable op and is left alone.

// CHECK-LABEL: func.func @nested_use
func.func @nested_use(%arg0: f32) -> f32 {
  // CHECK-NEXT: %[[A:.*]] = arith.mulf {{.*}}gfsched.start = 0.000000e+00
  // CHECK-NEXT: %[[C:.*]] = arith.subf {{.*}}gfsched.start = 0.000000e+00
  // CHECK-NEXT: %[[R:.*]] = scf.execute_region -> f32 {
  // CHECK-NEXT:   %[[V:.*]] = arith.addf %[[A]], %[[A]] : f32
  // CHECK-NEXT:   scf.yield %[[V]] : f32
  // CHECK-NEXT: } {{{.*}}gfsched.start = 1.000000e+01
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 10.0} : f32
  %r = scf.execute_region -> f32 {
    %v = arith.addf %a, %a : f32
    scf.yield %v : f32
  } {gfsched.cost = 1.0}
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 20.0} : f32
  %d = arith.addf %r, %c {gfsched.cost = 1.0} : f32
  return %d : f32
}

// Blocks nested in regions are scheduled too, and the loop's terminator stays
// last in its body.
// CHECK-LABEL: func.func @loop_body
func.func @loop_body(%m: memref<8xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  // CHECK: scf.for
  // CHECK-NEXT: %[[P:.*]] = arith.mulf {{.*}}gfsched.start = 0.000000e+00
  // CHECK-NEXT: %[[Q:.*]] = arith.addf {{.*}}gfsched.start = 0.000000e+00
  // CHECK-NEXT: memref.store %[[P]]{{.*}}gfsched.start = 5.000000e+00
  // CHECK-NEXT: memref.store %[[Q]]{{.*}}gfsched.start = 6.000000e+00
  // CHECK-NEXT: } {gfsched.start
  scf.for %i = %c0 to %c8 step %c1 {
    %p = arith.mulf %x, %x {gfsched.cost = 5.0} : f32
    memref.store %p, %m[%i] {gfsched.cost = 1.0} : memref<8xf32>
    %q = arith.addf %x, %x {gfsched.cost = 1.0} : f32
    memref.store %q, %m[%i] {gfsched.cost = 1.0} : memref<8xf32>
  }
  return
}

// A payload region describes one op's per-element work, not a sequence to
// schedule: the generic's body keeps its order and gets no attributes.
// CHECK-LABEL: func.func @payload
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.mulf %{{[a-z_0-9]*}}, %{{[a-z_0-9]*}} : f32
// CHECK-NEXT: arith.addf %{{[a-z_0-9]*}}, %{{[a-z_0-9]*}} : f32
// CHECK-NEXT: linalg.yield
#id = affine_map<(d0) -> (d0)>
func.func @payload(%t: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    %a = arith.addf %m, %in : f32
    linalg.yield %a : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// scf.if is control flow: both of its blocks are scheduled.
// CHECK-LABEL: func.func @if_blocks
// CHECK: scf.if
// CHECK-NEXT: arith.mulf {{.*}}gfsched.unit
// CHECK-NEXT: arith.addf {{.*}}gfsched.unit
// CHECK: } else {
// CHECK-NEXT: arith.subf {{.*}}gfsched.unit
// CHECK-NEXT: arith.divf {{.*}}gfsched.unit
func.func @if_blocks(%c: i1, %x: f32) -> f32 {
  %r = scf.if %c -> f32 {
    %m = arith.mulf %x, %x {gfsched.cost = 1.0} : f32
    %a = arith.addf %m, %x {gfsched.cost = 1.0} : f32
    scf.yield %a : f32
  } else {
    %s = arith.subf %x, %x {gfsched.cost = 1.0} : f32
    %d = arith.divf %s, %x {gfsched.cost = 1.0} : f32
    scf.yield %d : f32
  }
  return %r : f32
}
