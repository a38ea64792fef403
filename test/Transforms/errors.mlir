// Each bad option is a clear error and a non-zero exit, before any IR changes.
// RUN: not gfsched-opt %s --gflownet-schedule="temp=0" 2>&1 | FileCheck %s --check-prefix=TEMP
// TEMP: error: gflownet-schedule: temp must be a finite number > 0, got 0
// RUN: not gfsched-opt %s --gflownet-schedule="temp=-1" 2>&1 | FileCheck %s --check-prefix=TEMP-NEG
// TEMP-NEG: error: gflownet-schedule: temp must be a finite number > 0, got -1
// RUN: not gfsched-opt %s --gflownet-schedule="samples=0" 2>&1 | FileCheck %s --check-prefix=SAMPLES
// SAMPLES: error: gflownet-schedule: samples must be at least 1
// RUN: not gfsched-opt %s --gflownet-schedule="topk=0" 2>&1 | FileCheck %s --check-prefix=TOPK0
// TOPK0: error: gflownet-schedule: topk must be at least 1
// RUN: not gfsched-opt %s --gflownet-schedule="samples=10 topk=20" 2>&1 | FileCheck %s --check-prefix=TOPK
// TOPK: error: gflownet-schedule: topk (20) cannot exceed samples (10)
// RUN: not gfsched-opt %s --gflownet-schedule="spread=-1" 2>&1 | FileCheck %s --check-prefix=SPREAD
// SPREAD: error: gflownet-schedule: spread must be a finite number >= 0, got -1
// RUN: not gfsched-opt %s --gflownet-schedule="local=1" 2>&1 | FileCheck %s --check-prefix=LOCAL
// LOCAL: error: gflownet-schedule: local must be a share in [0, 1), got 1
// RUN: not gfsched-opt %s --gflownet-schedule="local=-0.5" 2>&1 | FileCheck %s --check-prefix=LOCAL-NEG
// LOCAL-NEG: error: gflownet-schedule: local must be a share in [0, 1), got -0.5
// RUN: not gfsched-opt %s --gflownet-schedule="explore=1.5" 2>&1 | FileCheck %s --check-prefix=EXPLORE
// EXPLORE: error: gflownet-schedule: explore must be a share in [0, 1], got 1.5
// RUN: not gfsched-opt %s --gflownet-schedule="window=0" 2>&1 | FileCheck %s --check-prefix=WINDOW
// WINDOW: error: gflownet-schedule: window must be at least 1
// RUN: not gfsched-opt %s --gflownet-schedule="window=5000" 2>&1 | FileCheck %s --check-prefix=WINDOW-BIG
// WINDOW-BIG: error: gflownet-schedule: window must be at most 4096 with policy=gflownet, got 5000: its encoder's memory grows with the square of the window
// RUN: gfsched-opt %s --gflownet-schedule="window=5000 policy=list" -o /dev/null
// RUN: not gfsched-opt %s --gflownet-schedule="mode=fast" 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: error: gflownet-schedule: unknown mode 'fast' (expected best or sample)
// RUN: not gfsched-opt %s --gflownet-schedule="target=exact" 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: error: gflownet-schedule: unknown target 'exact' (expected proxy, noisy, bandwidth, latency or full)
// RUN: not gfsched-opt %s --gflownet-schedule="policy=ppo" 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: error: gflownet-schedule: unknown policy 'ppo' (expected gflownet, list or random)
// RUN: not gfsched-opt %s --gflownet-schedule="policy=gflownet model=%S/Inputs/missing.pt" 2>&1 | FileCheck %s --check-prefix=GFN-MISSING
// GFN-MISSING: error: gflownet-schedule: cannot read GFlowNet model '{{.*}}missing.pt': No such file or directory
// RUN: not gfsched-opt %s --gflownet-schedule="policy=gflownet model=%S/Inputs/malformed-device.json" 2>&1 | FileCheck %s --check-prefix=GFN-CORRUPT
// GFN-CORRUPT: error: gflownet-schedule: cannot load GFlowNet model '{{.*}}malformed-device.json':
// RUN: not gfsched-opt %s --gflownet-schedule="policy=gflownet model=%S/Inputs/empty.pt" 2>&1 | FileCheck %s --check-prefix=GFN-EMPTY
// GFN-EMPTY: error: gflownet-schedule: cannot load GFlowNet model '{{.*}}empty.pt': the file is empty
// RUN: not gfsched-opt %s --gflownet-schedule="policy=list model=weights.pt" 2>&1 | FileCheck %s --check-prefix=MODEL
// MODEL: error: gflownet-schedule: model=weights.pt is only used by policy=gflownet
// RUN: not gfsched-opt %s --gflownet-schedule="temp=abc" 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: for the --temp option: 'abc' value invalid for floating point argument

// Devices: an unknown name, a missing file, malformed JSON, a bad field.
// RUN: not gfsched-opt %s --gflownet-schedule="device=tpu9" 2>&1 | FileCheck %s --check-prefix=DEV-NAME
// DEV-NAME: error: gflownet-schedule: unknown device 'tpu9' (builtin devices: accel-hetero, accel4)
// RUN: not gfsched-opt %s --gflownet-schedule="device=%S/Inputs/missing.json" 2>&1 | FileCheck %s --check-prefix=DEV-MISSING
// DEV-MISSING: error: gflownet-schedule: cannot read device file '{{.*}}missing.json'
// RUN: not gfsched-opt %s --gflownet-schedule="device=%S/Inputs/malformed-device.json" 2>&1 | FileCheck %s --check-prefix=DEV-JSON
// DEV-JSON: error: gflownet-schedule: {{.*}}malformed-device.json
// RUN: not gfsched-opt %s --gflownet-schedule="device=%S/Inputs/uncovered-device.json" 2>&1 | FileCheck %s --check-prefix=DEV-CLASS
// DEV-CLASS: error: gflownet-schedule: {{.*}}no unit type runs op class 'other'

func.func @f(%arg0: f32) -> f32 {
  %a = arith.mulf %arg0, %arg0 {gfsched.cost = 2.0} : f32
  %b = arith.addf %arg0, %arg0 {gfsched.cost = 1.0} : f32
  %c = arith.addf %a, %b : f32
  return %c : f32
}
