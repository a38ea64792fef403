#!/usr/bin/env bash
# Builds gfsched with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-sanitizers/ (or $GFSCHED_SANITIZER_BUILD_DIR) and runs the whole test
# suite there through ctest. .ci/run runs it after the README's test command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_SANITIZER_BUILD_DIR:-$root/build-sanitizers}

bash "$root/scripts/install-deps.sh"
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DGFSCHED_ENABLE_SANITIZERS=ON -DGFSCHED_ENABLE_BENCHMARKS=OFF
cmake --build "$build"
ctest --test-dir "$build" --output-on-failure
