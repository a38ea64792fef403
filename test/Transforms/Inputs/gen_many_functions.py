#!/usr/bin/env python3
"""Prints a module of N functions, each a small random DAG of costed arith
ops with a few memory accesses, for the concurrency test."""
import random
import sys

count = int(sys.argv[1])
rng = random.Random(7)
print("module {")
for f in range(count):
    print(f"  func.func @f{f}(%x: f32, %m: memref<8xf32>, %i: index) -> f32 {{")
    values = ["%x"]
    for op in range(12 + f % 9):
        a, b = rng.choice(values), rng.choice(values)
        cost = round(rng.uniform(0.1, 3.0), 2)
        name = rng.choice(["addf", "mulf", "subf", "maximumf"])
        print(f"    %v{op} = arith.{name} {a}, {b} {{gfsched.cost = {cost}}} : f32")
        values.append(f"%v{op}")
        if rng.random() < 0.2:
            print(f"    memref.store %v{op}, %m[%i] {{gfsched.cost = 0.5}} : memref<8xf32>")
    print(f"    return {values[-1]} : f32")
    print("  }")
print("}")
