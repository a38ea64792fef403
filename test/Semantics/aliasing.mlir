// (b) Interleaved stores and loads on buffers that alias (the same buffer
// passed twice) and on distinct ones (a local alloc): a load or store moved
// across a conflicting one changes the printed values.
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

// CHECK: data =
// CHECK-NEXT: [90,  20,  30,  30]
// CHECK: data =
// CHECK-NEXT: [38,  2,  12,  4]
// CHECK: data =
// CHECK-NEXT: [8,  20,  30,  12]

func.func private @printMemrefF32(memref<*xf32>)

func.func @kernel(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %v10 = arith.constant 10.0 : f32
  %v20 = arith.constant 20.0 : f32
  %two = arith.constant 2.0 : f32
  memref.store %v10, %a[%c0] {gfsched.cost = 5.0} : memref<4xf32>
  %l1 = memref.load %b[%c0] {gfsched.cost = 1.0} : memref<4xf32>
  %t = memref.alloc() {gfsched.cost = 1.0} : memref<4xf32>
  memref.store %l1, %t[%c1] {gfsched.cost = 3.0} : memref<4xf32>
  memref.store %v20, %b[%c1] {gfsched.cost = 1.0} : memref<4xf32>
  %l2 = memref.load %a[%c1] {gfsched.cost = 8.0} : memref<4xf32>
  %l3 = memref.load %t[%c1] {gfsched.cost = 1.0} : memref<4xf32>
  %s = arith.addf %l2, %l3 {gfsched.cost = 2.0} : f32
  memref.store %s, %a[%c2] {gfsched.cost = 1.0} : memref<4xf32>
  memref.store %s, %b[%c3] {gfsched.cost = 4.0} : memref<4xf32>
  %l4 = memref.load %a[%c3] {gfsched.cost = 1.0} : memref<4xf32>
  %m = arith.mulf %l4, %two {gfsched.cost = 6.0} : f32
  memref.store %m, %b[%c0] {gfsched.cost = 2.0} : memref<4xf32>
  memref.copy %b, %t {gfsched.cost = 2.0} : memref<4xf32> to memref<4xf32>
  %l5 = memref.load %t[%c0] {gfsched.cost = 1.0} : memref<4xf32>
  %l6 = memref.load %b[%c2] {gfsched.cost = 9.0} : memref<4xf32>
  %p = arith.addf %l5, %l6 {gfsched.cost = 1.0} : f32
  memref.store %p, %a[%c0] {gfsched.cost = 1.0} : memref<4xf32>
  memref.dealloc %t {gfsched.cost = 1.0} : memref<4xf32>
  return
}

func.func @init(%m: memref<4xf32>, %scale: f32) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %one = arith.constant 1.0 : f32
    %g = arith.addf %f, %one : f32
    %v = arith.mulf %g, %scale : f32
    memref.store %v, %m[%i] : memref<4xf32>
  }
  return
}

func.func @main() {
  %x = memref.alloc() : memref<4xf32>
  %y = memref.alloc() : memref<4xf32>
  %one = arith.constant 1.0 : f32
  %ten = arith.constant 10.0 : f32
  func.call @init(%x, %one) : (memref<4xf32>, f32) -> ()
  func.call @init(%y, %one) : (memref<4xf32>, f32) -> ()
  // Aliasing: the same buffer twice.
  func.call @kernel(%x, %x) : (memref<4xf32>, memref<4xf32>) -> ()
  %xc = memref.cast %x : memref<4xf32> to memref<*xf32>
  func.call @printMemrefF32(%xc) : (memref<*xf32>) -> ()
  // Distinct buffers.
  func.call @init(%x, %one) : (memref<4xf32>, f32) -> ()
  func.call @init(%y, %ten) : (memref<4xf32>, f32) -> ()
  func.call @kernel(%x, %y) : (memref<4xf32>, memref<4xf32>) -> ()
  func.call @printMemrefF32(%xc) : (memref<*xf32>) -> ()
  %yc = memref.cast %y : memref<4xf32> to memref<*xf32>
  func.call @printMemrefF32(%yc) : (memref<*xf32>) -> ()
  memref.dealloc %x : memref<4xf32>
  memref.dealloc %y : memref<4xf32>
  return
}
