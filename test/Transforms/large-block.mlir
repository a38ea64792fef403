// A 100,000-op block is scheduled, not refused: in windows of at most 128
// ops, the GFlowNet for as long as the function's budget of op-samples lasts,
// list scheduling after that. Every dependency is re-checked.
// RUN: %python %S/Inputs/gen_large_block.py 100000 > %t.mlir
// RUN: gfsched-opt %t.mlir --gflownet-schedule="report=true check-deps=true" -o %t.out.mlir 2>&1 | FileCheck %s
// RUN: %stock_mlir_opt %t.out.mlir > /dev/null
// CHECK: remark: gflownet-schedule: 100000 ops in 1 block(s) on accel4 (4 units), policy=gflownet, 38267 candidate(s): {{.*}}; 767 window(s) beyond the budget used list scheduling

// A smaller budget moves the switch earlier: sixteen windows of 125 ops,
// eight of them within the 10^6 op-samples.
// RUN: %python %S/Inputs/gen_large_block.py 2000 > %t.small.mlir
// RUN: gfsched-opt %t.small.mlir --gflownet-schedule="report=true budget=1000000" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: 2000 ops in 1 block(s) on accel4 (4 units), policy=gflownet, 20008 candidate(s): {{.*}}; 8 window(s) beyond the budget used list scheduling
