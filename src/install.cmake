# SPDX-License-Identifier: MIT
# install.cmake: what `cmake --install build --prefix P` puts where
# (docs/install.md).  Included at the end of CMakeLists.txt, once every
# target exists.  Everything is relative to the prefix given at install
# time, so one build installs into /usr/local, /opt/hwtop or a DESTDIR.
include(CMakePackageConfigHelpers)

# One version, written in two places: the project's and the header's
# (HWTOP_API_VERSION, which hwtop_get_api_version() must match).
set(_hwtop_hv "")
foreach(part MAJOR MINOR PATCH)
  file(STRINGS ${PROJECT_SOURCE_DIR}/include/hwtop.h _l
       REGEX "^#define HWTOP_VERSION_${part} [0-9]+")
  string(REGEX REPLACE ".* ([0-9]+).*" "\\1" _n "${_l}")
  list(APPEND _hwtop_hv ${_n})
endforeach()
list(JOIN _hwtop_hv . _hwtop_hv)
if(NOT _hwtop_hv STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "include/hwtop.h says ${_hwtop_hv}, project() says "
                      "${PROJECT_VERSION}: change both")
endif()

# The library, the headers.  libhwtop.so.0 -> libhwtop.so.0.1.0, and the
# libhwtop.so link for -lhwtop; libhwtop.a beside them.
add_library(hwtop::hwtop ALIAS hwtop)
install(TARGETS hwtop EXPORT hwtop-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_BINARY_DIR}/libhwtop.a
        DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/hwtop.h
              ${PROJECT_SOURCE_DIR}/include/hwtop.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# hwtop.pc, written when installing: its prefix is the one given to
# `cmake --install --prefix`, not the one configured.
set(_hwtop_pc_code [[
  set(PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(PROJECT_VERSION "@PROJECT_VERSION@")
  foreach(d LIBDIR INCLUDEDIR)
    set(_d "@CMAKE_INSTALL_LIBDIR@")
    if(d STREQUAL INCLUDEDIR)
      set(_d "@CMAKE_INSTALL_INCLUDEDIR@")
    endif()
    if(IS_ABSOLUTE "${_d}")
      set(PC_${d} "${_d}")
    else()
      set(PC_${d} "\${prefix}/${_d}")
    endif()
  endforeach()
  set(_pcdir "@CMAKE_INSTALL_LIBDIR@/pkgconfig")
  if(NOT IS_ABSOLUTE "${_pcdir}")
    set(_pcdir "${CMAKE_INSTALL_PREFIX}/${_pcdir}")
  endif()
  configure_file("@PROJECT_SOURCE_DIR@/src/hwtop.pc.in"
                 "@PROJECT_BINARY_DIR@/install-pc/hwtop.pc" @ONLY)
  file(INSTALL "@PROJECT_BINARY_DIR@/install-pc/hwtop.pc"
       DESTINATION "${_pcdir}")
]])
string(CONFIGURE "${_hwtop_pc_code}" _hwtop_pc_code @ONLY)
install(CODE "${_hwtop_pc_code}")

# The CMake package: find_package(hwtop) gives hwtop::hwtop (shared) and
# hwtop::static.
set(_hwtop_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/hwtop)
install(EXPORT hwtop-targets NAMESPACE hwtop::
        DESTINATION ${_hwtop_cmakedir})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/src/hwtop-config.cmake.in
  ${CMAKE_BINARY_DIR}/hwtop-config.cmake
  INSTALL_DESTINATION ${_hwtop_cmakedir}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR
            CMAKE_INSTALL_BINDIR)
# The soname's major number is the compatibility promise.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/hwtop-config-version.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/hwtop-config.cmake
              ${CMAKE_BINARY_DIR}/hwtop-config-version.cmake
        DESTINATION ${_hwtop_cmakedir})

# Manual pages: hwtop(1) the launcher, hwtop(3) the macros and the
# environment; each macro and function name leads to hwtop(3) too.
install(FILES ${PROJECT_SOURCE_DIR}/man/hwtop.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
set(_hwtop_man3 ${PROJECT_SOURCE_DIR}/man/hwtop.3)
foreach(alias PERF_REGION PERF_REGION_BEGIN PERF_REGION_END HWTOP_SCOPE
              hwtop_region_begin hwtop_region_end hwtop_thread_name
              hwtop_get_api_version)
  file(WRITE ${CMAKE_BINARY_DIR}/man3/${alias}.3 ".so man3/hwtop.3\n")
  list(APPEND _hwtop_man3 ${CMAKE_BINARY_DIR}/man3/${alias}.3)
endforeach()
install(FILES ${_hwtop_man3} DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)

# bash completion, where bash-completion looks for it under the prefix
# ($XDG_DATA_DIRS/bash-completion/completions).
install(FILES ${PROJECT_SOURCE_DIR}/src/cli/completion.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME hwtop)

# The probes beside the demo (probes/CMakeLists.txt installs that one),
# in libexec/hwtop.  They link libhwtop.so: outside the system's library
# directories they find it relative to themselves.
file(RELATIVE_PATH _hwtop_rel ${CMAKE_INSTALL_FULL_LIBEXECDIR}/hwtop
     ${CMAKE_INSTALL_FULL_LIBDIR})
list(FIND CMAKE_C_IMPLICIT_LINK_DIRECTORIES "${CMAKE_INSTALL_FULL_LIBDIR}"
     _hwtop_sys)
foreach(p cache_sweep branch ipc page_faults false_sharing hwtop-demo)
  if(NOT TARGET ${p})
    continue()
  endif()
  if(_hwtop_sys EQUAL -1)
    set_property(TARGET ${p} PROPERTY INSTALL_RPATH "$ORIGIN/${_hwtop_rel}")
  endif()
  if(NOT p STREQUAL hwtop-demo)
    install(TARGETS ${p} RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/hwtop)
  endif()
endforeach()

# The JSON report's schema, and the documentation.
install(FILES ${PROJECT_SOURCE_DIR}/docs/schema/hwtop-report.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/hwtop)
file(GLOB _hwtop_docs ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${_hwtop_docs}
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
