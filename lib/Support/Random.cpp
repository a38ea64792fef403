//===- Random.cpp - Seeded random streams ---------------------------------===//

#include "gfsched/Support/Random.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/xxhash.h"

#include <cassert>
#include <cmath>

using namespace gfsched;

uint64_t gfsched::mixBits(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Mixing the seed before combining keeps nearby seeds (0, 1, 2, ...) with the
// same key from giving related streams.
uint64_t gfsched::deriveSeed(uint64_t seed, llvm::StringRef key) {
  return mixBits(mixBits(seed) ^ llvm::xxh3_64bits(key));
}

uint64_t gfsched::deriveSeed(uint64_t seed, uint64_t key) {
  // The odd constant keeps key 0 from cancelling against the seed.
  return mixBits(mixBits(seed) ^ mixBits(key + 0x9e3779b97f4a7c15ULL));
}

// Lemire's nearly divisionless method: the high half of a 128-bit product,
// rejecting the few low halves that would bias the result.
uint64_t gfsched::uniformIndex(Rng &rng, uint64_t bound) {
  assert(bound > 0 && "uniformIndex needs a positive bound");
  unsigned __int128 product = (unsigned __int128)rng() * bound;
  uint64_t low = (uint64_t)product;
  if (low < bound) {
    uint64_t threshold = -bound % bound;
    while (low < threshold) {
      product = (unsigned __int128)rng() * bound;
      low = (uint64_t)product;
    }
  }
  return (uint64_t)(product >> 64);
}

double gfsched::uniformReal(Rng &rng) {
  // The top 53 bits fill a double's mantissa exactly.
  return (rng() >> 11) * 0x1.0p-53;
}

double gfsched::standardNormal(Rng &rng) {
  // 1 - u lies in (0, 1], so the logarithm is finite. Only one of the two
  // Box-Muller outputs is used: caching the other would make the stream
  // depend on call history outside the Rng.
  double u1 = 1.0 - uniformReal(rng);
  double u2 = uniformReal(rng);
  return std::sqrt(-2.0 * std::log(u1)) *
         std::cos(2.0 * llvm::numbers::pi * u2);
}
