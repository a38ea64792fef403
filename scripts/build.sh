#!/usr/bin/env bash
# Installs the Debian packages gfsched needs, then configures and builds it in
# build/ (or $GFSCHED_BUILD_DIR). Extra arguments go to the CMake configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}

bash "$root/scripts/install-deps.sh"
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build"
