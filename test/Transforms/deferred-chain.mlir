// A chain of 200,000 negligible ops ahead of the op that uses it is emitted
// without recursion (it overflowed the stack when each link recursed), in
// order, before its user; every dependency is re-checked.
// RUN: %python %S/Inputs/gen_index_chain.py 200000 > %t.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="policy=list check-deps=true" -o %t.out.mlir
// RUN: FileCheck %s --input-file=%t.out.mlir

// CHECK: %c1 = arith.constant 1 : index
// CHECK-NEXT: %0 = arith.addi %arg1, %c1 : index
// CHECK-NEXT: %1 = arith.addi %0, %c1 : index
// CHECK: %199999 = arith.addi %199998, %c1 : index
// CHECK-NEXT: memref.load %arg0[%199999]
