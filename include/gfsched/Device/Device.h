//===- Device.h - Accelerator-like device descriptions ----------*- C++ -*-===//
//
// A device is a set of compute units, grouped into unit types. Each unit type
// says which op classes it runs and how fast; the device also says what a
// launch costs and, for the target latency models, how noisy durations are and
// what moving bytes between two units costs. Devices are described in JSON
// (docs/devices.md); the ones in models/devices/ are compiled in by name.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_DEVICE_DEVICE_H
#define GFSCHED_DEVICE_DEVICE_H

#include "gfsched/Graph/DepGraph.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <array>
#include <string>
#include <vector>

namespace gfsched {

struct UnitType {
  std::string name;
  unsigned count = 1;
  /// Peak rate, in GFLOP/s (= kFLOP/us). 0 means the type does no arithmetic:
  /// ops with FLOPs cannot run on it.
  double gflops = 0;
  /// Memory bandwidth in GB/s (= kB/us).
  double gbytesPerSecond = 0;
  /// runs[c] says whether this type runs op class c.
  std::array<bool, kNumOpClasses> runs{};
};

/// The cost of moving `bytes` between two different units: a * bytes + b.
struct TransferCost {
  double microsecondsPerByte = 0; ///< a
  double fixedMicroseconds = 0;   ///< b
  double cost(double bytes) const {
    return microsecondsPerByte * bytes + fixedMicroseconds;
  }
  /// What an edge of `bytes` from an op on `fromUnit` into one on `toUnit`
  /// costs: nothing on one unit.
  double between(unsigned fromUnit, unsigned toUnit, double bytes) const {
    return fromUnit == toUnit ? 0 : cost(bytes);
  }
};

class Device {
public:
  std::string name;
  std::string description;
  /// Added to the duration of every op that is not of class Meta.
  double launchOverheadMicroseconds = 0;
  std::vector<UnitType> unitTypes;
  /// Relative standard deviation of the `noisy` target's lognormal duration
  /// noise.
  double noiseStddev = 0;
  /// Transfer costs of the `bandwidth` (a dominates) and `latency` (b
  /// dominates) targets; `full` uses the bandwidth model's a and the latency
  /// model's b.
  TransferCost bandwidth, latency;

  unsigned numUnits() const { return unitTypeOfUnit.size(); }
  unsigned unitTypeOf(unsigned unit) const { return unitTypeOfUnit[unit]; }
  /// "<type name><index within the type>", e.g. "matrix1".
  llvm::StringRef unitName(unsigned unit) const { return unitNames[unit]; }
  /// The name of unit `index` of a type named `typeName`, as unitName().
  static std::string makeUnitName(llvm::StringRef typeName, unsigned index) {
    return (typeName + llvm::Twine(index)).str();
  }

  /// Whether a unit of `type` may run an op of this cost.
  bool canRun(const OpCost &cost, unsigned type) const;
  /// Duration in microseconds of an op on a unit of `type`:
  /// fixedDuration if set, else 0 for Meta ops, else
  /// launch overhead + max(flops / peak, bytes / bandwidth).
  /// Only meaningful where canRun() holds.
  double estimateDuration(const OpCost &cost, unsigned type) const;

  /// Recomputes the unit list from unitTypes; call after editing unitTypes.
  void finalizeUnits();

private:
  std::vector<unsigned> unitTypeOfUnit;
  std::vector<std::string> unitNames;
};

/// Parses and checks a device description. `sourceName` prefixes errors.
llvm::Expected<Device> parseDevice(llvm::StringRef jsonText,
                                   llvm::StringRef sourceName);
llvm::Expected<Device> deviceFromJSON(const llvm::json::Value &value,
                                      llvm::StringRef sourceName);
llvm::json::Value toJSON(const Device &device);

/// Names of the devices compiled into the library ("accel4", ...).
std::vector<llvm::StringRef> getBuiltinDeviceNames();
/// A builtin device by name, or else the device described by the JSON file at
/// `nameOrPath`.
llvm::Expected<Device> loadDevice(llvm::StringRef nameOrPath);

} // namespace gfsched

#endif // GFSCHED_DEVICE_DEVICE_H
