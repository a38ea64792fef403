// RUN: gfsched-opt %s --gflownet-schedule="policy=list device=accel-hetero target=proxy" | FileCheck %s
// RUN: gfsched-opt %s --gflownet-schedule="policy=random samples=50 topk=10 device=accel-hetero" | FileCheck %s --check-prefix=RANDOM

// On the heterogeneous device a matmul runs only on a matrix unit and a copy
// on a vector or DMA unit.
// CHECK-LABEL: func.func @mixed
// CHECK-DAG: linalg.matmul {{.*}}gfsched.unit = "matrix{{[0-9]}}"
// CHECK-DAG: linalg.matmul {{.*}}gfsched.unit = "matrix{{[0-9]}}"
// CHECK-DAG: linalg.copy {{.*}}gfsched.unit = "{{vector|dma}}{{[0-9]}}"
// RANDOM-LABEL: func.func @mixed
// RANDOM-DAG: linalg.matmul {{.*}}gfsched.unit = "matrix{{[0-9]}}"
// RANDOM-DAG: linalg.matmul {{.*}}gfsched.unit = "matrix{{[0-9]}}"
// RANDOM-DAG: linalg.copy {{.*}}gfsched.unit = "{{vector|dma}}{{[0-9]}}"
func.func @mixed(%a: tensor<128x128xf32>, %b: tensor<128x128xf32>) -> (tensor<128x128xf32>, tensor<128x128xf32>, tensor<128x128xf32>) {
  %e0 = tensor.empty() : tensor<128x128xf32>
  %m0 = linalg.matmul ins(%a, %b : tensor<128x128xf32>, tensor<128x128xf32>) outs(%e0 : tensor<128x128xf32>) -> tensor<128x128xf32>
  %m1 = linalg.matmul ins(%b, %a : tensor<128x128xf32>, tensor<128x128xf32>) outs(%e0 : tensor<128x128xf32>) -> tensor<128x128xf32>
  %c = linalg.copy ins(%a : tensor<128x128xf32>) outs(%e0 : tensor<128x128xf32>) -> tensor<128x128xf32>
  return %m0, %m1, %c : tensor<128x128xf32>, tensor<128x128xf32>, tensor<128x128xf32>
}
