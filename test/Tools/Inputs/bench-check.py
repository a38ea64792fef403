"""Checks a gfsched-bench CSV (bench.test): the rows are complete, the
metrics are in range, and no method beats the proven optimum on the proxy.
Prints "bench-check: OK" or the first violations and exits 1.

    bench-check.py <csv> <samples> <topk> [--tightened-baselines]

(--tightened-baselines: the run had --tighten-baselines, so the baselines'
candidates come with their transfer-aware replays too.)"""

import csv
import sys

EPS = 1e-9
SPEEDUPS = ["proxy_1", "proxy_topk", "noisy", "bandwidth", "latency", "full"]

def expected_candidates(method, samples, topk, drawn, tightened_baselines):
    """How many candidates `method` returns for `samples` samples (-1: wrong),
    with the default --keep-drawn and --keep-replays."""
    if method in ("gflownet", "ppo"):
        # Each sample tightened and its transfer-aware replay; the
        # gflownet's exploring half also as drawn.
        return 2 * samples + (samples // 2 if method == "gflownet" else 0)
    if method == "brkga":
        # The distinct schedules of its final population (<= 6 x topk).
        population = drawn // 2 if tightened_baselines else drawn
        valid = 1 <= population <= 6 * topk and (not tightened_baselines or drawn % 2 == 0)
        return drawn if valid else -1
    count = samples if method in ("random", "random-list") else 1
    return 2 * count if tightened_baselines and method != "exact" else count


def main(path, samples, topk, tightened_baselines):
    rows = list(csv.DictReader(open(path)))
    errors = []
    graphs = {}
    for row in rows:
        graphs.setdefault(row["graph"], {})[row["method"]] = row
    for graph, methods in graphs.items():
        exact = methods.get("exact")
        optimum = None
        if exact and exact["status"] == "ok":
            optimum = float(exact["proxy_1"])
        for method, row in methods.items():
            where = f"{graph} {method}"
            if row["status"] != "ok":
                if method != "exact" or row["status"] not in ("skipped", "node-limit"):
                    errors.append(f"{where}: status {row['status']}")
                continue
            bound = float(row["upper_bound"])
            best, mean = float(row["proxy_1"]), float(row["proxy_topk"])
            kept, drawn = int(row["kept"]), int(row["candidates"])
            if not 0 < mean <= best + EPS:
                errors.append(f"{where}: proxy_topk {mean} vs proxy_1 {best}")
            if best > bound + EPS:
                errors.append(f"{where}: proxy_1 {best} above the bound {bound}")
            if optimum is not None and best > optimum + EPS:
                errors.append(f"{where}: proxy_1 {best} beats exact {optimum}")
            expected = expected_candidates(method, samples, topk, drawn,
                                           tightened_baselines)
            # The kept are the best topk distinct candidates: fewer when the
            # draws repeat themselves.
            if drawn != expected or not 1 <= kept <= min(topk, drawn):
                errors.append(f"{where}: {drawn} drawn, {kept} kept")
            if int(row["distinct"]) != kept:
                errors.append(f"{where}: {row['distinct']} distinct of {kept}")
            if not 0 <= float(row["ged"]) <= 1:
                errors.append(f"{where}: GED {row['ged']}")
            if kept == 1 and any(float(row[k]) != 0 for k in ("ged", "d_inv", "d_sen")):
                errors.append(f"{where}: diversity of a single schedule")
            if float(row["d_sen"]) + EPS < float(row["d_inv"]):
                errors.append(f"{where}: d_sen below d_inv")
            if any(float(row[k]) <= 0 for k in SPEEDUPS):
                errors.append(f"{where}: a speedup is not positive")
    if errors:
        print("\n".join(errors[:20]))
        sys.exit(1)
    print(f"bench-check: OK, {len(graphs)} graphs, {len(rows)} rows")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
         "--tightened-baselines" in sys.argv[4:])
