//===- JSONReader.cpp - Strict JSON reading with paths --------------------===//

#include "gfsched/Support/JSONReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace gfsched;

bool JSONReader::fail(llvm::json::Path path, llvm::StringLiteral message,
                      const llvm::Twine &detailText) {
  path.report(message);
  detail = detailText.str();
  return false;
}

bool JSONReader::checkKeys(const llvm::json::Object &object,
                           llvm::ArrayRef<llvm::StringLiteral> allowed,
                           llvm::json::Path path) {
  // Report in key order, not hash order, so the error is reproducible.
  std::vector<llvm::StringRef> keys;
  for (const auto &entry : object)
    keys.push_back(entry.first);
  llvm::sort(keys);
  for (llvm::StringRef key : keys) {
    if (llvm::is_contained(allowed, key))
      continue;
    std::string accepted = llvm::join(
        llvm::map_range(allowed, [](llvm::StringLiteral k) { return k.str(); }),
        ", ");
    return fail(path.field(key), "unknown key",
                "'" + key + "' (accepted keys: " + accepted + ")");
  }
  return true;
}

bool JSONReader::readAmount(const llvm::json::Object &object,
                            llvm::StringLiteral key, double &out,
                            llvm::json::Path path) {
  const llvm::json::Value *value = object.get(key);
  if (!value)
    return true;
  std::optional<double> number = value->getAsNumber();
  if (!number)
    return fail(path.field(key), "expected a number");
  if (!std::isfinite(*number) || *number < 0)
    return fail(path.field(key), "expected a number >= 0",
                "got " + llvm::formatv("{0}", *number).str());
  out = *number;
  return true;
}

llvm::Error JSONReader::takeError(llvm::StringRef prefix) const {
  std::string message = llvm::toString(root.getError());
  if (!detail.empty())
    message += ": " + detail;
  if (!prefix.empty())
    message = prefix.str() + ": " + message;
  return llvm::createStringError(message);
}
