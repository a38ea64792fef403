// Without libGFSchedTorch.so beside it (or in ../lib), gfsched-opt cannot use
// the GFlowNet and says where it looked; the list policy needs no library.
// Each input split runs its own pipeline, so the second asks for the library
// again and must get the same message.
// RUN: rm -rf %t && mkdir -p %t/iso/bin
// RUN: cp %gfsched_obj/bin/gfsched-opt %t/iso/bin/
// RUN: not %t/iso/bin/gfsched-opt %s --split-input-file --gflownet-schedule 2>&1 | FileCheck %s
// RUN: %t/iso/bin/gfsched-opt %s --split-input-file --gflownet-schedule="policy=list" | FileCheck %s --check-prefix=LIST

// CHECK: error: gflownet-schedule: cannot load the GFlowNet runtime libGFSchedTorch.so:
// CHECK-NEXT: iso/bin/libGFSchedTorch.so: cannot open shared object file
// CHECK-NEXT: iso/lib/libGFSchedTorch.so: cannot open shared object file
// CHECK: error: gflownet-schedule: cannot load the GFlowNet runtime libGFSchedTorch.so:
// CHECK-NEXT: iso/bin/libGFSchedTorch.so: cannot open shared object file
// CHECK-NEXT: iso/lib/libGFSchedTorch.so: cannot open shared object file

// LIST: func.func @f
// LIST: func.func @g

func.func @f(%a: f32) -> (f32, f32) {
  %0 = arith.mulf %a, %a {gfsched.cost = 2.0} : f32
  %1 = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  return %0, %1 : f32, f32
}

// -----

func.func @g(%a: f32) -> (f32, f32) {
  %0 = arith.mulf %a, %a {gfsched.cost = 2.0} : f32
  %1 = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  return %0, %1 : f32, f32
}
