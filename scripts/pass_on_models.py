#!/usr/bin/env python3
"""Whole models through the pass, as a user runs it.

gfsched-bench measures the paper's protocol on graphs (a model's block cut
into windows of at most 128 ops, each a graph of its own); this runs
`gfsched-opt <model> --gflownet-schedule="report=true ..."` on each whole
model instead, windows joined as the pass joins them, with policy=list and
policy=gflownet, judged on each target in turn, and tabulates the report's
target makespans before (the original order) and after.

    pass_on_models.py --opt=build/bin/gfsched-opt --corpus=../shared/corpus \
        --markdown=out.md --csv=out.csv MODEL...

MODEL is a path relative to the corpus folder. A model with several
functions counts the sum of their makespans, as the report of one function
sums its blocks.
"""

import argparse
import csv
import re
import subprocess
import sys
import time

DEVICES = ["accel4", "accel-hetero"]
TARGETS = ["bandwidth", "latency", "full"]
POLICIES = ["list", "gflownet"]

REMARK = re.compile(
    r"remark: gflownet-schedule: (?P<ops>\d+) ops in \d+ block\(s\) .*?"
    r"target\((?P<target>\w+)\) (?P<before>[0-9.]+) us -> "
    r"(?P<after>[0-9.]+) us")


def run_pass(opt, model_path, device, target, policy):
    """Sums of ops and of target makespans before and after, and seconds."""
    options = f"report=true device={device} target={target} policy={policy}"
    start = time.monotonic()
    result = subprocess.run(
        [opt, model_path, f"--gflownet-schedule={options}", "-o", "/dev/null"],
        capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"pass_on_models.py: {model_path} ({options}) failed:\n"
                 f"{result.stderr}")
    ops = before = after = 0.0
    for match in REMARK.finditer(result.stderr):
        ops += int(match["ops"])
        before += float(match["before"])
        after += float(match["after"])
    if before == 0:
        sys.exit(f"pass_on_models.py: no report for {model_path} ({options})")
    return int(ops), before, after, seconds


def measure(opt, corpus, models):
    rows = []
    for device in DEVICES:
        for model in models:
            for target in TARGETS:
                for policy in POLICIES:
                    ops, before, after, seconds = run_pass(
                        opt, f"{corpus}/{model}", device, target, policy)
                    rows.append({
                        "device": device, "model": model, "ops": ops,
                        "target": target, "policy": policy,
                        "before_us": before, "after_us": after,
                        "speedup": before / after, "seconds": seconds})
    return rows


def write_markdown(rows, models, out):
    def cell(device, model, target, policy, key):
        for row in rows:
            if (row["device"], row["model"], row["target"],
                    row["policy"]) == (device, model, target, policy):
                return row[key]
        raise KeyError((device, model, target, policy))

    out.write("# Whole models through the pass\n\n"
              "Made by `scripts/pass_on_models.py` (from "
              "`scripts/run-benchmarks.sh`): each model through "
              "`gfsched-opt --gflownet-schedule=\"report=true device=<d> "
              "target=<t> policy=<p>\"`, default options otherwise (1000 "
              "samples, windows of 128 ops, the budget). Target speedup over "
              "the original order (the report's before / after; 1.00 where "
              "the pass kept it); bold where the GFlowNet beats list "
              "scheduling by 0.5% or more. Seconds: the whole `gfsched-opt` "
              "process with the GFlowNet on the full target, LibTorch's "
              "start-up included.\n")
    for device in DEVICES:
        out.write(f"\n## {device}\n\n"
                  "| model | ops | list: bandwidth / latency / full | "
                  "gflownet: bandwidth / latency / full | seconds |\n"
                  "|---|---:|---|---|---:|\n")
        for model in models:
            speedups = {}
            for policy in POLICIES:
                speedups[policy] = [cell(device, model, t, policy, "speedup")
                                    for t in TARGETS]
            learned = []
            for ours, theirs in zip(speedups["gflownet"], speedups["list"]):
                text = f"{ours:.3f}"
                learned.append(f"**{text}**" if ours >= theirs * 1.005
                               else text)
            listed = " / ".join(f"{s:.3f}" for s in speedups["list"])
            out.write(f"| {model} | {cell(device, model, 'full', 'list', 'ops')}"
                      f" | {listed} | {' / '.join(learned)} | "
                      f"{cell(device, model, 'full', 'gflownet', 'seconds'):.1f}"
                      " |\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opt", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    rows = measure(args.opt, args.corpus, args.models)
    with open(args.csv, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(args.markdown, "w") as out:
        write_markdown(rows, args.models, out)


if __name__ == "__main__":
    main()
