#!/usr/bin/env python3
"""Draws a training curve as SVG from a gfsched-train --csv log, with no
dependency beyond Python: the batch mean and best proxy speedup of updates at
low temperature (sigma < 0.02) and the mean at high temperature (sigma > 0.3),
averaged over bins of updates.

Usage: plot_training.py log.csv out.svg [--bin 250] [--title TEXT]"""

import argparse
import csv
import sys
from html import escape

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 40, 50


def binned(rows, keep, column, size):
    points = []
    for start in range(0, len(rows), size):
        chunk = [r for r in rows[start:start + size] if keep(float(r["sigma"]))]
        if chunk:
            step = int(rows[min(start + size, len(rows)) - 1]["step"])
            points.append((step, sum(float(r[column]) for r in chunk) / len(chunk)))
    return points


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv")
    parser.add_argument("svg")
    parser.add_argument("--bin", type=int, default=250)
    parser.add_argument("--title", default="GFlowNet training")
    args = parser.parse_args()
    if args.bin < 1:
        parser.error("--bin must be at least 1")
    rows = list(csv.DictReader(open(args.csv)))
    series = [
        ("best of batch, sigma < 0.02", "#1f77b4", binned(rows, lambda s: s < 0.02, "best_speedup", args.bin)),
        ("mean of batch, sigma < 0.02", "#2ca02c", binned(rows, lambda s: s < 0.02, "mean_speedup", args.bin)),
        ("mean of batch, sigma > 0.3", "#d62728", binned(rows, lambda s: s > 0.3, "mean_speedup", args.bin)),
    ]
    steps = [p[0] for _, _, pts in series for p in pts]
    values = [p[1] for _, _, pts in series for p in pts]
    if not steps:
        # A PPO log (one sigma, 0.25) or a narrow sigma range has no update
        # in either band.
        sys.exit(f"plot_training.py: {args.csv} has no update at sigma < 0.02 "
                 "or > 0.3 to plot")
    x_max = max(max(steps), 1)
    y_min, y_max = min(values) * 0.95, max(values) * 1.02
    if y_max <= y_min:  # one value, or all equal
        y_min, y_max = y_min - 0.5, y_max + 0.5

    def x(step):
        return LEFT + (WIDTH - LEFT - RIGHT) * step / x_max

    def y(value):
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value - y_min) / (y_max - y_min)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">{escape(args.title)}</text>']
    for i in range(6):
        value = y_min + (y_max - y_min) * i / 5
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.2f}</text>')
    for i in range(6):
        step = x_max * i / 5
        out.append(f'<text x="{x(step):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{int(step)}</text>')
    out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 12}" text-anchor="middle">update</text>')
    out.append(f'<text x="16" y="{HEIGHT / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {HEIGHT / 2})">proxy speedup</text>')
    for index, (label, color, points) in enumerate(series):
        path = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in points)
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"/>')
        ly = (TOP + HEIGHT - BOTTOM) // 2 - 16 + 16 * index
        out.append(f'<line x1="{WIDTH - 250}" x2="{WIDTH - 230}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2"/>')
        out.append(f'<text x="{WIDTH - 225}" y="{ly + 4}">{escape(label)}</text>')
    out.append("</svg>")
    open(args.svg, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
