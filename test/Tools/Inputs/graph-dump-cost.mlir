// A malformed gfsched.cost: the graph cannot be extracted, so
// gfsched-graph-dump reports the op and fails.
func.func @bad_cost(%x: f32) -> f32 {
  %a = arith.mulf %x, %x {gfsched.cost = 1.0} : f32
  %b = arith.addf %a, %x {gfsched.cost = "slow"} : f32
  return %b : f32
}
