//===- Svg.h - A small hand-written SVG writer ------------------*- C++ -*-===//
//
// Enough SVG for the project's plots and Gantt charts, with no dependency:
// shapes and text appended in drawing order, escaped, then written out.
//
//===----------------------------------------------------------------------===//

#ifndef GFSCHED_SUPPORT_SVG_H
#define GFSCHED_SUPPORT_SVG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <utility>
#include <vector>

namespace gfsched {

/// `text` with &, <, >, " and ' escaped for XML.
std::string xmlEscape(llvm::StringRef text);

class SvgDocument {
public:
  SvgDocument(double width, double height) : width(width), height(height) {}

  void text(double x, double y, llvm::StringRef label,
            llvm::StringRef anchor = "middle", double size = 12,
            llvm::StringRef extra = "");
  void line(double x1, double y1, double x2, double y2,
            llvm::StringRef style = "stroke=\"#000\"");
  /// A rectangle; a non-empty `tooltip` becomes its <title>.
  void rect(double x, double y, double w, double h, llvm::StringRef style,
            llvm::StringRef tooltip = "");
  void circle(double x, double y, double r, llvm::StringRef style);
  void polyline(llvm::ArrayRef<std::pair<double, double>> points,
                llvm::StringRef style);

  void render(llvm::raw_ostream &os) const;
  /// Writes the document to `path`.
  llvm::Error write(llvm::StringRef path) const;

private:
  double width, height;
  std::string body;
};

/// Round tick positions covering [low, high], about `target` of them.
std::vector<double> niceTicks(double low, double high, unsigned target = 5);

} // namespace gfsched

#endif // GFSCHED_SUPPORT_SVG_H
