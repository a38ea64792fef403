//===- Parallel.h - Chunked loops on an optional thread pool ----*- C++ -*-===//
//
// The pass runs on MLIR's thread pool when the context has one and on the
// calling thread when it does not (--mlir-disable-threading, the tests);
// forEachChunk serves both with the same results.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SUPPORT_PARALLEL_H
#define GFSCHED_SUPPORT_PARALLEL_H

#include "llvm/Support/ThreadPool.h"

#include <algorithm>

namespace gfsched {

/// Runs fn(begin, end) over [0, count) in chunks of `chunkSize`, as tasks of
/// `pool` when there is one and more than one chunk, and waits for them. Each
/// index is handled by exactly one call, so results written per index do not
/// depend on the pool.
template <typename Fn>
void forEachChunk(llvm::ThreadPoolInterface *pool, unsigned count,
                  unsigned chunkSize, Fn fn) {
  if (!pool || count <= chunkSize) {
    fn(0u, count);
    return;
  }
  llvm::ThreadPoolTaskGroup group(*pool);
  for (unsigned begin = 0; begin < count; begin += chunkSize) {
    unsigned end = std::min(count, begin + chunkSize);
    group.async([&fn, begin, end] { fn(begin, end); });
  }
  group.wait();
}

} // namespace gfsched

#endif // GFSCHED_SUPPORT_PARALLEL_H
