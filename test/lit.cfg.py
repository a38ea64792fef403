# -*- Python -*-
# lit configuration of the gfsched tests: the pass through gfsched-opt and
# through the stock mlir-opt with our plugin, and the corpus of real models.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "GFSCHED"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.gfsched_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.gfsched_tools_dir, append_path=True)

config.substitutions.append(("%gfsched_plugin", config.gfsched_plugin))
config.substitutions.append(("%stock_mlir_opt", config.stock_mlir_opt))
config.substitutions.append(("%gfsched_src", config.gfsched_src_root))
config.substitutions.append(("%gfsched_obj", config.gfsched_obj_root))
config.substitutions.append(("%corpus_dir", config.corpus_dir))
config.substitutions.append(("%python", config.python_executable))

# The corpus of real models lives beside the project (../shared/corpus), not in
# it; the tests over it run wherever it exists, as in CI.
if os.path.isfile(os.path.join(config.corpus_dir, "MANIFEST.md")):
    config.available_features.add("corpus")

# Pass statistics are compiled out of release builds of LLVM without
# LLVM_FORCE_ENABLE_STATS (Debian's among them).
def _llvm_has_statistics():
    import subprocess
    probe = subprocess.run(
        [config.stock_mlir_opt, "--canonicalize", "-mlir-pass-statistics", "-o", os.devnull],
        input="func.func @f(%a: i32) -> i32 {\n %c = arith.constant 0 : i32\n"
              " %b = arith.addi %a, %c : i32\n return %b : i32\n}\n",
        capture_output=True, text=True)
    return "(S)" in probe.stderr

if _llvm_has_statistics():
    config.available_features.add("pass-statistics")

# Executing lowered programs (test/Semantics): the stock mlir-opt lowers to the
# LLVM dialect (tensors bufferized), mlir-runner JITs and runs @main.
_mlir_runner = os.path.join(config.llvm_tools_dir, "mlir-runner")
_runner_libs = [
    os.path.join(os.path.dirname(config.llvm_tools_dir), "lib", name)
    for name in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so")
]
config.substitutions.append((
    "%lower",
    config.stock_mlir_opt
    + " -convert-elementwise-to-linalg"
    + " -one-shot-bufferize=bufferize-function-boundaries"
    + " -convert-linalg-to-loops -convert-vector-to-scf -convert-scf-to-cf -expand-strided-metadata"
    + " -lower-affine -finalize-memref-to-llvm -convert-math-to-llvm"
    + " -convert-arith-to-llvm -convert-cf-to-llvm -convert-vector-to-llvm"
    + " -convert-func-to-llvm -reconcile-unrealized-casts"))
config.substitutions.append((
    "%run",
    _mlir_runner + " -e main -entry-point-result=void -shared-libs="
    + ",".join(_runner_libs)))
if os.access(_mlir_runner, os.X_OK) and all(os.path.isfile(l) for l in _runner_libs):
    config.available_features.add("mlir-runner")

# A sanitizer build's plugin is loaded into the stock, uninstrumented
# mlir-opt: the sanitizer runtimes must be preloaded into every process, and
# leak checking of programs that are not ours is off.
if config.sanitizers:
    import subprocess
    runtimes = [
        subprocess.run([config.cxx_compiler, "-print-file-name=" + name],
                       capture_output=True, text=True).stdout.strip()
        for name in ("libasan.so", "libubsan.so")]
    config.environment["LD_PRELOAD"] = " ".join(runtimes)
    config.environment["ASAN_OPTIONS"] = "detect_leaks=0"
    config.available_features.add("sanitizers")

tools = ["gfsched-opt", "gfsched-graph-dump", "gfsched-bench", "gfsched-fuzz",
         "gfsched-train",
         "FileCheck", "not", "count"]
llvm_config.add_tool_substitutions(tools, [config.gfsched_tools_dir, config.llvm_tools_dir])
