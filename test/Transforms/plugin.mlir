// The stock mlir-opt of LLVM 22 runs the pass from our plugin. It builds its
// pass flags before loading plugins, so only the pipeline form names the pass.
// RUN: %stock_mlir_opt %s --load-pass-plugin=%gfsched_plugin -p 'builtin.module(func.func(gflownet-schedule{policy=list target=proxy}))' | FileCheck %s
// RUN: %stock_mlir_opt %s --load-pass-plugin=%gfsched_plugin -p 'builtin.module(func.func(gflownet-schedule{policy=list target=proxy}))' | %stock_mlir_opt --verify-diagnostics > /dev/null
// The default GFlowNet policy through the plugin: it opens libGFSchedTorch.so
// from the plugin's own folder and reads the embedded model.
// RUN: %stock_mlir_opt %s --load-pass-plugin=%gfsched_plugin -p 'builtin.module(func.func(gflownet-schedule{report=true check-deps=true}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=GFN
// GFN: remark: gflownet-schedule: 4 ops in 1 block(s) on accel4 (4 units), policy=gflownet, 2500 candidate(s)
// RUN: not %stock_mlir_opt %s --load-pass-plugin=%gfsched_plugin -p 'builtin.module(func.func(gflownet-schedule{policy=nope}))' 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: error: gflownet-schedule: unknown policy 'nope'

// CHECK-LABEL: func.func @f
// CHECK-NEXT: arith.mulf {{.*}}gfsched.start = 0.000000e+00 : f64, gfsched.unit = "cu1"
// CHECK-NEXT: arith.subf {{.*}}gfsched.start = 0.000000e+00 : f64, gfsched.unit = "cu0"
// CHECK-NEXT: arith.addf {{.*}}gfsched.start = 1.000000e+00
func.func @f(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 10.0} : f32
  %d = arith.addf %b, %c {gfsched.cost = 1.0} : f32
  return %d : f32
}
