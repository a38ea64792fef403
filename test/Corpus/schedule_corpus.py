#!/usr/bin/env python3
"""Schedules every .mlir file under --corpus with gfsched-opt and checks that
the stock mlir-opt re-parses and verifies the result and that it holds exactly
the ops of the input (same counts per op name). Prints one line per file and
exits non-zero if any file fails."""

import argparse
import pathlib
import re
import subprocess
import sys
import time


def op_counts(mlir_opt, text):
    """Op name -> count, from mlir-opt's --print-op-stats."""
    result = subprocess.run([mlir_opt, "--print-op-stats", "-o", "/dev/null"],
                            input=text, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("stock mlir-opt rejected the output:\n" + result.stderr[-4000:])
    return dict(re.findall(r"^\s*(\S+)\s*,\s*(\d+)\s*$", result.stderr, re.M))


def check_file(path, args):
    source = path.read_text()
    started = time.monotonic()
    scheduled = subprocess.run(
        [args.gfsched_opt, str(path), f"--gflownet-schedule={args.options}"],
        capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if scheduled.returncode != 0:
        return f"gfsched-opt failed:\n{scheduled.stderr[-4000:]}", elapsed
    before, after = op_counts(args.mlir_opt, source), op_counts(args.mlir_opt, scheduled.stdout)
    if before != after:
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        return f"op counts changed for {changed}", elapsed
    if "gfsched.unit" not in scheduled.stdout:
        return "no op was scheduled", elapsed
    return None, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", required=True, type=pathlib.Path)
    parser.add_argument("--gfsched-opt", required=True)
    parser.add_argument("--mlir-opt", required=True)
    parser.add_argument("--options", default="policy=list")
    args = parser.parse_args()

    files = sorted(args.corpus.rglob("*.mlir"))
    if not files:
        print(f"no .mlir files under {args.corpus}")
        return 1
    failures = 0
    for path in files:
        error, elapsed = check_file(path, args)
        status = "ok" if error is None else "FAIL"
        print(f"{status:4} {elapsed:6.2f}s {path.relative_to(args.corpus)}")
        if error:
            failures += 1
            print("     " + error.replace("\n", "\n     "))
    print(f"{len(files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
