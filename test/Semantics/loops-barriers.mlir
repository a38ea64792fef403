// (c) scf.for loops writing and reading a buffer, scf.if, and calls to the
// runtime's print functions between the computations: each call is a barrier
// for the ops with memory effects, and the printed values and their order
// must not change.
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

// CHECK: 42
// CHECK-NEXT: 84
// CHECK-NEXT: 84
// CHECK-NEXT: 40320
// CHECK-NEXT: 100
// CHECK-NEXT: 11

func.func private @printF32(f32)
func.func private @printNewline()

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %onef = arith.constant 1.0 : f32
  %half = arith.constant 1.5 : f32
  %two = arith.constant 2.0 : f32
  %fifty = arith.constant 50.0 : f32
  %buf = memref.alloc() {gfsched.cost = 1.0} : memref<8xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %v = arith.mulf %f, %half : f32
    memref.store %v, %buf[%i] : memref<8xf32>
  } {gfsched.cost = 10.0}
  %sum = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
    %l = memref.load %buf[%i] : memref<8xf32>
    %n = arith.addf %acc, %l : f32
    scf.yield %n : f32
  } {gfsched.cost = 20.0}
  func.call @printF32(%sum) {gfsched.cost = 1.0} : (f32) -> ()
  func.call @printNewline() {gfsched.cost = 1.0} : () -> ()
  scf.for %i = %c0 to %c8 step %c1 {
    %l = memref.load %buf[%i] : memref<8xf32>
    %d = arith.mulf %l, %two : f32
    memref.store %d, %buf[%i] : memref<8xf32>
  } {gfsched.cost = 5.0}
  %x = arith.mulf %sum, %two {gfsched.cost = 3.0} : f32
  func.call @printF32(%x) {gfsched.cost = 1.0} : (f32) -> ()
  func.call @printNewline() {gfsched.cost = 1.0} : () -> ()
  %sum2 = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
    %l = memref.load %buf[%i] : memref<8xf32>
    %n = arith.addf %acc, %l : f32
    scf.yield %n : f32
  } {gfsched.cost = 1.0}
  %prod = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %onef) -> (f32) {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %g = arith.addf %f, %onef : f32
    %n = arith.mulf %acc, %g : f32
    scf.yield %n : f32
  } {gfsched.cost = 7.0}
  func.call @printF32(%sum2) : (f32) -> ()
  func.call @printNewline() : () -> ()
  func.call @printF32(%prod) : (f32) -> ()
  func.call @printNewline() : () -> ()
  %big = arith.cmpf ogt, %sum2, %fifty : f32
  scf.if %big {
    %h = arith.constant 100.0 : f32
    memref.store %h, %buf[%c0] : memref<8xf32>
  } else {
    %h = arith.constant -100.0 : f32
    memref.store %h, %buf[%c0] : memref<8xf32>
  }
  %l0 = memref.load %buf[%c0] {gfsched.cost = 2.0} : memref<8xf32>
  %l7 = memref.load %buf[%c1] {gfsched.cost = 4.0} : memref<8xf32>
  %l7b = arith.addf %l7, %l7 {gfsched.cost = 2.0} : f32
  %l7c = arith.addf %l7b, %l7 {gfsched.cost = 2.0} : f32
  %l7d = arith.addf %l7c, %l7 {gfsched.cost = 2.0} : f32
  %l7e = arith.subf %l7d, %onef {gfsched.cost = 2.0} : f32
  func.call @printF32(%l0) : (f32) -> ()
  func.call @printNewline() : () -> ()
  memref.store %zero, %buf[%c1] {gfsched.cost = 1.0} : memref<8xf32>
  func.call @printF32(%l7e) : (f32) -> ()
  func.call @printNewline() : () -> ()
  memref.dealloc %buf : memref<8xf32>
  return
}
