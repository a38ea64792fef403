# Generates the pass documentation from Passes.td with mlir-tblgen
# -gen-pass-doc and compares it with (UPDATE=ON: writes it to) docs/passes.md.
#
#   cmake -DMLIR_TBLGEN=<mlir-tblgen> -DTD=<Passes.td> "-DINCLUDES=<dirs>"
#         -DDOC=<docs/passes.md> -DWORK=<scratch folder> [-DUPDATE=ON]
#         -P cmake/PassDocs.cmake
#
# Run by the ctest test pass-docs (check) and the target gfsched-pass-docs
# (update).

foreach(var MLIR_TBLGEN TD DOC WORK)
  if(NOT ${var})
    message(FATAL_ERROR "PassDocs.cmake: ${var} is not set")
  endif()
endforeach()

set(include_args)
foreach(dir ${INCLUDES})
  list(APPEND include_args -I ${dir})
endforeach()

file(MAKE_DIRECTORY ${WORK})
set(raw ${WORK}/GFSchedPasses.raw.md)
execute_process(
  COMMAND ${MLIR_TBLGEN} -gen-pass-doc ${include_args} ${TD} -o ${raw}
  RESULT_VARIABLE result
  ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "mlir-tblgen -gen-pass-doc failed (${result}):\n${errors}")
endif()

file(READ ${raw} body)
set(generated ${WORK}/passes.md)
file(WRITE ${generated}
"# gfsched passes

Generated from `include/gfsched/Transforms/Passes.td` by `mlir-tblgen
-gen-pass-doc`; regenerate with `cmake --build build --target
gfsched-pass-docs` (the test `pass-docs` fails while this file is stale).
[usage.md](usage.md) describes every option in detail.

${body}")

if(UPDATE)
  execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different
                          ${generated} ${DOC})
  message(STATUS "${DOC} is up to date")
  return()
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${generated} ${DOC}
                RESULT_VARIABLE differs)
if(differs)
  execute_process(COMMAND diff -u ${DOC} ${generated})
  message(FATAL_ERROR
    "${DOC} is stale: it differs from the documentation generated from "
    "${TD} (${generated}). Run `cmake --build <build> --target "
    "gfsched-pass-docs` and commit the result.")
endif()
message(STATUS "${DOC} matches ${TD}")
