//===- TestUtil.h - Shared helpers of the core unit tests -------*- C++ -*-===//

#ifndef GFSCHED_TEST_UNIT_TESTUTIL_H
#define GFSCHED_TEST_UNIT_TESTUTIL_H

#include "gfsched/Device/Device.h"
#include "gfsched/Graph/DepGraph.h"
#include "gfsched/Schedule/Schedule.h"
#include "gfsched/Support/Random.h"

#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace gfsched::test {

/// The message of a failed Expected, or "" (consuming it either way).
template <typename T> std::string errorOf(llvm::Expected<T> value) {
  if (value)
    return "";
  return llvm::toString(value.takeError());
}
inline std::string errorOf(llvm::Error error) {
  if (!error)
    return "";
  return llvm::toString(std::move(error));
}

inline UnitType makeUnitType(std::string name, unsigned count, double gflops,
                             const std::vector<OpClass> &runs) {
  UnitType type;
  type.name = std::move(name);
  type.count = count;
  type.gflops = gflops;
  type.gbytesPerSecond = 100;
  for (OpClass opClass : runs)
    type.runs[static_cast<unsigned>(opClass)] = true;
  return type;
}

inline std::vector<OpClass> allOpClasses() {
  return {OpClass::Contraction, OpClass::Elementwise, OpClass::Reduction,
          OpClass::Data,        OpClass::Meta,        OpClass::Other};
}

/// `numUnits` identical units "u0", "u1", ... that run every class, no launch
/// overhead and no noise.
inline Device makeHomogeneousDevice(unsigned numUnits) {
  Device device;
  device.name = "test";
  device.unitTypes.push_back(makeUnitType("u", numUnits, 1, allOpClasses()));
  device.finalizeUnits();
  return device;
}

/// A graph of ops with fixed durations (class Other), named "a", "b", ...
/// (then "op<i>"), and the given edges.
inline DepGraph makeGraph(const std::vector<double> &durations,
                          const std::vector<Edge> &edges) {
  DepGraphBuilder builder;
  for (size_t i = 0; i < durations.size(); ++i) {
    OpCost cost;
    cost.fixedDuration = durations[i];
    std::string name =
        i < 26 ? std::string(1, char('a' + i)) : "op" + std::to_string(i);
    builder.addNode(cost, name);
  }
  for (const Edge &edge : edges)
    builder.addEdge(edge.from, edge.to, edge.bytes);
  return llvm::cantFail(std::move(builder).build());
}

/// A schedule given as one op list per unit.
inline Schedule makeSchedule(unsigned numOps,
                             const std::vector<std::vector<NodeId>> &orders) {
  Schedule schedule(numOps, orders.size());
  for (size_t unit = 0; unit < orders.size(); ++unit)
    for (NodeId op : orders[unit])
      schedule.append(op, unit);
  return schedule;
}

/// A random DAG of `numOps` ops with integer durations in [0, maxDuration]
/// (zeros and ties stress the schedulers' tie handling) and forward edges
/// drawn with probability `edgeProbability`.
inline DepGraph makeRandomGraph(Rng &rng, unsigned numOps,
                                double edgeProbability, unsigned maxDuration,
                                unsigned numClasses = 1) {
  DepGraphBuilder builder;
  for (unsigned i = 0; i < numOps; ++i) {
    OpCost cost;
    cost.fixedDuration = double(uniformIndex(rng, maxDuration + 1));
    cost.opClass = static_cast<OpClass>(uniformIndex(rng, numClasses));
    builder.addNode(cost, "op" + std::to_string(i));
  }
  for (unsigned from = 0; from < numOps; ++from)
    for (unsigned to = from + 1; to < numOps; ++to)
      if (uniformReal(rng) < edgeProbability)
        builder.addEdge(from, to, double(uniformIndex(rng, 1000)));
  return llvm::cantFail(std::move(builder).build());
}

} // namespace gfsched::test

#endif // GFSCHED_TEST_UNIT_TESTUTIL_H
