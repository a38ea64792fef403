// (d) linalg on tensors (two matmuls, a bias add, a ReLU as linalg.generic,
// an elementwise subtraction and linalg.add), bufferized by the lowering.
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
// CHECK-NEXT: {{\[}}[12.25,   36,   1,   7.25],
// CHECK-NEXT: [7,   28,   7,   1],
// CHECK-NEXT: [4,   2,   51,   16],
// CHECK-NEXT: [8.5,   30,   14,   5]]
// CHECK: data =
// CHECK-NEXT: {{\[}}[4.5,   -4,   -1,   -2.5],
// CHECK-NEXT: [1,   6,   1,   1],
// CHECK-NEXT: [0,   -1,   8,   4],
// CHECK-NEXT: [3,   6,   4,   1]]

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func private @printMemrefF32(tensor<*xf32>)

func.func @compute(%A: tensor<4x4xf32>, %B: tensor<4x4xf32>, %bias: tensor<4x4xf32>)
    -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  %m1 = linalg.matmul ins(%A, %B : tensor<4x4xf32>, tensor<4x4xf32>) outs(%z : tensor<4x4xf32>) -> tensor<4x4xf32>
  %m2 = linalg.matmul ins(%B, %A : tensor<4x4xf32>, tensor<4x4xf32>) outs(%z : tensor<4x4xf32>) -> tensor<4x4xf32>
  %add = arith.addf %m1, %bias : tensor<4x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%add : tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x4xf32>
  %sub = arith.subf %m2, %A : tensor<4x4xf32>
  %sq = arith.mulf %sub, %sub : tensor<4x4xf32>
  %r = linalg.add ins(%relu, %sq : tensor<4x4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r, %m2 : tensor<4x4xf32>, tensor<4x4xf32>
}

func.func @main() {
  %A = arith.constant dense<[[1.0, 2.0, 0.0, -1.0], [0.0, 1.0, 3.0, 2.0], [2.0, -2.0, 1.0, 0.0], [1.0, 1.0, 1.0, 1.0]]> : tensor<4x4xf32>
  %B = arith.constant dense<[[0.5, -1.0, 2.0, 0.0], [1.0, 0.0, -1.0, 2.0], [0.0, 3.0, 1.0, -2.0], [2.0, 1.0, 0.0, 1.0]]> : tensor<4x4xf32>
  %bias = arith.constant dense<[[-3.0, 1.0, 0.0, 2.0], [1.0, -8.0, 1.0, 1.0], [0.0, 0.0, -5.0, 0.0], [1.0, 2.0, 3.0, 4.0]]> : tensor<4x4xf32>
  %r, %m2 = func.call @compute(%A, %B, %bias) : (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>)
  %rc = tensor.cast %r : tensor<4x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%rc) : (tensor<*xf32>) -> ()
  %mc = tensor.cast %m2 : tensor<4x4xf32> to tensor<*xf32>
  func.call @printMemrefF32(%mc) : (tensor<*xf32>) -> ()
  return
}
