// The default policy: the embedded GFlowNet model draws the candidates.
// RUN: gfsched-opt %s --gflownet-schedule="check-deps=true report=true" -o %t.best.mlir 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: FileCheck %s --input-file=%t.best.mlir
// RUN: %stock_mlir_opt %t.best.mlir > /dev/null

// REPORT: remark: gflownet-schedule: 12 ops in 1 block(s) on accel4 (4 units), policy=gflownet, 2500 candidate(s)
// CHECK-LABEL: func.func @wide
// CHECK-COUNT-12: gfsched.unit = "cu{{[0-3]}}"

// Identical output with and without MLIR's thread pool (random streams come
// from the seed, the function and the sample index, never from a thread).
// RUN: gfsched-opt %s --gflownet-schedule="seed=3 samples=200 topk=20" -o %t.threads.mlir
// RUN: gfsched-opt %s --gflownet-schedule="seed=3 samples=200 topk=20" --mlir-disable-threading -o %t.nothreads.mlir
// RUN: diff %t.threads.mlir %t.nothreads.mlir

// mode=sample rewrites into a single draw: different seeds give different
// schedules, each of them valid.
// RUN: gfsched-opt %s --gflownet-schedule="mode=sample temp=1 seed=1 check-deps=true report=true" -o %t.s1.mlir 2>&1 | FileCheck %s --check-prefix=SAMPLE
// RUN: gfsched-opt %s --gflownet-schedule="mode=sample temp=1 seed=2 check-deps=true" -o %t.s2.mlir
// RUN: not diff -q %t.s1.mlir %t.s2.mlir
// RUN: %stock_mlir_opt %t.s1.mlir > /dev/null
// RUN: %stock_mlir_opt %t.s2.mlir > /dev/null
// One draw is one candidate, tightened (not also as drawn).
// SAMPLE: remark: gflownet-schedule: 12 ops in 1 block(s) on accel4 (4 units), policy=gflownet, 1 candidate(s)

// The heterogeneous device masks actions by unit type.
// RUN: gfsched-opt %s --gflownet-schedule="device=accel-hetero check-deps=true" | FileCheck %s --check-prefix=HETERO
// HETERO-LABEL: func.func @wide
// HETERO-COUNT-4: linalg.matmul {{.*}}gfsched.unit = "matrix{{[01]}}"

func.func @wide(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> (tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) {
  %e = tensor.empty() : tensor<64x64xf32>
  %m0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %m1 = linalg.matmul ins(%b, %a : tensor<64x64xf32>, tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %m2 = linalg.matmul ins(%a, %a : tensor<64x64xf32>, tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %m3 = linalg.matmul ins(%b, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %x0 = arith.addf %m0, %m1 : tensor<64x64xf32>
  %x1 = arith.mulf %m2, %m3 : tensor<64x64xf32>
  %x2 = arith.subf %m0, %m3 : tensor<64x64xf32>
  %x3 = arith.addf %m1, %m2 : tensor<64x64xf32>
  %y0 = arith.maximumf %x0, %x1 : tensor<64x64xf32>
  %y1 = arith.minimumf %x2, %x3 : tensor<64x64xf32>
  %z0 = arith.addf %y0, %y1 : tensor<64x64xf32>
  %z1 = arith.mulf %y0, %x2 : tensor<64x64xf32>
  return %z0, %z1, %x3, %m3 : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>
}

func.func @other(%a: tensor<32x32xf32>, %b: tensor<32x32xf32>) -> (tensor<32x32xf32>, tensor<32x32xf32>) {
  %e = tensor.empty() : tensor<32x32xf32>
  %m0 = linalg.matmul ins(%a, %b : tensor<32x32xf32>, tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %m1 = linalg.matmul ins(%b, %a : tensor<32x32xf32>, tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %x0 = arith.addf %m0, %a : tensor<32x32xf32>
  %x1 = arith.mulf %m1, %b : tensor<32x32xf32>
  %x2 = arith.subf %x0, %x1 : tensor<32x32xf32>
  return %x2, %x0 : tensor<32x32xf32>, tensor<32x32xf32>
}
