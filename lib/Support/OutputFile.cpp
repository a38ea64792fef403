//===- OutputFile.cpp - Writing a file whole or not at all ----------------===//

#include "gfsched/Support/OutputFile.h"

using namespace gfsched;

llvm::Error
gfsched::writeOutputFile(llvm::StringRef path,
                         llvm::function_ref<void(llvm::raw_ostream &)> write) {
  llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    write(os);
    return llvm::Error::success();
  });
  if (!error)
    return llvm::Error::success();
  // Some of writeToOutput's errors name the file already.
  std::string message = llvm::toString(std::move(error));
  llvm::StringRef reason(message);
  reason.consume_front(("'" + path + "': ").str());
  return llvm::createStringError("cannot write '" + path + "': " + reason);
}
