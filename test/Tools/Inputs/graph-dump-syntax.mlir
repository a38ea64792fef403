// Not valid MLIR: gfsched-graph-dump must report the parser's error and fail.
func.func @broken(%x: f32) -> f32 {
  %a = arith.addf %x, : f32
  return %a : f32
}
