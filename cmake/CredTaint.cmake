# CredTaint.cmake - credtaint for CMake projects: instrumented targets and
# ctest integration.
#
# Loaded by find_package(CredTaint). Two ways to instrument a build:
#
#   - as flags (like -fsanitize=address): keep the project's compiler, which
#     must be the clang credtaint was built for (clang-${CREDTAINT_LLVM_MAJOR}),
#     and call credtaint_instrument(<target>) for each test executable, or set
#     CREDTAINT_INSTRUMENT_ALL=ON for the whole project. The same build tree
#     then holds instrumented test binaries beside uninstrumented ones;
#   - with the drop-in compiler, which instruments everything:
#       cmake -S . -B build-credtaint -DCMAKE_CXX_COMPILER=<prefix>/bin/credtaint-c++
#             [-DCMAKE_C_COMPILER=<prefix>/bin/credtaint-cc]
#     (CREDTAINT_CXX_COMPILER and CREDTAINT_C_COMPILER hold those paths).
#
#   credtaint_instrument(<target> [TESTS <test>...] [TEST_LIST <var>]
#                        [OPTIONS <key=value:...>] [FIXTURES <fixture>...])
#
#     Instruments <target> (unless the compiler is credtaint's wrapper, which
#     instruments everything): `--config <CREDTAINT_CONFIG_FILE>` on its
#     compiles and its link, and on the compiles of every static or object
#     library of the project it links. DataFlowSanitizer needs the whole
#     program instrumented, so a static library linked both into an
#     instrumented target and into one that is not (a production binary) is
#     a configure-time error naming both: give the tests their own copy of
#     it, or instrument the other target too. Prebuilt (IMPORTED) libraries
#     such as GoogleTest stay as they are: calls into them go through the ABI
#     list's discard entries and the link's discard stubs, and labels do not
#     cross them.
#
#     Runs the tests of <target> under credtaint's conventions: each gets
#     CREDTAINT_OPTIONS=log_dir=${CREDTAINT_LOG_DIR}[:fingerprint_key=...]
#     [:OPTIONS] appended to whatever CREDTAINT_OPTIONS it already has,
#     CREDTAINT_TEST_NAME=<its ctest name>, and FIXTURES_REQUIRED on the
#     report fixture, so the report runs after it. Tests found by
#     gtest_discover_tests(<target>) are handled at ctest time through a
#     TEST_INCLUDE_FILES script that reads <target>_TESTS (or TEST_LIST, as
#     given to gtest_discover_tests); tests added with add_test are named in
#     TESTS. For discovered tests the fixtures replace those set through
#     gtest_discover_tests(... PROPERTIES FIXTURES_REQUIRED ...): pass such
#     fixtures in FIXTURES instead. Tests that leak still pass; the report
#     is the gate (OPTIONS exitcode=1 fails them too, which no baseline or
#     report suppressions file can then accept).
#
#   credtaint_add_report([NAME <test>] [FAIL_ON low|medium|high|critical]
#                        [BASELINE <file>] [SUPPRESSIONS <file>...]
#                        [SOURCE_ROOT <dir>] [BUILD_DIR <dir>]
#                        [OUTPUT_DIR <dir>] [EXTRA_ARGS <arg>...]
#                        [NO_CTEST_SUMMARY])
#
#     Adds the report as a ctest FIXTURES_CLEANUP test (default name
#     credtaint.report, gate --fail-on low) that merges the run's records and
#     the build's static sidecars into OUTPUT_DIR (default
#     ${CMAKE_BINARY_DIR}/credtaint-report): credtaint.sarif,
#     credtaint-junit.xml, credtaint.json and summary.txt, and fails when a
#     new finding at or above FAIL_ON remains. A FIXTURES_SETUP test
#     (<NAME>.clean-logs) empties the log directory first, so a report covers
#     exactly the tests of that ctest run. Unless NO_CTEST_SUMMARY is given,
#     ${CMAKE_BINARY_DIR}/CTestCustom.cmake makes ctest print the summary
#     after every run that ran the report. The build target
#     credtaint-baseline writes a baseline of the last run's findings to
#     BASELINE (or <OUTPUT_DIR>/baseline.json).
#
# Cache variables: CREDTAINT_INSTRUMENT_ALL (instrument every target of the
# project, as the wrapper does), CREDTAINT_ORIGINS (origin tracking, default
# ON; OFF uses CREDTAINT_CONFIG_FILE_NO_ORIGINS), CREDTAINT_LOG_DIR (where test processes write
# credtaint.<pid>.jsonl), CREDTAINT_FINGERPRINT_KEY (a key file shared by the
# team; without one each machine uses its own key and a baseline made on one
# machine will not match findings made on another), CREDTAINT_FIXTURE.

include_guard(GLOBAL)
if(CMAKE_VERSION VERSION_LESS 3.22) # ENVIRONMENT_MODIFICATION, DEFER
  message(FATAL_ERROR "credtaint's CMake package needs CMake 3.22 or later")
endif()

set(CREDTAINT_LOG_DIR "${CMAKE_BINARY_DIR}/credtaint-logs" CACHE PATH
  "Directory where credtaint-instrumented tests write their findings")
set(CREDTAINT_FINGERPRINT_KEY "" CACHE FILEPATH
  "credtaint fingerprint key file (\"<id>:<hex>\") shared by the team; empty: the per-user default key")
set(CREDTAINT_FIXTURE "credtaint" CACHE STRING
  "ctest fixture that orders credtaint's report after the instrumented tests")
mark_as_advanced(CREDTAINT_FIXTURE)
option(CREDTAINT_INSTRUMENT_ALL
  "Instrument every target of the project with credtaint's flags" OFF)
option(CREDTAINT_ORIGINS "credtaint's flags with origin tracking" ON)

# True when the C++ compiler is credtaint's wrapper.
function(_credtaint_compiler_is_wrapper out)
  get_filename_component(real "${CMAKE_CXX_COMPILER}" REALPATH)
  get_filename_component(name "${real}" NAME)
  if(name STREQUAL "credtaint-cc")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# CREDTAINT_OPTIONS separates key=value pairs with ':', ',' and blanks, so
# the paths it carries cannot hold them.
function(_credtaint_check_path what path)
  if(path MATCHES "[:, \t;]")
    message(FATAL_ERROR "credtaint: ${what} '${path}' contains ':', ',', ';' "
      "or a blank, which CREDTAINT_OPTIONS cannot carry; choose another path")
  endif()
endfunction()

# The CREDTAINT_OPTIONS text every instrumented test gets, in <out>.
function(_credtaint_options out extra)
  _credtaint_check_path("CREDTAINT_LOG_DIR" "${CREDTAINT_LOG_DIR}")
  set(opts "log_dir=${CREDTAINT_LOG_DIR}")
  if(CREDTAINT_FINGERPRINT_KEY)
    _credtaint_check_path("CREDTAINT_FINGERPRINT_KEY" "${CREDTAINT_FINGERPRINT_KEY}")
    string(APPEND opts ":fingerprint_key=${CREDTAINT_FINGERPRINT_KEY}")
  endif()
  if(NOT extra STREQUAL "")
    string(APPEND opts ":${extra}")
  endif()
  set(${out} "${opts}" PARENT_SCOPE)
endfunction()

# The flag form: what credtaint adds, as clang takes it.
function(_credtaint_config_option out)
  if(CREDTAINT_ORIGINS)
    set(file "${CREDTAINT_CONFIG_FILE}")
  else()
    set(file "${CREDTAINT_CONFIG_FILE_NO_ORIGINS}")
  endif()
  set(${out} "SHELL:--config \"${file}\"" PARENT_SCOPE)
endfunction()

# One line when a compiler of the project is not the clang credtaint's
# flags are for: DFSan flags of another LLVM fail in confusing ways.
function(_credtaint_check_compilers who)
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  foreach(lang IN ITEMS C CXX)
    if(NOT lang IN_LIST languages)
      continue()
    endif()
    string(REGEX MATCH "^[0-9]+" major "${CMAKE_${lang}_COMPILER_VERSION}")
    if(NOT CMAKE_${lang}_COMPILER_ID STREQUAL "Clang" OR
       NOT major STREQUAL CREDTAINT_LLVM_MAJOR)
      message(FATAL_ERROR "${who}: the ${lang} compiler is "
        "${CMAKE_${lang}_COMPILER_ID} ${CMAKE_${lang}_COMPILER_VERSION} "
        "(${CMAKE_${lang}_COMPILER}), but credtaint's flags are for clang "
        "${CREDTAINT_LLVM_MAJOR}: configure with -DCMAKE_${lang}_COMPILER="
        "clang-${CREDTAINT_LLVM_MAJOR} (or clang++-${CREDTAINT_LLVM_MAJOR}), or use "
        "a credtaint built with -DCREDTAINT_LLVM_VERSION=${major}")
    endif()
  endforeach()
endfunction()

# The targets are complete only when the project's CMakeLists are read:
# the flags are added then, once, at the end of the top-level directory.
function(_credtaint_defer_flags)
  get_property(deferred GLOBAL PROPERTY CREDTAINT_FLAGS_DEFERRED)
  if(NOT deferred)
    set_property(GLOBAL PROPERTY CREDTAINT_FLAGS_DEFERRED TRUE)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}"
      CALL _credtaint_apply_flags)
  endif()
endfunction()

# Every target of the project, in <out>.
function(_credtaint_project_targets out dir)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _credtaint_project_targets(more "${sub}")
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The project's static and object libraries <target> links, directly or
# through other libraries, in <out> (imported ones are prebuilt).
function(_credtaint_static_deps out target)
  set(seen "")
  set(queue ${target})
  set(found "")
  while(queue)
    list(POP_FRONT queue t)
    get_target_property(type ${t} TYPE)
    set(libs "")
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(direct ${t} LINK_LIBRARIES)
      if(direct)
        list(APPEND libs ${direct})
      endif()
    endif()
    get_target_property(iface ${t} INTERFACE_LINK_LIBRARIES)
    if(iface)
      list(APPEND libs ${iface})
    endif()
    foreach(lib IN LISTS libs)
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
      if(NOT TARGET "${lib}" OR lib IN_LIST seen)
        continue()
      endif()
      list(APPEND seen "${lib}")
      get_target_property(imported ${lib} IMPORTED)
      get_target_property(alias ${lib} ALIASED_TARGET)
      if(alias)
        set(lib "${alias}")
      endif()
      if(imported AND NOT alias)
        continue()
      endif()
      get_target_property(libtype ${lib} TYPE)
      if(libtype MATCHES "^(STATIC|OBJECT)_LIBRARY$")
        list(APPEND found ${lib})
      endif()
      if(NOT libtype STREQUAL "SHARED_LIBRARY")
        list(APPEND queue ${lib})
      endif()
    endforeach()
  endwhile()
  list(REMOVE_DUPLICATES found)
  set(${out} ${found} PARENT_SCOPE)
endfunction()

function(_credtaint_apply_flags)
  _credtaint_config_option(option)
  _credtaint_project_targets(all "${CMAKE_SOURCE_DIR}")
  set(linked_types "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$")
  set(compiled_types "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY|STATIC_LIBRARY|OBJECT_LIBRARY)$")
  if(CREDTAINT_INSTRUMENT_ALL)
    set(roots "")
    foreach(t IN LISTS all)
      get_target_property(type ${t} TYPE)
      if(type MATCHES "${compiled_types}")
        list(APPEND roots ${t})
      endif()
    endforeach()
  else()
    get_property(roots GLOBAL PROPERTY CREDTAINT_INSTRUMENTED_ROOTS)
  endif()
  # Which target made each static library instrumented.
  foreach(root IN LISTS roots)
    _credtaint_static_deps(libs ${root})
    foreach(t IN ITEMS ${root} ${libs})
      get_target_property(by ${t} CREDTAINT_INSTRUMENTED_FOR)
      if(NOT by)
        set_property(TARGET ${t} PROPERTY CREDTAINT_INSTRUMENTED_FOR ${root})
        set_property(TARGET ${t} APPEND PROPERTY COMPILE_OPTIONS "${option}")
        get_target_property(type ${t} TYPE)
        if(type MATCHES "${linked_types}")
          set_property(TARGET ${t} APPEND PROPERTY LINK_OPTIONS "${option}")
        endif()
      endif()
    endforeach()
  endforeach()
  # A production binary must not link what was instrumented for the tests.
  foreach(t IN LISTS all)
    get_target_property(type ${t} TYPE)
    get_target_property(by ${t} CREDTAINT_INSTRUMENTED_FOR)
    if(NOT type MATCHES "${linked_types}" OR by)
      continue()
    endif()
    _credtaint_static_deps(libs ${t})
    foreach(lib IN LISTS libs)
      get_target_property(lib_by ${lib} CREDTAINT_INSTRUMENTED_FOR)
      if(lib_by)
        message(FATAL_ERROR "credtaint: static library '${lib}' is built "
          "with credtaint's flags for '${lib_by}', but '${t}' links it without "
          "them; DataFlowSanitizer needs the whole program instrumented: give "
          "the tests their own copy of '${lib}', or call "
          "credtaint_instrument(${t}) too")
      endif()
    endforeach()
  endforeach()
endfunction()

function(credtaint_instrument target)
  cmake_parse_arguments(PARSE_ARGV 1 CT "" "TEST_LIST;OPTIONS" "TESTS;FIXTURES")
  if(CT_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "credtaint_instrument: unexpected arguments: ${CT_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "credtaint_instrument: '${target}' is not a target")
  endif()
  _credtaint_compiler_is_wrapper(wrapped)
  if(NOT wrapped)
    _credtaint_check_compilers("credtaint_instrument(${target})")
    set_property(GLOBAL APPEND PROPERTY CREDTAINT_INSTRUMENTED_ROOTS ${target})
    _credtaint_defer_flags()
  endif()
  if(NOT CT_TEST_LIST)
    set(CT_TEST_LIST "${target}_TESTS")
  endif()
  _credtaint_options(opts "${CT_OPTIONS}")
  set(fixtures ${CREDTAINT_FIXTURE} ${CT_FIXTURES})
  # Appended to the test's own CREDTAINT_OPTIONS: options given later win,
  # so the log directory the report reads cannot be overridden by accident.
  set(env_opts "CREDTAINT_OPTIONS=string_append::${opts}")

  # Discovered tests exist only at ctest time: a script included after
  # gtest_discover_tests' own sets their properties from its test list.
  set(script "${CMAKE_CURRENT_BINARY_DIR}/credtaint/${target}-tests.cmake")
  string(REPLACE "\\" "\\\\" quoted "${env_opts}")
  string(REPLACE "\"" "\\\"" quoted "${quoted}")
  string(REPLACE "$" "\\$" quoted "${quoted}")
  file(WRITE "${script}"
"# Generated by credtaint_instrument(${target}): runs after the tests of
# gtest_discover_tests(${target}) are added, and gives each of them
# credtaint's environment and the report fixture.
foreach(_credtaint_test IN LISTS ${CT_TEST_LIST})
  set_tests_properties(\"\${_credtaint_test}\" PROPERTIES
    ENVIRONMENT_MODIFICATION \"${quoted};CREDTAINT_TEST_NAME=set:\${_credtaint_test}\"
    FIXTURES_REQUIRED [==[${fixtures}]==])
endforeach()
")
  # Deferred to the end of this directory, so the script comes after the
  # include file of a gtest_discover_tests call made later, and TESTS may
  # name tests added later.
  cmake_language(EVAL CODE "
    cmake_language(DEFER CALL _credtaint_finish_instrument
      [==[${script}]==] [==[${CT_TESTS}]==] [==[${env_opts}]==]
      [==[${fixtures}]==])")
endfunction()

function(_credtaint_finish_instrument script tests env_opts fixtures)
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
  foreach(test IN LISTS tests)
    if(NOT TEST "${test}")
      message(FATAL_ERROR "credtaint_instrument: TESTS names '${test}', "
        "which is not a test of ${CMAKE_CURRENT_SOURCE_DIR}")
    endif()
    set_property(TEST "${test}" APPEND PROPERTY ENVIRONMENT_MODIFICATION
      "${env_opts}" "CREDTAINT_TEST_NAME=set:${test}")
    set_property(TEST "${test}" APPEND PROPERTY FIXTURES_REQUIRED ${fixtures})
  endforeach()
endfunction()

function(credtaint_add_report)
  cmake_parse_arguments(PARSE_ARGV 0 CT "NO_CTEST_SUMMARY"
    "NAME;FAIL_ON;BASELINE;SOURCE_ROOT;BUILD_DIR;OUTPUT_DIR"
    "SUPPRESSIONS;EXTRA_ARGS")
  if(CT_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "credtaint_add_report: unexpected arguments: ${CT_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT CT_NAME)
    set(CT_NAME credtaint.report)
  endif()
  if(NOT CT_FAIL_ON)
    set(CT_FAIL_ON low)
  endif()
  if(NOT CT_FAIL_ON MATCHES "^(low|medium|high|critical)$")
    message(FATAL_ERROR "credtaint_add_report: FAIL_ON must be low, medium, "
      "high or critical, not '${CT_FAIL_ON}'")
  endif()
  if(NOT CT_SOURCE_ROOT)
    set(CT_SOURCE_ROOT "${CMAKE_SOURCE_DIR}")
  endif()
  if(NOT CT_BUILD_DIR)
    set(CT_BUILD_DIR "${CMAKE_BINARY_DIR}")
  endif()
  if(NOT CT_OUTPUT_DIR)
    set(CT_OUTPUT_DIR "${CMAKE_BINARY_DIR}/credtaint-report")
  endif()
  set(summary "${CT_OUTPUT_DIR}/summary.txt")
  set(args merge
    --log-dir "${CREDTAINT_LOG_DIR}"
    --build-dir "${CT_BUILD_DIR}"
    --source-root "${CT_SOURCE_ROOT}"
    --sarif "${CT_OUTPUT_DIR}/credtaint.sarif"
    --junit "${CT_OUTPUT_DIR}/credtaint-junit.xml"
    --json "${CT_OUTPUT_DIR}/credtaint.json"
    --summary "${summary}"
    --fail-on ${CT_FAIL_ON})
  if(CT_BASELINE)
    get_filename_component(CT_BASELINE "${CT_BASELINE}" ABSOLUTE)
    list(APPEND args --baseline "${CT_BASELINE}")
  endif()
  set(inputs --log-dir "${CREDTAINT_LOG_DIR}" --build-dir "${CT_BUILD_DIR}"
    --source-root "${CT_SOURCE_ROOT}")
  foreach(file IN LISTS CT_SUPPRESSIONS)
    get_filename_component(file "${file}" ABSOLUTE)
    list(APPEND args --suppressions "${file}")
    list(APPEND inputs --suppressions "${file}")
  endforeach()
  list(APPEND args ${CT_EXTRA_ARGS})

  add_test(NAME ${CT_NAME} COMMAND CredTaint::credtaint-report ${args})
  set_tests_properties(${CT_NAME} PROPERTIES
    FIXTURES_CLEANUP ${CREDTAINT_FIXTURE} LABELS credtaint)
  # Records of earlier runs would otherwise be merged into this one.
  add_test(NAME ${CT_NAME}.clean-logs
    COMMAND ${CMAKE_COMMAND} -E rm -rf "${CREDTAINT_LOG_DIR}" "${summary}")
  set_tests_properties(${CT_NAME}.clean-logs PROPERTIES
    FIXTURES_SETUP ${CREDTAINT_FIXTURE} LABELS credtaint)

  if(NOT CT_NO_CTEST_SUMMARY)
    _credtaint_ctest_custom("${summary}")
  endif()

  # `cmake --build . --target credtaint-baseline` after a ctest run accepts
  # its findings: it writes BASELINE (or <OUTPUT_DIR>/baseline.json).
  if(NOT TARGET credtaint-baseline)
    if(CT_BASELINE)
      set(baseline_out "${CT_BASELINE}")
    else()
      set(baseline_out "${CT_OUTPUT_DIR}/baseline.json")
    endif()
    add_custom_target(credtaint-baseline
      COMMAND CredTaint::credtaint-report baseline ${inputs} -o "${baseline_out}"
      COMMENT "credtaint: accepting the findings of the last ctest run in ${baseline_out}"
      VERBATIM)
  endif()
endfunction()

# ctest shows a passing test's output only with -V; CTestCustom.cmake's
# post-test command prints the summary after every plain `ctest` run that
# ran the report (the pre-test command removes the previous one).
function(_credtaint_ctest_custom summary)
  set(custom "${CMAKE_BINARY_DIR}/CTestCustom.cmake")
  set(marker "# credtaint: generated by credtaint_add_report()")
  if(EXISTS "${custom}")
    file(READ "${custom}" existing)
    string(FIND "${existing}" "${marker}" at)
    if(at EQUAL -1)
      message(STATUS "credtaint: ${custom} is not credtaint's; add "
        "CTEST_CUSTOM_POST_TEST \"${CMAKE_COMMAND} -P ${CMAKE_BINARY_DIR}/credtaint/print-summary.cmake\" "
        "to it to see the summary after ctest")
    endif()
  endif()
  set(printer "${CMAKE_BINARY_DIR}/credtaint/print-summary.cmake")
  file(WRITE "${printer}"
"if(EXISTS [==[${summary}]==])
  execute_process(COMMAND [==[${CMAKE_COMMAND}]==] -E cat [==[${summary}]==])
endif()
")
  if(NOT DEFINED at OR NOT at EQUAL -1)
    file(WRITE "${custom}" "${marker}
list(APPEND CTEST_CUSTOM_PRE_TEST [==[\"${CMAKE_COMMAND}\" -E rm -f \"${summary}\"]==])
list(APPEND CTEST_CUSTOM_POST_TEST [==[\"${CMAKE_COMMAND}\" -P \"${printer}\"]==])
")
  endif()
endfunction()

# CREDTAINT_INSTRUMENT_ALL: every target, with no credtaint_instrument call.
if(CREDTAINT_INSTRUMENT_ALL)
  _credtaint_compiler_is_wrapper(_credtaint_wrapped)
  if(NOT _credtaint_wrapped)
    _credtaint_check_compilers("CREDTAINT_INSTRUMENT_ALL")
    _credtaint_defer_flags()
  endif()
endif()
