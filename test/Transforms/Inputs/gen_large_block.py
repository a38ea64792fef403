#!/usr/bin/env python3
"""Prints a func.func with one block of N dependent arith ops (each uses the
results 3 and 8 ops back) with varied gfsched.cost durations."""
import sys
n = int(sys.argv[1])
print("func.func @big(%x: f32) -> f32 {")
for i in range(n):
    a = "%x" if i < 8 else f"%v{i-8}"
    b = "%x" if i < 3 else f"%v{i-3}"
    print(f"  %v{i} = arith.addf {a}, {b} {{gfsched.cost = {0.5 + (i * 7919 % 100) / 100.0}}} : f32")
print(f"  return %v{n-1} : f32")
print("}")
