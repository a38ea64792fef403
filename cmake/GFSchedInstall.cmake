# Install rules and the CMake package (find_package(gfsched CONFIG)).
#
#   <prefix>/include/gfsched/...            public headers, Passes.h.inc
#   <prefix>/lib/libGFSched*.a              the static libraries
#   <prefix>/lib/libGFSchedTorch.so         opened at run time by the pass
#   <prefix>/lib/GFSchedPlugin.so           for mlir-opt --load-pass-plugin
#   <prefix>/bin/gfsched-*                  the tools
#   <prefix>/share/gfsched/models/          the default model
#   <prefix>/share/gfsched/devices/         the builtin device descriptions
#   <prefix>/lib/cmake/gfsched/             gfschedConfig.cmake & co.
#
# Included by the top-level CMakeLists.txt after every target exists.
# add_mlir_library's own install rules are switched off there
# (LLVM_INSTALL_TOOLCHAIN_ONLY) so that every library is installed once,
# here, into the gfschedTargets export set.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(GFSCHED_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/gfsched)

# The umbrella target of the package: gfsched::gfsched.
add_library(gfsched INTERFACE)
target_link_libraries(gfsched INTERFACE GFSchedTransforms)
target_include_directories(gfsched INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>)
# (Installed: every exported target gets <prefix>/include from INCLUDES below.)
target_compile_features(gfsched INTERFACE cxx_std_17)

set(GFSCHED_EXPORTED_LIBRARIES
  GFSchedSupport GFSchedGraph GFSchedDevice GFSchedSchedule GFSchedSearch
  GFSchedGFlowNetCore GFSchedGFlowNet GFSchedCandidates GFSchedMLIR
  GFSchedTransforms GFSchedTorch)
set(GFSCHED_INSTALLED_TOOLS
  gfsched-opt gfsched-train gfsched-bench gfsched-graph-dump)

# Installed binaries find libGFSchedTorch.so in ../lib (gfsched-train links
# it; the others open it next to themselves or in ../lib) and libMLIR.so /
# libLLVM.so in LLVM's library folder. Build-tree RPATHs are unchanged.
set(GFSCHED_INSTALL_RPATH "\$ORIGIN/../${CMAKE_INSTALL_LIBDIR}"
    "\$ORIGIN" "${LLVM_LIBRARY_DIR}")
set_target_properties(${GFSCHED_INSTALLED_TOOLS} GFSchedTorch GFSchedPlugin
  PROPERTIES INSTALL_RPATH "${GFSCHED_INSTALL_RPATH}")

install(TARGETS gfsched ${GFSCHED_EXPORTED_LIBRARIES}
  EXPORT gfschedTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The plugin sits beside libGFSchedTorch.so, where its loader looks.
install(TARGETS GFSchedPlugin LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS ${GFSCHED_INSTALLED_TOOLS}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/gfsched
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(FILES ${PROJECT_BINARY_DIR}/include/gfsched/Transforms/Passes.h.inc
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gfsched/Transforms)

# Data: the default model (also embedded in GFSchedGFlowNet) and the builtin
# devices (also compiled into GFSchedDevice), for model=/device= paths.
install(FILES ${PROJECT_SOURCE_DIR}/models/gflownet.pt
  DESTINATION ${CMAKE_INSTALL_DATADIR}/gfsched/models OPTIONAL)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/devices/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/gfsched/devices
  FILES_MATCHING PATTERN "*.json")

install(EXPORT gfschedTargets
  NAMESPACE gfsched::
  DESTINATION ${GFSCHED_INSTALL_CMAKEDIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/gfschedConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/gfschedConfig.cmake
  INSTALL_DESTINATION ${GFSCHED_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/gfschedConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/gfschedConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/gfschedConfigVersion.cmake
  DESTINATION ${GFSCHED_INSTALL_CMAKEDIR})
