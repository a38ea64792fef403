// Input of bench.test. With --min-ops=8, gfsched-bench takes two graphs:
//   @wide#0: 11 ops; the two constants are negligible and contracted out, as
//            the pass does;
//   @loop#1: the loop body, 8 ops (block 0, the function body, has only the
//            loop left once its constants are contracted out).
// @tiny has 3 ops, fewer than --min-ops.
func.func @wide(%x: f32) -> f32 {
  %c1 = arith.constant 1.0 : f32
  %c2 = arith.constant 2.0 : f32
  %a = arith.addf %x, %c1 {gfsched.cost = 3.0} : f32
  %b = arith.mulf %x, %c2 {gfsched.cost = 2.0} : f32
  %c = arith.subf %x, %c1 {gfsched.cost = 4.0} : f32
  %d = arith.divf %x, %c2 {gfsched.cost = 1.0} : f32
  %e = arith.addf %a, %b {gfsched.cost = 2.0} : f32
  %f = arith.mulf %c, %d {gfsched.cost = 3.0} : f32
  %g = arith.maximumf %a, %d {gfsched.cost = 1.5} : f32
  %h = arith.minimumf %b, %c {gfsched.cost = 2.5} : f32
  %i = arith.addf %e, %f {gfsched.cost = 1.0} : f32
  %j = arith.addf %g, %h {gfsched.cost = 1.0} : f32
  %k = arith.addf %i, %j {gfsched.cost = 0.5} : f32
  return %k : f32
}

func.func @loop(%x: f32, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %iv = %c0 to %n step %c1 iter_args(%acc = %x) -> f32 {
    %a = arith.mulf %acc, %acc {gfsched.cost = 2.0} : f32
    %b = arith.addf %acc, %x {gfsched.cost = 1.0} : f32
    %c = arith.subf %acc, %x {gfsched.cost = 3.0} : f32
    %d = arith.divf %x, %x {gfsched.cost = 1.0} : f32
    %e = arith.addf %a, %b {gfsched.cost = 1.0} : f32
    %f = arith.mulf %c, %d {gfsched.cost = 2.0} : f32
    %g = arith.maximumf %e, %f {gfsched.cost = 1.0} : f32
    %h = arith.addf %g, %acc {gfsched.cost = 0.5} : f32
    scf.yield %h : f32
  }
  return %r : f32
}

func.func @tiny(%x: f32) -> f32 {
  %a = arith.addf %x, %x {gfsched.cost = 1.0} : f32
  %b = arith.mulf %x, %x {gfsched.cost = 1.0} : f32
  %c = arith.addf %a, %b {gfsched.cost = 1.0} : f32
  return %c : f32
}
