// A malformed gfsched.cost is an error at the op; the pass fails and leaves
// every function as it was (the IR printed after the failure is the input's).
// Threaded, every function fails and the diagnostics come in op order; the IR
// dumps do not, so the dumps are checked one function per split.
// RUN: not gfsched-opt %s --gflownet-schedule 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not gfsched-opt %s --split-input-file --gflownet-schedule --mlir-print-ir-after-failure 2>&1 | FileCheck %s --check-prefix=IR

// IR-LABEL: IR Dump After GFlowNetSchedule Failed
// IR-NEXT: func.func @string_cost
// IR-NEXT: arith.mulf %arg0, %arg0 {gfsched.cost = 2.000000e+00 : f64} : f32
// IR-NEXT: arith.addf %arg0, %arg0 {gfsched.cost = "fast"} : f32
// IR-NEXT: arith.addf %0, %1 : f32
// IR-LABEL: IR Dump After GFlowNetSchedule Failed
// IR-NEXT: func.func @negative_cost
// IR-NOT: gfsched.start
// IR-LABEL: IR Dump After GFlowNetSchedule Failed
// IR-NEXT: func.func @unscheduled_op_cost
// IR-NOT: gfsched.start

func.func @string_cost(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 2.0} : f32
  // ERR: bad-cost.mlir:[[@LINE+1]]:8: error: 'gfsched.cost' must be an integer or float duration in microseconds, got "fast"
  %b = arith.addf %arg0, %arg0 {gfsched.cost = "fast"} : f32
  %c = arith.addf %a, %b : f32
  return %c : f32
}

// -----

func.func @negative_cost(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 2.0} : f32
  // ERR: bad-cost.mlir:[[@LINE+1]]:8: error: 'gfsched.cost' must be a finite, non-negative duration, got -2.000000e+00 : f64
  %b = arith.addf %arg0, %arg0 {gfsched.cost = -2.0} : f32
  %c = arith.addf %a, %b : f32
  return %c : f32
}

// -----

// On an op the pass would not schedule (alone in its loop body), too: every
// gfsched.cost of the function is checked before anything is planned.
func.func @unscheduled_op_cost(%arg0: f32, %n: index) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 2.0} : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %arg0) -> f32 {
    // ERR: bad-cost.mlir:[[@LINE+1]]:10: error: 'gfsched.cost' must be an integer or float duration in microseconds, got "slow"
    %y = arith.addf %x, %x {gfsched.cost = "slow"} : f32
    scf.yield %y : f32
  }
  return %a, %r : f32, f32
}
