// A module of many functions gives the same output on MLIR's thread pool as
// with --mlir-disable-threading, run after run: every random stream comes from
// the seed, the function's name, the block and the sample index.
// RUN: %python %S/Inputs/gen_many_functions.py 24 > %t.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="samples=200 topk=20 seed=5" --mlir-disable-threading -o %t.serial.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="samples=200 topk=20 seed=5" -o %t.threads1.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="samples=200 topk=20 seed=5" -o %t.threads2.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="samples=200 topk=20 seed=5" -o %t.threads3.mlir
// RUN: diff %t.serial.mlir %t.threads1.mlir
// RUN: diff %t.serial.mlir %t.threads2.mlir
// RUN: diff %t.serial.mlir %t.threads3.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="policy=random samples=200 topk=20 seed=5" --mlir-disable-threading -o %t.random.serial.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="policy=random samples=200 topk=20 seed=5" -o %t.random.threads.mlir
// RUN: diff %t.random.serial.mlir %t.random.threads.mlir
// Every function was scheduled:
// RUN: FileCheck %s --input-file=%t.serial.mlir
// CHECK-COUNT-24: func.func @f{{[0-9]+}}({{.*}}
// CHECK-NEXT: gfsched.unit
