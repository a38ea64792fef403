#!/usr/bin/env bash
# Quick start, part 2: install, build, and run every test (GoogleTest and lit)
# through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GFSCHED_BUILD_DIR:-$root/build}

bash "$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure
