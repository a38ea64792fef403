// -debug-only=gflownet-schedule prints each function's graph and candidate
// statistics to stderr, though Debian's LLVM is a release build without
// LLVM's own -debug-only (gfsched registers it then; gfsched/Support/Debug.h).
// RUN: gfsched-opt %s --gflownet-schedule="policy=list target=proxy" -debug-only=gflownet-schedule --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=LIST --match-full-lines

// The same through the stock mlir-opt: it loads the plugin while parsing its
// command line, so -debug-only exists once --load-pass-plugin has been seen.
// RUN: %stock_mlir_opt %s --load-pass-plugin=%gfsched_plugin -debug-only=gflownet-schedule --mlir-disable-threading -p 'builtin.module(func.func(gflownet-schedule{policy=list target=proxy}))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=LIST --match-full-lines

// LIST:      [gflownet-schedule] @two_chains: 1 schedulable block(s); policy=list device=accel4 (4 units) target=proxy mode=best samples=1000 topk=100 spread=0.01 local=0.50 explore=0.50 window=128 budget=2000000
// LIST-NEXT: [gflownet-schedule] @two_chains#0: graph: 4 ops, 3 dependency edges, 1 negligible op(s) contracted out of 5 movable; critical path 4.00 us, total work 7.00 us, speedup <= 1.75x; 1 window(s)
// LIST-NEXT: [gflownet-schedule] @two_chains#0: candidates: 1 drawn, 1 distinct, top 1 kept: proxy makespan min 4.00 / median 4.00 / max 4.00 us
// LIST-NEXT: [gflownet-schedule] @two_chains#0: on the target: best of the top 1 4.00 us, original order 4.00 us
// LIST-NEXT: [gflownet-schedule] @two_chains#0: chose the list schedule (policy=list: the only candidate): proxy 4.00 us, target 4.00 us; {{[0-9.]+}} ms
// LIST-NEXT: [gflownet-schedule] @two_chains#0: result: proxy 4.00 us -> 4.00 us (1.00x), target 4.00 us -> 4.00 us (1.00x)
// LIST-NEXT: [gflownet-schedule] @two_chains: done: 4 ops in 1 block(s), 1 candidate(s), 0 window(s) beyond the budget; {{[0-9.]+}} ms
// LIST-NEXT: [gflownet-schedule] @nothing_to_schedule: 0 schedulable block(s); {{.*}}
// LIST-NEXT: [gflownet-schedule] @nothing_to_schedule: done: 0 ops in 0 block(s), 0 candidate(s), 0 window(s) beyond the budget; {{[0-9.]+}} ms
// LIST-NOT:  {{.}}

// Windows get their own candidate lines. Here each window's best is the
// list schedule of the window, but their concatenation takes 7 us; with the
// seams closed (the block's heuristic candidates among the judged) 4 us.
// RUN: gfsched-opt %s --gflownet-schedule="policy=random samples=20 topk=4 window=2 target=proxy" -debug-only=gflownet-schedule --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=WINDOW
// WINDOW:      @two_chains#0: graph: 4 ops, {{.*}}; 2 window(s)
// WINDOW-NEXT: @two_chains#0/window0: candidates: 20 drawn, {{[0-9]+}} distinct, top 4 kept: proxy makespan min 3.00 / median 3.00 / max 3.00 us
// WINDOW-NEXT: @two_chains#0/window0: on the target: best of the top 4 3.00 us, heuristic candidates 3.00 us, original order 3.00 us
// WINDOW-NEXT: @two_chains#0/window0: chose the fastest on the target of the 4 kept (proxy rank 1): proxy 3.00 us, target 3.00 us; {{[0-9.]+}} ms
// WINDOW-NEXT: @two_chains#0/window1: candidates: 20 drawn,
// WINDOW:      @two_chains#0: joined 2 windows: proxy 7.00 us, target 7.00 us; the block's heuristic candidates: target 4.00 us; with the seams closed, chose: proxy 4.00 us, target 4.00 us
// WINDOW-NEXT: @two_chains#0: result: proxy 4.00 us -> 4.00 us (1.00x), target 4.00 us -> 4.00 us (1.00x)
// WINDOW-NEXT: @two_chains: done: 4 ops in 1 block(s), 40 candidate(s), 0 window(s) beyond the budget;

// With mode=sample the GFlowNet's join is tightened, not judged on the
// target: its 7 us concatenation of the windows' draws, each 3 and 4 us
// long, becomes the 4 us schedule (the first window's chain runs beside the
// second's).
// RUN: gfsched-opt %s --gflownet-schedule="mode=sample window=2 target=proxy" -debug-only=gflownet-schedule --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=SAMPLE-JOIN
// SAMPLE-JOIN: @two_chains#0: joined 2 windows: proxy 7.00 us, target 7.00 us; with the seams closed, chose: proxy 4.00 us, target 4.00 us

// When no candidate beats the original order on the target, the result says
// so: on accel4's full target the transformer block's list schedule moves
// more data than the original order.
// RUN: gfsched-opt %gfsched_src/examples/transformer_block.mlir --gflownet-schedule="policy=list" -debug-only=gflownet-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=KEPT
// KEPT: @transformer_block#0: result: kept the original order (the chosen schedule took 150.83 us on the target); proxy 118.42 us -> 118.42 us (1.00x), target 146.35 us -> 146.35 us (1.00x)

// Beside the candidates of mode=best, the heuristic candidates are judged:
// the list schedule and the tightened forms of it and of the original order.
// On the same block one of them takes 145.40 us on the target, where the
// list schedule itself takes 150.83 us and the original order 146.35 us
// (above), so the block no longer keeps its original order.
// RUN: gfsched-opt %gfsched_src/examples/transformer_block.mlir --gflownet-schedule="policy=random samples=1 topk=1" -debug-only=gflownet-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=HEURISTIC
// HEURISTIC: @transformer_block#0: on the target: best of the top 1 {{[0-9.]+}} us, heuristic candidates 145.40 us, original order 146.35 us
// HEURISTIC: @transformer_block#0: chose a heuristic candidate (the list schedule or a tightened form of it or of the original order): faster on the target than the best of the top 1 ({{[0-9.]+}} us): proxy 118.42 us, target 145.40 us
// HEURISTIC: @transformer_block#0: result: proxy 118.42 us -> 118.42 us (1.00x), target 146.35 us -> 145.40 us (1.01x)

// mode=sample takes the single draw.
// RUN: gfsched-opt %s --gflownet-schedule="policy=random mode=sample target=proxy" -debug-only=gflownet-schedule --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=SAMPLE
// SAMPLE: @two_chains#0: chose the single draw (mode=sample: used even if slower): proxy {{[0-9.]+}} us, target {{[0-9.]+}} us;

// The default GFlowNet policy: many draws, the best 100 distinct ones (here
// all of them: the block is small) judged on the target beside the list
// schedule and the original order.
// RUN: gfsched-opt %s --gflownet-schedule -debug-only=gflownet-schedule --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=GFN
// GFN: @two_chains#0: candidates: 2500 drawn, [[N:[0-9]+]] distinct, top [[N]] kept: proxy makespan min {{[0-9.]+}} / median {{[0-9.]+}} / max {{[0-9.]+}} us
// GFN-NEXT: @two_chains#0: on the target: best of the top [[N]] {{[0-9.]+}} us, heuristic candidates {{[0-9.]+}} us, original order {{[0-9.]+}} us
// GFN-NEXT: @two_chains#0: chose {{.*}}: proxy {{[0-9.]+}} us, target {{[0-9.]+}} us; {{[0-9.]+}} ms

// -debug turns every debug type on, as in LLVM; a list of types ("a,b")
// works, and other types or no flag print nothing.
// RUN: gfsched-opt %s --gflownet-schedule="policy=list" -debug --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: gfsched-opt %s --gflownet-schedule="policy=list" -debug-only=other,gflownet-schedule --mlir-disable-threading -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANY
// ANY: [gflownet-schedule] @two_chains#0: graph:
// RUN: gfsched-opt %s --gflownet-schedule="policy=list" -debug-only=other -o /dev/null 2>&1 | count 0
// RUN: gfsched-opt %s --gflownet-schedule="policy=list" -o /dev/null 2>&1 | count 0
// RUN: %stock_mlir_opt %s --load-pass-plugin=%gfsched_plugin -p 'builtin.module(func.func(gflownet-schedule{policy=list}))' -o /dev/null 2>&1 | count 0

func.func @two_chains(%arg0: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %a = arith.mulf %arg0, %one {gfsched.cost = 2.0} : f32
  %b = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  %c = arith.subf %arg0, %arg0 {gfsched.cost = 3.0} : f32
  %d = arith.addf %b, %c {gfsched.cost = 1.0} : f32
  return %d : f32
}

func.func @nothing_to_schedule(%arg0: f32) -> f32 {
  return %arg0 : f32
}
