//===- DeviceTest.cpp - Device descriptions -------------------------------===//

#include "gfsched/Device/Device.h"

#include "TestUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <functional>

using namespace gfsched;
using namespace gfsched::test;
using ::testing::HasSubstr;
namespace json = llvm::json;

namespace {

std::vector<std::string> unitNames(const Device &device) {
  std::vector<std::string> names;
  for (unsigned unit = 0; unit < device.numUnits(); ++unit)
    names.push_back(device.unitName(unit).str());
  return names;
}

TEST(DeviceTest, BuiltinNames) {
  std::vector<llvm::StringRef> names = getBuiltinDeviceNames();
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("accel4", "accel-hetero"));
}

TEST(DeviceTest, LoadsAccel4) {
  Device device = llvm::cantFail(loadDevice("accel4"));
  EXPECT_EQ(device.name, "accel4");
  EXPECT_FALSE(device.description.empty());
  EXPECT_EQ(device.numUnits(), 4u);
  EXPECT_EQ(unitNames(device),
            (std::vector<std::string>{"cu0", "cu1", "cu2", "cu3"}));
  ASSERT_EQ(device.unitTypes.size(), 1u);
  for (unsigned c = 0; c < kNumOpClasses; ++c)
    EXPECT_TRUE(device.unitTypes[0].runs[c]);
  EXPECT_EQ(device.launchOverheadMicroseconds, 1.0);
  EXPECT_EQ(device.noiseStddev, 0.2);
  // The bandwidth target is dominated by a, the latency target by b.
  EXPECT_GT(device.bandwidth.cost(1e6),
            10 * device.bandwidth.fixedMicroseconds);
  EXPECT_GT(device.latency.fixedMicroseconds,
            10 * device.latency.microsecondsPerByte * 1e5);
}

TEST(DeviceTest, LoadsAccelHetero) {
  Device device = llvm::cantFail(loadDevice("accel-hetero"));
  EXPECT_EQ(unitNames(device),
            (std::vector<std::string>{"matrix0", "matrix1", "vector0",
                                      "vector1", "dma0"}));
  EXPECT_EQ(device.unitTypeOf(0), 0u);
  EXPECT_EQ(device.unitTypeOf(3), 1u);
  EXPECT_EQ(device.unitTypeOf(4), 2u);
  OpCost matmul{OpClass::Contraction, 1e6, 1e4, std::nullopt};
  OpCost copy{OpClass::Data, 0, 1e6, std::nullopt};
  OpCost gather{OpClass::Data, 1e3, 1e6, std::nullopt};
  OpCost fixedGather{OpClass::Data, 1e3, 1e6, 2.0};
  EXPECT_TRUE(device.canRun(matmul, 0));
  EXPECT_FALSE(device.canRun(matmul, 1));
  EXPECT_FALSE(device.canRun(matmul, 2));
  EXPECT_TRUE(device.canRun(copy, 2));
  // The DMA engine does no arithmetic...
  EXPECT_FALSE(device.canRun(gather, 2));
  EXPECT_TRUE(device.canRun(gather, 1));
  // ...unless the duration is given.
  EXPECT_TRUE(device.canRun(fixedGather, 2));
}

TEST(DeviceTest, CanRunNeedsBandwidthForBytes) {
  Device device = makeHomogeneousDevice(1);
  device.unitTypes[0].gbytesPerSecond = 0;
  EXPECT_FALSE(device.canRun({OpClass::Data, 0, 100, std::nullopt}, 0));
  EXPECT_TRUE(device.canRun({OpClass::Data, 0, 100, 1.0}, 0));
  EXPECT_TRUE(device.canRun({OpClass::Data, 0, 0, std::nullopt}, 0));
}

TEST(DeviceTest, EstimatesDurations) {
  Device device = llvm::cantFail(loadDevice("accel4"));
  // 2e6 FLOP at 1000 GFLOP/s = 2 us; 1e5 B at 100 GB/s = 1 us; + 1 us launch.
  EXPECT_DOUBLE_EQ(device.estimateDuration(
                       {OpClass::Contraction, 2e6, 1e5, std::nullopt}, 0),
                   3.0);
  // Memory bound: 5e5 B = 5 us, 1e3 FLOP = 0.001 us; + 1 us launch.
  EXPECT_DOUBLE_EQ(device.estimateDuration(
                       {OpClass::Elementwise, 1e3, 5e5, std::nullopt}, 0),
                   6.0);
  EXPECT_EQ(device.estimateDuration({OpClass::Meta, 0, 1e6, std::nullopt}, 0),
            0.0);
  EXPECT_EQ(device.estimateDuration({OpClass::Meta, 0, 1e6, 4.5}, 0), 4.5);
  EXPECT_EQ(device.estimateDuration({OpClass::Contraction, 1e9, 0, 0.5}, 0),
            0.5);
  // An op with no work still pays the launch.
  EXPECT_EQ(device.estimateDuration({OpClass::Other, 0, 0, std::nullopt}, 0),
            1.0);
}

TEST(DeviceTest, JSONRoundTrip) {
  for (llvm::StringRef name : getBuiltinDeviceNames()) {
    Device device = llvm::cantFail(loadDevice(name));
    Device copy = llvm::cantFail(deviceFromJSON(toJSON(device), "copy"));
    EXPECT_EQ(copy.name, device.name);
    EXPECT_EQ(copy.description, device.description);
    EXPECT_EQ(copy.launchOverheadMicroseconds,
              device.launchOverheadMicroseconds);
    EXPECT_EQ(copy.noiseStddev, device.noiseStddev);
    EXPECT_EQ(copy.bandwidth.microsecondsPerByte,
              device.bandwidth.microsecondsPerByte);
    EXPECT_EQ(copy.bandwidth.fixedMicroseconds,
              device.bandwidth.fixedMicroseconds);
    EXPECT_EQ(copy.latency.microsecondsPerByte,
              device.latency.microsecondsPerByte);
    EXPECT_EQ(copy.latency.fixedMicroseconds, device.latency.fixedMicroseconds);
    ASSERT_EQ(copy.unitTypes.size(), device.unitTypes.size());
    for (size_t t = 0; t < device.unitTypes.size(); ++t) {
      EXPECT_EQ(copy.unitTypes[t].name, device.unitTypes[t].name);
      EXPECT_EQ(copy.unitTypes[t].count, device.unitTypes[t].count);
      EXPECT_EQ(copy.unitTypes[t].gflops, device.unitTypes[t].gflops);
      EXPECT_EQ(copy.unitTypes[t].gbytesPerSecond,
                device.unitTypes[t].gbytesPerSecond);
      EXPECT_EQ(copy.unitTypes[t].runs, device.unitTypes[t].runs);
    }
    EXPECT_EQ(unitNames(copy), unitNames(device));
  }
}

TEST(DeviceTest, MinimalDeviceDefaults) {
  Device device = llvm::cantFail(parseDevice(
      R"({"name": "one", "unit_types": [{"name": "u", "runs": ["contraction",
          "elementwise", "reduction", "data", "meta", "other"]}]})",
      "one.json"));
  EXPECT_EQ(device.numUnits(), 1u);
  EXPECT_EQ(device.unitName(0), "u0");
  EXPECT_EQ(device.launchOverheadMicroseconds, 0);
  EXPECT_EQ(device.noiseStddev, 0);
  EXPECT_EQ(device.unitTypes[0].gflops, 0);
  EXPECT_EQ(device.bandwidth.cost(100), 0);
}

TEST(DeviceTest, LoadsFromFile) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("gfsched-device", "json", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << toJSON(llvm::cantFail(loadDevice("accel-hetero")));
  }
  llvm::Expected<Device> device = loadDevice(path);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(bool(device)) << llvm::toString(device.takeError());
  EXPECT_EQ(device->name, "accel-hetero");
  EXPECT_EQ(device->numUnits(), 5u);
}

TEST(DeviceTest, LoadErrors) {
  EXPECT_EQ(errorOf(loadDevice("accel5")),
            "unknown device 'accel5' (builtin devices: " +
                llvm::join(getBuiltinDeviceNames(), ", ") + ")");
  EXPECT_THAT(errorOf(loadDevice("accel5")), HasSubstr("accel4"));
  std::string error = errorOf(loadDevice("/nonexistent/dir/dev.json"));
  EXPECT_THAT(
      error,
      HasSubstr("cannot read device file '/nonexistent/dir/dev.json': "));
  EXPECT_THAT(error, ::testing::Not(HasSubstr("builtin")));
  EXPECT_THAT(errorOf(loadDevice("missing.json")),
              HasSubstr("cannot read device file 'missing.json': "));
}

//===----------------------------------------------------------------------===//
// Bad descriptions: each edit of a good description must give an error that
// names the file, the JSON path and the problem.
//===----------------------------------------------------------------------===//

const char *kGoodDevice = R"({
  "name": "tiny", "description": "two types", "launch_overhead_us": 1,
  "unit_types": [
    {"name": "big", "count": 2, "gflops": 100, "gbytes_per_s": 10,
     "runs": ["contraction", "elementwise", "reduction"]},
    {"name": "small", "count": 1, "gflops": 1, "gbytes_per_s": 10,
     "runs": ["data", "meta", "other"]}],
  "noise": {"relative_stddev": 0.1},
  "transfer": {"bandwidth": {"us_per_byte": 0.01, "us_fixed": 0.1},
               "latency": {"us_per_byte": 0.0001, "us_fixed": 3}}
})";

json::Object goodDevice() {
  return std::move(*llvm::cantFail(json::parse(kGoodDevice)).getAsObject());
}

json::Object &unitType(json::Object &device, unsigned index) {
  return *(*device.getArray("unit_types"))[index].getAsObject();
}

struct BadDevice {
  const char *what;
  std::function<void(json::Object &)> edit;
  const char *expected;
};
void PrintTo(const BadDevice &bad, std::ostream *os) { *os << bad.what; }

class DeviceErrorTest : public ::testing::TestWithParam<BadDevice> {};

TEST_P(DeviceErrorTest, NamesTheProblem) {
  json::Object device = goodDevice();
  GetParam().edit(device);
  std::string text = llvm::formatv("{0}", json::Value(std::move(device)));
  std::string error = errorOf(parseDevice(text, "bad.json"));
  EXPECT_THAT(error, ::testing::StartsWith("bad.json: "));
  EXPECT_THAT(error, HasSubstr(GetParam().expected));
}

TEST(DeviceErrorTest, GoodDeviceParses) {
  Device device = llvm::cantFail(parseDevice(kGoodDevice, "good.json"));
  EXPECT_EQ(unitNames(device),
            (std::vector<std::string>{"big0", "big1", "small0"}));
  EXPECT_EQ(device.latency.fixedMicroseconds, 3);
}

TEST(DeviceErrorTest, InvalidJSON) {
  EXPECT_THAT(errorOf(parseDevice("{\"name\": ", "broken.json")),
              ::testing::StartsWith("broken.json: invalid JSON: "));
}

INSTANTIATE_TEST_SUITE_P(
    Edits, DeviceErrorTest,
    ::testing::Values(
        BadDevice{"unknown class",
                  [](json::Object &d) {
                    (*unitType(d, 0).getArray("runs"))[1] = "matmul";
                  },
                  "unknown op class at device.unit_types[0].runs[1]: "
                  "'matmul' (expected one of contraction, elementwise, "
                  "reduction, data, meta, other)"},
        BadDevice{"count 0",
                  [](json::Object &d) { unitType(d, 1)["count"] = 0; },
                  "expected a unit count between 1 and 4096 at "
                  "device.unit_types[1].count: got 0"},
        BadDevice{"fractional count",
                  [](json::Object &d) { unitType(d, 1)["count"] = 1.5; },
                  "expected an integer at device.unit_types[1].count"},
        BadDevice{"negative gflops",
                  [](json::Object &d) { unitType(d, 0)["gflops"] = -5; },
                  "expected a number >= 0 at device.unit_types[0].gflops: "
                  "got -5"},
        BadDevice{"negative bandwidth",
                  [](json::Object &d) { unitType(d, 0)["gbytes_per_s"] = -1; },
                  "expected a number >= 0 at device.unit_types[0]."
                  "gbytes_per_s"},
        BadDevice{"negative launch",
                  [](json::Object &d) { d["launch_overhead_us"] = -1; },
                  "expected a number >= 0 at device.launch_overhead_us"},
        BadDevice{"negative transfer",
                  [](json::Object &d) {
                    (*d.getObject("transfer")
                          ->getObject("bandwidth"))["us_per_byte"] = -0.5;
                  },
                  "expected a number >= 0 at "
                  "device.transfer.bandwidth.us_per_byte"},
        BadDevice{"negative noise",
                  [](json::Object &d) {
                    (*d.getObject("noise"))["relative_stddev"] = -0.1;
                  },
                  "at device.noise.relative_stddev"},
        BadDevice{"no units",
                  [](json::Object &d) { d["unit_types"] = json::Array(); },
                  "the device has no compute units at device.unit_types"},
        BadDevice{"missing units",
                  [](json::Object &d) { d.erase("unit_types"); },
                  "expected an array of unit types at device.unit_types"},
        BadDevice{"uncovered class",
                  [](json::Object &d) {
                    unitType(d, 1)["runs"] = json::Array{"data", "other"};
                  },
                  "device 'tiny': no unit type runs op class 'meta'"},
        BadDevice{
            "runs nothing",
            [](json::Object &d) { unitType(d, 1)["runs"] = json::Array(); },
            "the unit type runs no op class at device.unit_types[1].runs"},
        BadDevice{"typo at top level",
                  [](json::Object &d) { d["unit_type"] = json::Array(); },
                  "unknown key at device.unit_type: 'unit_type' (accepted "
                  "keys: name, description, launch_overhead_us, unit_types, "
                  "noise, transfer)"},
        BadDevice{"typo in unit type",
                  [](json::Object &d) { unitType(d, 0)["gflop"] = 1; },
                  "unknown key at device.unit_types[0].gflop"},
        BadDevice{"typo in transfer",
                  [](json::Object &d) {
                    (*d.getObject("transfer"))["bandwith"] = json::Object();
                  },
                  "unknown key at device.transfer.bandwith"},
        BadDevice{"typo in transfer cost",
                  [](json::Object &d) {
                    (*d.getObject("transfer")->getObject("latency"))["b"] = 1;
                  },
                  "unknown key at device.transfer.latency.b"},
        BadDevice{"missing name", [](json::Object &d) { d.erase("name"); },
                  "missing value at device.name"},
        BadDevice{"empty unit type name",
                  [](json::Object &d) { unitType(d, 0)["name"] = ""; },
                  "expected a non-empty string at device.unit_types[0].name"},
        BadDevice{"duplicate type name",
                  [](json::Object &d) { unitType(d, 1)["name"] = "big"; },
                  "duplicate unit type name at device.unit_types[1].name: "
                  "'big'"},
        BadDevice{"unit name of two types",
                  [](json::Object &d) {
                    unitType(d, 0)["count"] = 11;
                    unitType(d, 1)["name"] = "big1";
                  },
                  "duplicate unit name at device.unit_types[1].name: 'big10' "
                  "names unit 10 of 'big' and unit 0 of 'big1'"},
        BadDevice{"noise not an object",
                  [](json::Object &d) { d["noise"] = 0.2; },
                  "expected an object at device.noise"},
        BadDevice{"string rate",
                  [](json::Object &d) { unitType(d, 0)["gflops"] = "fast"; },
                  "expected a number at device.unit_types[0].gflops"}));

} // namespace
