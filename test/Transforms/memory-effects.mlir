// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" | FileCheck %s

// Read after write on the same buffer waits for the write.
// CHECK-LABEL: func.func @read_after_write
// CHECK: memref.store {{.*}}gfsched.start = 0.000000e+00
// CHECK: memref.load {{.*}}gfsched.start = 5.000000e+00
func.func @read_after_write(%m: memref<4xf32>, %v: f32, %i: index) -> f32 {
  memref.store %v, %m[%i] {gfsched.cost = 5.0} : memref<4xf32>
  %x = memref.load %m[%i] {gfsched.cost = 1.0} : memref<4xf32>
  return %x : f32
}

// Write after read, and write after write, keep their order; function
// arguments may alias each other.
// CHECK-LABEL: func.func @war_waw
// CHECK: memref.load %arg0{{.*}}gfsched.start = 0.000000e+00
// CHECK: memref.store {{.*}}%arg1{{.*}}gfsched.start = 2.000000e+00
// CHECK: memref.store {{.*}}%arg1{{.*}}gfsched.start = 5.000000e+00
func.func @war_waw(%m: memref<4xf32>, %n: memref<4xf32>, %v: f32, %i: index) -> f32 {
  %x = memref.load %m[%i] {gfsched.cost = 2.0} : memref<4xf32>
  memref.store %v, %n[%i] {gfsched.cost = 3.0} : memref<4xf32>
  memref.store %v, %n[%i] {gfsched.cost = 1.0} : memref<4xf32>
  return %x : f32
}

// Reads of the same buffer are independent.
// CHECK-LABEL: func.func @read_read
// CHECK: memref.load {{.*}}gfsched.start = 0.000000e+00
// CHECK: memref.load {{.*}}gfsched.start = 0.000000e+00
func.func @read_read(%m: memref<4xf32>, %i: index) -> f32 {
  %x = memref.load %m[%i] {gfsched.cost = 3.0} : memref<4xf32>
  %y = memref.load %m[%i] {gfsched.cost = 3.0} : memref<4xf32>
  %z = arith.addf %x, %y : f32
  return %z : f32
}

// Distinct allocations do not alias: the load from %b need not wait for the
// store to %a.
// CHECK-LABEL: func.func @distinct_buffers
// CHECK: memref.store {{.*}}gfsched.start = 0.000000e+00
// CHECK: memref.load {{.*}}gfsched.start = 0.000000e+00
func.func @distinct_buffers(%v: f32, %i: index) -> f32 {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  memref.store %v, %a[%i] {gfsched.cost = 5.0} : memref<4xf32>
  %x = memref.load %b[%i] {gfsched.cost = 1.0} : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %b : memref<4xf32>
  return %x : f32
}

// Effects inside a region count for the op that holds it: the loop writes %m,
// so the later load of %m waits for the whole loop.
// CHECK-LABEL: func.func @effects_in_region
// CHECK: scf.for
// CHECK: } {{{.*}}gfsched.start = 0.000000e+00
// CHECK: memref.load {{.*}}gfsched.start = 4.000000e+00
func.func @effects_in_region(%m: memref<4xf32>, %v: f32, %i: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %j = %c0 to %c4 step %c1 {
    memref.store %v, %m[%j] : memref<4xf32>
  } {gfsched.cost = 4.0}
  %x = memref.load %m[%i] {gfsched.cost = 1.0} : memref<4xf32>
  return %x : f32
}
