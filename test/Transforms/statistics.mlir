// Pass statistics exist only where LLVM was built with statistics enabled
// (assertions or LLVM_FORCE_ENABLE_STATS); Debian's release build of LLVM 22
// compiles them out, and there `report=true` prints the same figures.
// REQUIRES: pass-statistics
// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" -mlir-pass-statistics -o /dev/null 2>&1 | FileCheck %s
// CHECK-DAG: 1 blocks-scheduled
// CHECK-DAG: 1 candidates
// CHECK-DAG: 6 ops-scheduled
// CHECK-DAG: 5000 proxy-makespan-after-ns
// CHECK-DAG: 6000 proxy-makespan-before-ns

func.func @f(%arg0: f32) -> (f32, f32, f32, f32, f32) {
  %x1 = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x2 = arith.addf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x3 = arith.subf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x4 = arith.divf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %h = arith.maximumf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %t = arith.minimumf %h, %h {gfsched.cost = 4.0} : f32
  return %x1, %x2, %x3, %x4, %t : f32, f32, f32, f32, f32
}
