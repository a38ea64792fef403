// gantt=<folder> writes one SVG per scheduled function: every block in its
// original order's schedule and in the chosen one, units as lanes, ops as
// boxes named by op and location, transfers dashed.
// RUN: rm -rf %t.charts
// RUN: gfsched-opt %s --gflownet-schedule="policy=list gantt=%t.charts" -o /dev/null
// RUN: FileCheck %s --input-file=%t.charts/f.svg
// RUN: FileCheck %s --check-prefix=G --input-file=%t.charts/g.svg
// RUN: not gfsched-opt %s --gflownet-schedule="gantt=/proc/no-such-folder" 2>&1 | FileCheck %s --check-prefix=ERR
// A quoted name may hold a path separator: the file stays in the folder.
// RUN: FileCheck %s --check-prefix=QUOTED --input-file=%t.charts/sub_name.svg
// A chart that cannot be written (its path is a folder) fails the function
// before the rewrite: the IR is left as it was.
// RUN: rm -rf %t.blocked && mkdir -p %t.blocked/f.svg
// RUN: not gfsched-opt %s --gflownet-schedule="policy=list gantt=%t.blocked" --mlir-print-ir-after-failure 2>&1 | FileCheck %s --check-prefix=BLOCKED

// CHECK: <svg xmlns="http://www.w3.org/2000/svg"
// CHECK: @f on accel4: each block in its original order&apos;s schedule and in the chosen one, on the full target
// CHECK: original order: makespan
// CHECK-DAG: >cu0</text>
// CHECK-DAG: >cu3</text>
// CHECK-DAG: <title>arith.mulf@[[@LINE+9]]:8:
// CHECK-DAG: <title>arith.subf@[[@LINE+10]]:8:
// CHECK: chosen schedule (policy=list): makespan
// CHECK: </svg>
// G: block 0
// G: block 1
// ERR: error: gflownet-schedule: cannot create the gantt folder '/proc/no-such-folder':

func.func @f(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 10.0} : f32
  %d = arith.addf %b, %c {gfsched.cost = 1.0} : f32
  return %d : f32
}

func.func @g(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.subf %arg0, %arg0 {gfsched.cost = 2.0} : f32
  cf.br ^bb1(%a, %b : f32, f32)
^bb1(%x: f32, %y: f32):
  %p = arith.divf %x, %y {gfsched.cost = 2.0} : f32
  %q = arith.maximumf %y, %y {gfsched.cost = 5.0} : f32
  %s = arith.addf %p, %q : f32
  return %s : f32
}

func.func @"sub/name"(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %b = arith.subf %arg0, %arg0 {gfsched.cost = 2.0} : f32
  %c = arith.addf %a, %b {gfsched.cost = 1.0} : f32
  return %c : f32
}

// QUOTED: @sub/name on accel4
// BLOCKED: IR Dump After GFlowNetSchedule Failed
// BLOCKED-NEXT: func.func @f(
// BLOCKED-NEXT: arith.mulf %arg0, %arg0 {gfsched.cost = 1.000000e+00 : f64} : f32
// BLOCKED-NEXT: arith.addf
// BLOCKED-NEXT: arith.subf
// BLOCKED: error: gflownet-schedule: cannot write '{{.*}}blocked{{/|\\}}f.svg':
