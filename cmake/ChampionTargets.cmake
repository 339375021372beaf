# Helpers shared by every component.
#
# Include roots: "common/..." resolves from the repository root; inside a service, headers
# are included relative to that service's folder ("engine/backtest/splitter.h" in selector-worker,
# "transcode/router.h" in api-gateway).

# champion_warnings(TARGET): the project's warnings-as-errors set for our own code.
function(champion_warnings target)
  target_compile_options(${target} PRIVATE ${CHAMPION_WARNINGS})
endfunction()

# champion_test(NAME SOURCES ... DEPS ... [LABELS ...]): a Catch2 binary discovered by CTest.
# LABELS lets the test command pick suites (unit, pg, system).
function(champion_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE champion_catch_main ${T_DEPS})
  champion_warnings(${name})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  catch_discover_tests(${name} TEST_PREFIX "${name}:" PROPERTIES TIMEOUT 300 LABELS "${T_LABELS}")
endfunction()
