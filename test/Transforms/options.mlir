// Every option round-trips through the pipeline printer.
// RUN: gfsched-opt %s --gflownet-schedule="temp=0.3 samples=10 topk=5 spread=0.05 local=0.25 explore=0 mode=sample seed=7 device=accel-hetero target=noisy policy=random annotate=false report=true check-deps=true" --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL
// ALL: gflownet-schedule{annotate=false budget=2000000 check-deps=true device=accel-hetero explore=0.000000e+00 gantt= local=2.500000e-01 mode=sample model= policy=random report=true samples=10 seed=7 spread=5.000000e-02 target=noisy temp=3.000000e-01 topk=5 window=128}

// The defaults.
// RUN: gfsched-opt %s --gflownet-schedule --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: gflownet-schedule{annotate=true budget=2000000 check-deps=false device=accel4 explore=5.000000e-01 gantt= local=5.000000e-01 mode=best model= policy=gflownet report=false samples=1000 seed=0 spread=1.000000e-02 target=full temp=1.000000e-02 topk=100 window=128}

// The pipeline form works as well as the flag form.
// RUN: gfsched-opt %s -p 'builtin.module(func.func(gflownet-schedule{policy=random samples=4 topk=2}))' | FileCheck %s --check-prefix=PIPE
// PIPE: gfsched.unit

// A block larger than the window is scheduled window by window; every
// dependency still holds (check-deps), and each op gets a unit.
// RUN: gfsched-opt %s --gflownet-schedule="window=2 check-deps=true target=proxy policy=random samples=8 topk=4" | FileCheck %s --check-prefix=WINDOW
// WINDOW-COUNT-6: gfsched.unit

// annotate=false reorders without attributes.
// RUN: gfsched-opt %s --gflownet-schedule="annotate=false" | FileCheck %s --check-prefix=NOANN
// NOANN-NOT: gfsched.unit
// NOANN-NOT: gfsched.start

// report=true emits one remark per function with the summary.
// RUN: gfsched-opt %s --gflownet-schedule="policy=list report=true target=proxy" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// REPORT: remark: gflownet-schedule: 6 ops in 1 block(s) on accel4 (4 units), policy=list, 1 candidate(s): proxy makespan 6.00 us -> 5.00 us (1.20x), target(proxy) 6.00 us -> 5.00 us (1.20x)

// Program order dispatches the four short ops first and delays the chain h -> t
// (makespan 6 us); list scheduling starts h first (5 us).
func.func @f(%arg0: f32) -> (f32, f32, f32, f32, f32) {
  %x1 = arith.mulf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x2 = arith.addf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x3 = arith.subf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %x4 = arith.divf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %h = arith.maximumf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %t = arith.minimumf %h, %h {gfsched.cost = 4.0} : f32
  return %x1, %x2, %x3, %x4, %t : f32, f32, f32, f32, f32
}
