//===- BRKGA.cpp - Biased random-key genetic algorithm --------------------===//

#include "gfsched/Search/BRKGA.h"

#include "ReadyQueue.h"

#include "gfsched/Schedule/LatencyModel.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

using namespace gfsched;

Schedule gfsched::decodeRandomKeys(const Problem &problem,
                                   llvm::ArrayRef<double> keys,
                                   double *makespan) {
  unsigned numOps = problem.numOps(), numUnits = problem.numUnits();
  assert(keys.size() == 2 * size_t(numOps) && "one key pair per op");
  const DepGraph &graph = problem.getGraph();
  Schedule schedule(numOps, numUnits);
  std::vector<double> finish(numOps, 0.0), unitFree(numUnits, 0.0);
  // The first n keys are the ops' priorities.
  ReadyQueue ready(graph, keys);
  std::vector<std::pair<double, unsigned>> ranked;
  double end = 0;
  while (!ready.empty()) {
    NodeId op = ready.take();
    double inputs = 0;
    for (NodeId pred : graph.preds(op))
      inputs = std::max(inputs, finish[pred]);
    ranked.clear();
    for (unsigned unit : problem.allowedUnits(op))
      ranked.push_back({std::max(inputs, unitFree[unit]), unit});
    double unitKey = keys[numOps + op];
    size_t rank = 0;
    if (unitKey >= 0.5) {
      rank = std::min<size_t>(size_t((2 * unitKey - 1) * ranked.size()),
                              ranked.size() - 1);
      // Only the rank-th smallest (start, unit) is needed.
      std::nth_element(ranked.begin(), ranked.begin() + rank, ranked.end());
    } else {
      std::nth_element(ranked.begin(), ranked.begin(), ranked.end());
    }
    auto [start, unit] = ranked[rank];
    finish[op] = start + problem.duration(op, unit);
    unitFree[unit] = finish[op];
    end = std::max(end, finish[op]);
    schedule.append(op, unit);
  }
  assert(schedule.isComplete() && "the graph has a cycle");
  // Ops without predecessors start at 0, so the makespan is the last finish.
  if (makespan)
    *makespan = end;
  return schedule;
}

namespace {

struct Individual {
  std::vector<double> keys;
  double makespan = 0;
};

void randomKeys(Rng &rng, std::vector<double> &keys) {
  for (double &key : keys)
    key = uniformReal(rng);
}

/// The individual's fitness: its proxy makespan, or its makespan under
/// `fitness` when there is one.
void evaluate(const Problem &problem, const LatencyModel *fitness,
              Individual &individual) {
  Schedule schedule =
      decodeRandomKeys(problem, individual.keys, &individual.makespan);
  if (fitness)
    individual.makespan = fitness->makespan(schedule);
}

/// Best makespan first; ties keep the earlier position (stable).
void rank(std::vector<Individual> &population) {
  std::stable_sort(population.begin(), population.end(),
                   [](const Individual &a, const Individual &b) {
                     return a.makespan < b.makespan;
                   });
}

} // namespace

std::vector<Schedule> gfsched::brkgaSchedules(const Problem &problem, Rng &rng,
                                              const BRKGAOptions &options) {
  assert((!options.fitness || &options.fitness->getProblem() == &problem) &&
         "the fitness model judges the same problem");
  unsigned numOps = problem.numOps();
  unsigned size = std::max(1u, options.populationSize);
  if (numOps == 0)
    return {Schedule(0, problem.numUnits())};
  size_t numKeys = 2 * size_t(numOps);

  unsigned numElite = std::clamp<unsigned>(
      unsigned(std::ceil(options.eliteFraction * size)), 1, size);
  unsigned numMutants = std::min<unsigned>(
      unsigned(std::round(options.mutantFraction * size)), size - numElite);
  unsigned numChildren = size - numElite - numMutants;

  // The initial population.
  std::vector<Individual> population(size);
  for (auto [index, individual] : llvm::enumerate(population)) {
    individual.keys.resize(numKeys);
    if (index == 0 && options.seedWithBottomLevels) {
      // Priority = bottom level scaled into [0, 1); unit keys 0.
      double scale =
          problem.criticalPath() > 0 ? 0.999 / problem.criticalPath() : 0.0;
      for (NodeId op = 0; op < numOps; ++op) {
        individual.keys[op] = problem.bottomLevel(op) * scale;
        individual.keys[numOps + op] = 0;
      }
    } else {
      randomKeys(rng, individual.keys);
    }
    evaluate(problem, options.fitness, individual);
  }
  uint64_t evaluations = size;
  rank(population);

  // Generations: elites survive, mutants are fresh, children mix an elite
  // and a non-elite parent key by key.
  uint64_t perGeneration = numMutants + numChildren;
  std::vector<Individual> next(size);
  while (perGeneration > 0 &&
         evaluations + perGeneration <= options.maxEvaluations) {
    for (unsigned i = 0; i < numElite; ++i)
      next[i] = population[i];
    for (unsigned i = 0; i < numChildren; ++i) {
      Individual &child = next[numElite + i];
      const Individual &elite = population[uniformIndex(rng, numElite)];
      const Individual &other =
          numElite < size
              ? population[numElite + uniformIndex(rng, size - numElite)]
              : population[uniformIndex(rng, size)];
      child.keys.resize(numKeys);
      for (size_t k = 0; k < numKeys; ++k)
        child.keys[k] = uniformReal(rng) < options.eliteBias ? elite.keys[k]
                                                             : other.keys[k];
      evaluate(problem, options.fitness, child);
    }
    for (unsigned i = 0; i < numMutants; ++i) {
      Individual &mutant = next[numElite + numChildren + i];
      mutant.keys.resize(numKeys);
      randomKeys(rng, mutant.keys);
      evaluate(problem, options.fitness, mutant);
    }
    evaluations += perGeneration;
    std::swap(population, next);
    rank(population);
  }

  // The final population's distinct schedules, best first.
  std::vector<Schedule> schedules;
  schedules.reserve(size);
  for (const Individual &individual : population) {
    Schedule schedule = decodeRandomKeys(problem, individual.keys);
    if (!llvm::is_contained(schedules, schedule))
      schedules.push_back(std::move(schedule));
  }
  return schedules;
}
