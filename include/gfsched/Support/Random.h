//===- Random.h - Seeded random streams -------------------------*- C++ -*-===//
//
// MLIR runs function passes in parallel, so no random stream may depend on a
// thread or on global state: every stream is derived from a user seed and a
// stable key such as the function's name.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SUPPORT_RANDOM_H
#define GFSCHED_SUPPORT_RANDOM_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <random>

namespace gfsched {

using Rng = std::mt19937_64;

/// SplitMix64's finaliser: a bijective mix of 64 bits.
uint64_t mixBits(uint64_t x);
/// A seed for the stream named `key` under the user seed `seed`.
uint64_t deriveSeed(uint64_t seed, llvm::StringRef key);
uint64_t deriveSeed(uint64_t seed, uint64_t key);

/// A uniform integer in [0, bound), bound > 0. Unlike
/// std::uniform_int_distribution, identical on every standard library.
uint64_t uniformIndex(Rng &rng, uint64_t bound);
/// A uniform double in [0, 1), identical on every standard library.
double uniformReal(Rng &rng);
/// A standard normal draw (Box-Muller), identical on every standard library.
double standardNormal(Rng &rng);

} // namespace gfsched

#endif // GFSCHED_SUPPORT_RANDOM_H
