"""A function whose one memory access uses the end of a chain of N index
additions: negligible ops, each placed right before its first user, so the
whole chain is emitted, depth first, before the load."""
import sys

n = int(sys.argv[1])
print("func.func @chain(%m: memref<8xf32>, %i: index) -> (f32, f32) {")
print("  %c1 = arith.constant 1 : index")
previous = "%i"
for k in range(n):
    print(f"  %x{k} = arith.addi {previous}, %c1 : index")
    previous = f"%x{k}"
print(f"  %a = memref.load %m[{previous}] : memref<8xf32>")
print("  %b = memref.load %m[%i] : memref<8xf32>")
print("  return %a, %b : f32, f32")
print("}")
