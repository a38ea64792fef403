// The pass runs on func.func. The flag form nests it in the top module only,
// as MLIR does for every pass restricted to an op, so a function of a nested
// module keeps its order; a pipeline that nests it there schedules it too.
// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" | FileCheck %s --check-prefix=FLAG
// RUN: gfsched-opt %s -p 'builtin.module(func.func(gflownet-schedule{policy=list target=proxy}), builtin.module(func.func(gflownet-schedule{policy=list target=proxy})))' | FileCheck %s --check-prefix=NESTED

// FLAG-LABEL: func.func @outer
// FLAG-NEXT: arith.mulf {{.*}}gfsched.start = 0.000000e+00
// FLAG-LABEL: func.func @inner
// FLAG-NOT: gfsched.start
// FLAG: return

// NESTED-LABEL: func.func @outer
// NESTED-NEXT: arith.mulf {{.*}}gfsched.start = 0.000000e+00
// NESTED-LABEL: func.func @inner
// NESTED-NEXT: arith.mulf {{.*}}gfsched.start = 0.000000e+00
// NESTED-NEXT: arith.subf {{.*}}gfsched.start = 0.000000e+00
func.func @outer(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 10.0} : f32
  %d = arith.addf %b, %c {gfsched.cost = 1.0} : f32
  return %d : f32
}
module @nested {
  func.func @inner(%arg0: f32) -> f32 {
    %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
    %b = arith.addf %a, %a {gfsched.cost = 1.0} : f32
    %c = arith.subf %arg0, %arg0 {gfsched.cost = 10.0} : f32
    %d = arith.addf %b, %c {gfsched.cost = 1.0} : f32
    return %d : f32
  }
}
