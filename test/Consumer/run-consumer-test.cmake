# The ctest test `consumer`: installs the build into a fresh prefix, checks
# the installed layout and tools, then configures, builds and runs the
# consumer project (this folder) against the installed CMake package.
#
#   cmake -DBUILD_DIR=<gfsched build> -DSOURCE_DIR=<this folder>
#         -DWORK_DIR=<scratch folder> [-DGENERATOR=Ninja] [-DMAKE_PROGRAM=...]
#         [-DCXX_COMPILER=...] [-DBUILD_TYPE=Release] [-DSTOCK_MLIR_OPT=...]
#         -P run-consumer-test.cmake

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "run-consumer-test.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT GENERATOR)
  set(GENERATOR Ninja)
endif()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Release)
endif()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Runs a command; stops the test with its output when it fails.
function(run_step name)
  execute_process(COMMAND ${ARGN}
                  RESULT_VARIABLE result
                  OUTPUT_VARIABLE output
                  ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${name} failed (${result}):\n  ${ARGN}\n${output}")
  endif()
  message(STATUS "${name}: ok")
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

# 1. Install.
run_step("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# 2. The installed layout.
foreach(file
    include/gfsched/Passes.h
    include/gfsched/Transforms/Passes.h
    include/gfsched/Transforms/Passes.h.inc
    include/gfsched/GFlowNet/TorchBackend.h
    lib/libGFSchedTransforms.a
    lib/libGFSchedMLIR.a
    lib/libGFSchedSupport.a
    lib/libGFSchedTorch.so
    lib/GFSchedPlugin.so
    lib/cmake/gfsched/gfschedConfig.cmake
    lib/cmake/gfsched/gfschedConfigVersion.cmake
    lib/cmake/gfsched/gfschedTargets.cmake
    bin/gfsched-opt
    bin/gfsched-train
    bin/gfsched-bench
    bin/gfsched-graph-dump
    share/gfsched/models/gflownet.pt
    share/gfsched/devices/accel4.json
    share/gfsched/devices/accel-hetero.json)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${prefix}/${file}")
  endif()
endforeach()
message(STATUS "layout: ok")

# 3. The installed tools, with no help from the build tree: gfsched-train
# finds libGFSchedTorch.so through its RPATH, gfsched-opt and the plugin open
# it in ../lib and beside themselves.
set(input ${WORK_DIR}/input.mlir)
file(WRITE ${input} "
func.func @f(%a: f32) -> (f32, f32, f32) {
  %0 = arith.mulf %a, %a {gfsched.cost = 2.0} : f32
  %1 = arith.addf %a, %a {gfsched.cost = 1.0} : f32
  %2 = arith.subf %a, %a {gfsched.cost = 3.0} : f32
  return %0, %1, %2 : f32, f32, f32
}
")
set(options "samples=8 topk=2 check-deps=true")
run_step("installed gfsched-train" ${prefix}/bin/gfsched-train --help)
run_step("installed gfsched-opt (gflownet)" ${prefix}/bin/gfsched-opt ${input}
         "--gflownet-schedule=${options} device=${prefix}/share/gfsched/devices/accel-hetero.json model=${prefix}/share/gfsched/models/gflownet.pt")
if(NOT step_output MATCHES "gfsched.unit")
  message(FATAL_ERROR "installed gfsched-opt did not schedule:\n${step_output}")
endif()
if(STOCK_MLIR_OPT AND EXISTS ${STOCK_MLIR_OPT})
  run_step("stock mlir-opt with the installed plugin (gflownet)" ${STOCK_MLIR_OPT}
           --load-pass-plugin=${prefix}/lib/GFSchedPlugin.so
           "-p=builtin.module(func.func(gflownet-schedule{${options}}))" ${input})
  if(NOT step_output MATCHES "gfsched.unit")
    message(FATAL_ERROR "the installed plugin did not schedule:\n${step_output}")
  endif()
endif()

# 4. The consumer project.
set(configure_args -G ${GENERATOR} -S ${SOURCE_DIR} -B ${consumer_build}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
run_step("configure the consumer" ${CMAKE_COMMAND} ${configure_args})
run_step("build the consumer" ${CMAKE_COMMAND} --build ${consumer_build})
run_step("run the consumer" ${consumer_build}/gfsched-consumer)
message(STATUS "${step_output}")
# Started by a relative path, the loader finds libGFSchedTorch.so through the
# consumer's RPATH ($ORIGIN) rather than by the executable's folder.
execute_process(COMMAND ./gfsched-consumer
                WORKING_DIRECTORY ${consumer_build}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "./gfsched-consumer failed (${result}):\n${output}")
endif()
message(STATUS "run the consumer as ./gfsched-consumer: ok")
