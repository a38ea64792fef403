//===- DebugTest.cpp - GFSCHED_DEBUG's options ----------------------------===//
//
// The -debug-only output itself is checked through the pass
// (test/Transforms/debug-only.mlir); this checks what a lit test cannot: that
// registerDebugOptions() leaves alone an option LLVM registered itself.
//
//===----------------------------------------------------------------------===//

#include "gfsched/Support/Debug.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

using namespace gfsched;
namespace cl = llvm::cl;

namespace {

TEST(DebugTest, KeepsAnOptionThatLLVMRegistered) {
  // An LLVM built with assertions registers -debug-only itself, and a second
  // option of that name would abort. Where LLVM has none, a stand-in plays
  // its part.
  std::optional<cl::opt<std::string>> standIn;
  if (!cl::getRegisteredOptions().contains("debug-only"))
    standIn.emplace("debug-only", cl::Hidden);
  cl::Option *existing = cl::getRegisteredOptions().lookup("debug-only");

  registerDebugOptions();
  registerDebugOptions(); // Later calls do nothing.
  EXPECT_EQ(cl::getRegisteredOptions().lookup("debug-only"), existing);

  // -debug, LLVM's or ours, sets LLVM's flag, which GFSCHED_DEBUG reads.
  ASSERT_TRUE(cl::getRegisteredOptions().contains("debug"));
  const char *argv[] = {"DebugTest", "-debug"};
  ASSERT_TRUE(cl::ParseCommandLineOptions(2, argv, "", &llvm::nulls()));
  EXPECT_TRUE(isDebugTypeEnabled("gflownet-schedule"));
  bool ran = false;
  GFSCHED_DEBUG("gflownet-schedule", ran = true);
  EXPECT_TRUE(ran);

  llvm::DebugFlag = false;
  ran = false;
  GFSCHED_DEBUG("gflownet-schedule", ran = true);
  EXPECT_FALSE(ran);
  if (standIn)
    standIn->removeArgument();
}

} // namespace
