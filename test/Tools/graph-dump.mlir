// RUN: gfsched-graph-dump %s | FileCheck %s
// RUN: gfsched-graph-dump %s --min-ops=4 -o %t.json
// RUN: FileCheck %s --check-prefix=MIN < %t.json
// RUN: %python -c "import json, sys; print(len(json.load(open(sys.argv[1]))['graphs']))" %t.json | FileCheck %s --check-prefix=COUNT
// RUN: not gfsched-graph-dump %t.missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not gfsched-graph-dump %S/Inputs/graph-dump-syntax.mlir -o %t.bad.json 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not gfsched-graph-dump %S/Inputs/graph-dump-cost.mlir 2>&1 | FileCheck %s --check-prefix=COST

// One graph per schedulable block, as the pass schedules it: nodes named by op
// and location, in block order, with their class, FLOPs and bytes from the
// cost model and the gfsched.cost attribute as a fixed duration; SSA edges
// carry the bytes of the value, memory-ordering edges none. Negligible ops
// (pure metadata: empty tensors, constants) are contracted out, their
// dependencies joined through.

// CHECK: "source": "{{.*}}graph-dump.mlir",
// CHECK-NEXT: "graphs": [

// CHECK: "function": "forward",
// CHECK-NEXT: "block": 0,
// CHECK-NEXT: "graph": {
// CHECK-NEXT: "nodes": [
func.func @forward(%arg0: tensor<4x8xf32>, %arg1: tensor<8x16xf32>, %buf: memref<4xf32>) -> (tensor<4x16xf32>, f32) {
  %e = tensor.empty() : tensor<4x16xf32>
  // CHECK-NEXT: {"name": "linalg.matmul@graph-dump.mlir:[[@LINE+1]]:8", "class": "contraction", "flops": 1024, "bytes": 896},
  %m = linalg.matmul ins(%arg0, %arg1 : tensor<4x8xf32>, tensor<8x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  // CHECK-NEXT: {"name": "arith.addf@graph-dump.mlir:[[@LINE+1]]:8", "class": "elementwise", "flops": 64, "bytes": 768, "duration": 1.5},
  %a = arith.addf %m, %m {gfsched.cost = 1.5} : tensor<4x16xf32>
  %c0 = arith.constant 0 : index
  %f = arith.constant 2.0 : f32
  // CHECK-NEXT: {"name": "memref.store@graph-dump.mlir:[[@LINE+1]]:3", "class": "other", "flops": 0, "bytes": 4, "duration": 0.25},
  memref.store %f, %buf[%c0] {gfsched.cost = 0.25} : memref<4xf32>
  // CHECK-NEXT: {"name": "memref.load@graph-dump.mlir:[[@LINE+1]]:8", "class": "other", "flops": 0, "bytes": 4}
  %l = memref.load %buf[%c0] : memref<4xf32>
  return %a, %l : tensor<4x16xf32>, f32
}
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT: [0, 1, 256],
// The store must stay before the load: an ordering edge without bytes.
// CHECK-NEXT: [2, 3]
// CHECK-NEXT: ]

// The function body is block 0 (only the loop is left once the constants are
// contracted out, too few ops for a graph), the loop body block 1.
// CHECK-NOT: "block": 0,
// CHECK: "function": "loop",
// CHECK-NEXT: "block": 1,
// CHECK-NEXT: "graph": {
// CHECK-NEXT: "nodes": [
// CHECK-NEXT: {"name": "arith.mulf@{{.*}}, "duration": 2},
// CHECK-NEXT: {"name": "arith.addf@{{.*}}, "duration": 1}
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT: [0, 1, 4]
// CHECK-NEXT: ]
func.func @loop(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> f32 {
    %s = arith.mulf %acc, %acc {gfsched.cost = 2} : f32
    %t = arith.addf %s, %x {gfsched.cost = 1} : f32
    scf.yield %t : f32
  }
  return %r : f32
}

// Neither a declaration nor a block with a single movable op has a graph.
// CHECK-NOT: "function"
func.func private @declaration(%x: f32) -> f32

func.func @single(%x: f32) -> f32 {
  %a = arith.addf %x, %x : f32
  return %a : f32
}

// --min-ops=4 keeps only @forward's block (4 scheduled ops).
// MIN: "function": "forward",
// MIN-NOT: "function"
// COUNT: 1

// MISSING: gfsched-graph-dump: cannot open input file '{{.*}}missing.mlir'
// SYNTAX: graph-dump-syntax.mlir:{{[0-9]+}}:{{[0-9]+}}: error:
// COST: graph-dump-cost.mlir:5:8: error: 'gfsched.cost' must be an integer or float duration in microseconds, got "slow"
