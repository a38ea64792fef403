//===- BRKGA.h - Biased random-key genetic algorithm ------------*- C++ -*-===//
//
// The paper's BRKGA baseline (PAPER.md, "Baselines"): a population of
// random-key chromosomes evolved on the proxy makespan, whose final
// population is the candidate set. Plain C++ over a Problem, like the other
// schedulers of this layer.
//
// Chromosome: 2n keys in [0, 1) for n ops: a priority key and a unit key per
// op. Decoder (serial list scheduling): repeatedly take the ready op (all
// predecessors placed) with the highest priority key (ties: lower op id), and
// place it last on one of its allowed units, ranked by the proxy start time
// it would get there (ties: lower unit). A unit key below 0.5 takes the
// earliest-start unit; a key k >= 0.5 takes rank floor((2k - 1) * allowed).
// So half of the key space is the classic earliest-start decoder (good
// schedules from random keys) and every unit stays reachable: every schedule
// has a chromosome. The fitness is the proxy makespan, computed while
// decoding, or the makespan under another latency model
// (BRKGAOptions::fitness).
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SEARCH_BRKGA_H
#define GFSCHED_SEARCH_BRKGA_H

#include "gfsched/Schedule/Problem.h"
#include "gfsched/Schedule/Schedule.h"
#include "gfsched/Support/Random.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace gfsched {

class LatencyModel;

struct BRKGAOptions {
  /// Individuals per generation. With 20,000 decodes (about 40
  /// generations), 600 gave the best target speedups on held-out graphs of
  /// the sizes tried, 100 to 1000 (docs/bench.md, "BRKGA").
  unsigned populationSize = 600;
  /// Share of the population copied unchanged into the next generation.
  double eliteFraction = 0.2;
  /// Share replaced by fresh random chromosomes every generation.
  double mutantFraction = 0.1;
  /// Probability that a child takes a key from its elite parent.
  double eliteBias = 0.7;
  /// Decodes allowed in total, the initial population included. Evolution
  /// stops before a generation that would exceed it (at least the initial
  /// population is always decoded).
  uint64_t maxEvaluations = 20'000;
  /// Put one heuristic chromosome into the initial population: priority
  /// keys ordered by bottom level (critical-path list scheduling), unit keys
  /// 0 (earliest-start unit).
  bool seedWithBottomLevels = true;
  /// The model whose makespan the population is evolved on (over the same
  /// problem); null for the proxy. A target model turns the BRKGA into a
  /// search on the target itself, spending maxEvaluations target
  /// evaluations: a reference for benchmarks (how good a schedule the
  /// target admits), not a scheduler, which has the proxy to rank with and
  /// a few target evaluations to choose with.
  const LatencyModel *fitness = nullptr;
};

/// Decodes a chromosome of 2 * problem.numOps() keys in [0, 1) (see above).
/// If `makespan` is not null, stores the proxy makespan there.
Schedule decodeRandomKeys(const Problem &problem, llvm::ArrayRef<double> keys,
                          double *makespan = nullptr);

/// Runs the BRKGA and returns the distinct schedules of its final
/// population, best fitness first (ties: population order).
/// Deterministic for a given `rng` state. Every schedule passes verify().
std::vector<Schedule> brkgaSchedules(const Problem &problem, Rng &rng,
                                     const BRKGAOptions &options = {});

} // namespace gfsched

#endif // GFSCHED_SEARCH_BRKGA_H
