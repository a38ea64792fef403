//===- Svg.cpp - A small hand-written SVG writer --------------------------===//

#include "gfsched/Support/Svg.h"

#include "gfsched/Support/OutputFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

namespace gfsched {

std::string xmlEscape(llvm::StringRef text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  // The five characters XML reserves, as LLVM escapes them for HTML.
  llvm::printHTMLEscaped(text, os);
  return out;
}

void SvgDocument::text(double x, double y, llvm::StringRef label,
                       llvm::StringRef anchor, double size,
                       llvm::StringRef extra) {
  body += llvm::formatv("<text x=\"{0:F1}\" y=\"{1:F1}\" text-anchor=\"{2}\" "
                        "font-size=\"{3}\" {4}>{5}</text>\n",
                        x, y, anchor, size, extra, xmlEscape(label));
}

void SvgDocument::line(double x1, double y1, double x2, double y2,
                       llvm::StringRef style) {
  body += llvm::formatv("<line x1=\"{0:F1}\" y1=\"{1:F1}\" x2=\"{2:F1}\" "
                        "y2=\"{3:F1}\" {4}/>\n",
                        x1, y1, x2, y2, style);
}

void SvgDocument::rect(double x, double y, double w, double h,
                       llvm::StringRef style, llvm::StringRef tooltip) {
  std::string shape =
      llvm::formatv("<rect x=\"{0:F2}\" y=\"{1:F2}\" width=\"{2:F2}\" "
                    "height=\"{3:F2}\" {4}",
                    x, y, std::max(0.0, w), std::max(0.0, h), style);
  if (tooltip.empty())
    body += shape + "/>\n";
  else
    body += shape + "><title>" + xmlEscape(tooltip) + "</title></rect>\n";
}

void SvgDocument::circle(double x, double y, double r, llvm::StringRef style) {
  body += llvm::formatv("<circle cx=\"{0:F2}\" cy=\"{1:F2}\" r=\"{2}\" {3}/>\n",
                        x, y, r, style);
}

void SvgDocument::polyline(llvm::ArrayRef<std::pair<double, double>> points,
                           llvm::StringRef style) {
  body += "<polyline points=\"";
  for (auto [x, y] : points)
    body += llvm::formatv("{0:F1},{1:F1} ", x, y).str();
  body += "\" fill=\"none\" " + style.str() + "/>\n";
}

void SvgDocument::render(llvm::raw_ostream &os) const {
  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                      "font-family=\"sans-serif\">\n"
                      "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
                      width, height)
     << body << "</svg>\n";
}

llvm::Error SvgDocument::write(llvm::StringRef path) const {
  return writeOutputFile(path, [&](llvm::raw_ostream &os) { render(os); });
}

std::vector<double> niceTicks(double low, double high, unsigned target) {
  double range = high - low;
  if (!(range > 0))
    return {low};
  double rough = range / target;
  double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (factor * magnitude >= rough) {
      step = factor * magnitude;
      break;
    }
  std::vector<double> ticks;
  for (double tick = std::ceil(low / step - 1e-9) * step;
       tick <= high + 1e-9 * step; tick += step)
    ticks.push_back(std::abs(tick) < 1e-12 * step ? 0 : tick);
  return ticks;
}

} // namespace gfsched
