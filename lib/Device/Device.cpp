//===- Device.cpp - Accelerator-like device descriptions ------------------===//

#include "gfsched/Device/Device.h"

#include "gfsched/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

using namespace gfsched;
namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// Device
//===----------------------------------------------------------------------===//

bool Device::canRun(const OpCost &cost, unsigned type) const {
  const UnitType &unitType = unitTypes[type];
  if (!unitType.runs[static_cast<unsigned>(cost.opClass)])
    return false;
  // A fixed duration needs no rate; otherwise the unit needs a rate for
  // every kind of work the op does, or its duration would be infinite.
  if (cost.fixedDuration)
    return true;
  if (cost.flops > 0 && unitType.gflops <= 0)
    return false;
  if (cost.bytes > 0 && unitType.gbytesPerSecond <= 0)
    return false;
  return true;
}

double Device::estimateDuration(const OpCost &cost, unsigned type) const {
  if (cost.fixedDuration)
    return *cost.fixedDuration;
  if (cost.opClass == OpClass::Meta)
    return 0;
  const UnitType &unitType = unitTypes[type];
  // GFLOP/s is kFLOP/us and GB/s is kB/us.
  double compute = cost.flops > 0 ? cost.flops / (unitType.gflops * 1e3) : 0.0;
  double memory =
      cost.bytes > 0 ? cost.bytes / (unitType.gbytesPerSecond * 1e3) : 0.0;
  return launchOverheadMicroseconds + std::max(compute, memory);
}

void Device::finalizeUnits() {
  unitTypeOfUnit.clear();
  unitNames.clear();
  for (auto [type, unitType] : llvm::enumerate(unitTypes)) {
    for (unsigned index = 0; index < unitType.count; ++index) {
      unitTypeOfUnit.push_back(type);
      unitNames.push_back(makeUnitName(unitType.name, index));
    }
  }
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

static std::string opClassList() {
  std::vector<std::string> names;
  for (unsigned i = 0; i < kNumOpClasses; ++i)
    names.push_back(getOpClassName(static_cast<OpClass>(i)).str());
  return llvm::join(names, ", ");
}

static bool readName(const json::Object &object, llvm::StringLiteral key,
                     std::string &out, JSONReader &reader, json::Path path) {
  const json::Value *value = object.get(key);
  if (!value)
    return reader.fail(path.field(key), "missing value");
  std::optional<llvm::StringRef> text = value->getAsString();
  if (!text || text->empty())
    return reader.fail(path.field(key), "expected a non-empty string");
  out = text->str();
  return true;
}

static bool readRuns(const json::Object &object, UnitType &unitType,
                     JSONReader &reader, json::Path path) {
  const json::Array *runs = object.getArray("runs");
  if (!runs)
    return reader.fail(path.field("runs"), "expected an array of op classes");
  if (runs->empty())
    return reader.fail(path.field("runs"), "the unit type runs no op class");
  // A Path points to its parent: keep each one alive while it is used.
  json::Path runsPath = path.field("runs");
  for (auto [index, value] : llvm::enumerate(*runs)) {
    json::Path elementPath = runsPath.index(index);
    std::optional<llvm::StringRef> name = value.getAsString();
    if (!name)
      return reader.fail(elementPath, "expected an op class name");
    std::optional<OpClass> opClass = parseOpClass(*name);
    if (!opClass)
      return reader.fail(elementPath, "unknown op class",
                         "'" + *name + "' (expected one of " + opClassList() +
                             ")");
    unitType.runs[static_cast<unsigned>(*opClass)] = true;
  }
  return true;
}

static bool readCount(const json::Object &object, unsigned &out,
                      JSONReader &reader, json::Path path) {
  const json::Value *value = object.get("count");
  if (!value)
    return true;
  std::optional<int64_t> count = value->getAsInteger();
  if (!count)
    return reader.fail(path.field("count"), "expected an integer");
  if (*count < 1 || *count > 4096)
    return reader.fail(path.field("count"),
                       "expected a unit count between 1 and 4096",
                       llvm::formatv("got {0}", *count).str());
  out = *count;
  return true;
}

static bool readUnitType(const json::Value &value, UnitType &unitType,
                         JSONReader &reader, json::Path path) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return reader.fail(path, "expected an object");
  return reader.checkKeys(*object,
                          {"name", "count", "gflops", "gbytes_per_s", "runs"},
                          path) &&
         readName(*object, "name", unitType.name, reader, path) &&
         readCount(*object, unitType.count, reader, path) &&
         reader.readAmount(*object, "gflops", unitType.gflops, path) &&
         reader.readAmount(*object, "gbytes_per_s", unitType.gbytesPerSecond,
                           path) &&
         readRuns(*object, unitType, reader, path);
}

/// Units are named <type name><index> (Device::makeUnitName), which the pass
/// writes into the IR: two types must not name the same unit, as "core" x 11
/// and "core1" would ("core10").
static bool checkUnitNames(const Device &device, JSONReader &reader,
                           json::Path typesPath) {
  llvm::StringMap<std::pair<unsigned, unsigned>> owner;
  for (auto [type, unitType] : llvm::enumerate(device.unitTypes))
    for (unsigned index = 0; index < unitType.count; ++index) {
      std::string name = Device::makeUnitName(unitType.name, index);
      auto [it, inserted] = owner.try_emplace(name, type, index);
      if (inserted)
        continue;
      auto [otherType, otherIndex] = it->second;
      return reader.fail(
          typesPath.index(type).field("name"), "duplicate unit name",
          llvm::formatv("'{0}' names unit {1} of '{2}' and unit {3} of '{4}'",
                        name, otherIndex, device.unitTypes[otherType].name,
                        index, unitType.name)
              .str());
    }
  return true;
}

static bool readUnitTypes(const json::Object &object, Device &device,
                          JSONReader &reader, json::Path path) {
  json::Path typesPath = path.field("unit_types");
  const json::Array *types = object.getArray("unit_types");
  if (!types)
    return reader.fail(typesPath, "expected an array of unit types");
  if (types->empty())
    return reader.fail(typesPath, "the device has no compute units");
  llvm::StringSet<> seen;
  for (auto [index, value] : llvm::enumerate(*types)) {
    UnitType unitType;
    if (!readUnitType(value, unitType, reader, typesPath.index(index)))
      return false;
    if (!seen.insert(unitType.name).second)
      return reader.fail(typesPath.index(index).field("name"),
                         "duplicate unit type name", "'" + unitType.name + "'");
    device.unitTypes.push_back(std::move(unitType));
  }
  return checkUnitNames(device, reader, typesPath);
}

/// Reads the optional object `key` after checking its keys.
static const json::Object *readSection(const json::Object &object,
                                       llvm::StringLiteral key,
                                       llvm::ArrayRef<llvm::StringLiteral> keys,
                                       bool &ok, JSONReader &reader,
                                       json::Path path) {
  ok = true;
  const json::Value *value = object.get(key);
  if (!value)
    return nullptr;
  const json::Object *section = value->getAsObject();
  if (!section) {
    ok = reader.fail(path.field(key), "expected an object");
    return nullptr;
  }
  ok = reader.checkKeys(*section, keys, path.field(key));
  return section;
}

static bool readTransferCost(const json::Object &object,
                             llvm::StringLiteral key, TransferCost &cost,
                             JSONReader &reader, json::Path path) {
  bool ok;
  const json::Object *section =
      readSection(object, key, {"us_per_byte", "us_fixed"}, ok, reader, path);
  if (!section)
    return ok;
  return ok &&
         reader.readAmount(*section, "us_per_byte", cost.microsecondsPerByte,
                           path.field(key)) &&
         reader.readAmount(*section, "us_fixed", cost.fixedMicroseconds,
                           path.field(key));
}

static bool readNoiseAndTransfer(const json::Object &object, Device &device,
                                 JSONReader &reader, json::Path path) {
  bool ok;
  const json::Object *noise =
      readSection(object, "noise", {"relative_stddev"}, ok, reader, path);
  if (!ok ||
      (noise && !reader.readAmount(*noise, "relative_stddev",
                                   device.noiseStddev, path.field("noise"))))
    return false;
  const json::Object *transfer = readSection(
      object, "transfer", {"bandwidth", "latency"}, ok, reader, path);
  if (!ok)
    return false;
  if (!transfer)
    return true;
  return readTransferCost(*transfer, "bandwidth", device.bandwidth, reader,
                          path.field("transfer")) &&
         readTransferCost(*transfer, "latency", device.latency, reader,
                          path.field("transfer"));
}

static bool readDevice(const json::Value &value, Device &device,
                       JSONReader &reader, json::Path path) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return reader.fail(path, "expected an object");
  if (!reader.checkKeys(*object,
                        {"name", "description", "launch_overhead_us",
                         "unit_types", "noise", "transfer"},
                        path) ||
      !readName(*object, "name", device.name, reader, path))
    return false;
  if (const json::Value *description = object->get("description")) {
    std::optional<llvm::StringRef> text = description->getAsString();
    if (!text)
      return reader.fail(path.field("description"), "expected a string");
    device.description = text->str();
  }
  return reader.readAmount(*object, "launch_overhead_us",
                           device.launchOverheadMicroseconds, path) &&
         readUnitTypes(*object, device, reader, path) &&
         readNoiseAndTransfer(*object, device, reader, path);
}

/// Every op must have a unit to run on, whatever its class.
static llvm::Error checkCoverage(const Device &device,
                                 llvm::StringRef sourceName) {
  for (unsigned c = 0; c < kNumOpClasses; ++c) {
    bool covered = llvm::any_of(
        device.unitTypes, [&](const UnitType &type) { return type.runs[c]; });
    if (!covered)
      return llvm::createStringError(llvm::formatv(
          "{0}: device '{1}': no unit type runs op class '{2}'", sourceName,
          device.name, getOpClassName(static_cast<OpClass>(c))));
  }
  return llvm::Error::success();
}

llvm::Expected<Device> gfsched::deviceFromJSON(const json::Value &value,
                                               llvm::StringRef sourceName) {
  JSONReader reader("device");
  Device device;
  if (!readDevice(value, device, reader, reader.path()))
    return reader.takeError(sourceName);
  if (llvm::Error err = checkCoverage(device, sourceName))
    return std::move(err);
  device.finalizeUnits();
  return device;
}

llvm::Expected<Device> gfsched::parseDevice(llvm::StringRef jsonText,
                                            llvm::StringRef sourceName) {
  llvm::Expected<json::Value> value = json::parse(jsonText);
  if (!value)
    return llvm::createStringError(
        sourceName + ": invalid JSON: " + llvm::toString(value.takeError()));
  return deviceFromJSON(*value, sourceName);
}

static json::Value toJSON(const TransferCost &cost) {
  return json::Object{{"us_per_byte", cost.microsecondsPerByte},
                      {"us_fixed", cost.fixedMicroseconds}};
}

json::Value gfsched::toJSON(const Device &device) {
  json::Array types;
  for (const UnitType &type : device.unitTypes) {
    json::Array runs;
    for (unsigned c = 0; c < kNumOpClasses; ++c)
      if (type.runs[c])
        runs.push_back(getOpClassName(static_cast<OpClass>(c)).str());
    types.push_back(json::Object{{"name", type.name},
                                 {"count", type.count},
                                 {"gflops", type.gflops},
                                 {"gbytes_per_s", type.gbytesPerSecond},
                                 {"runs", std::move(runs)}});
  }
  return json::Object{
      {"name", device.name},
      {"description", device.description},
      {"launch_overhead_us", device.launchOverheadMicroseconds},
      {"unit_types", std::move(types)},
      {"noise", json::Object{{"relative_stddev", device.noiseStddev}}},
      {"transfer", json::Object{{"bandwidth", ::toJSON(device.bandwidth)},
                                {"latency", ::toJSON(device.latency)}}}};
}

//===----------------------------------------------------------------------===//
// Builtin devices
//===----------------------------------------------------------------------===//

namespace {
struct BuiltinDevice {
  llvm::StringRef name;
  llvm::StringRef text;
};
} // namespace

// One {name, text} pair per models/devices/*.json, embedded at build time.
static const BuiltinDevice kBuiltinDevices[] = {
#include "BuiltinDevices.inc"
};

std::vector<llvm::StringRef> gfsched::getBuiltinDeviceNames() {
  std::vector<llvm::StringRef> names;
  for (const BuiltinDevice &device : kBuiltinDevices)
    names.push_back(device.name);
  return names;
}

llvm::Expected<Device> gfsched::loadDevice(llvm::StringRef nameOrPath) {
  for (const BuiltinDevice &device : kBuiltinDevices)
    if (device.name == nameOrPath)
      return parseDevice(device.text, device.name);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(nameOrPath, /*IsText=*/true);
  if (buffer)
    return parseDevice((*buffer)->getBuffer(), nameOrPath);
  // A bare word was most likely meant as a builtin name.
  if (!nameOrPath.contains('/') && !nameOrPath.ends_with(".json"))
    return llvm::createStringError(
        "unknown device '" + nameOrPath + "' (builtin devices: " +
        llvm::join(getBuiltinDeviceNames(), ", ") + ")");
  return llvm::createStringError("cannot read device file '" + nameOrPath +
                                 "': " + buffer.getError().message());
}
