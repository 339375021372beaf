# Helpers shared by every component.
#
# Include roots: "common/..." resolves from the repository root; inside a service, headers
# are included relative to that service's folder ("engine/backtest/splitter.h" in selector-worker,
# "transcode/router.h" in api-gateway).

# champion_warnings(TARGET): the project's warnings-as-errors set for our own code.
function(champion_warnings target)
  target_compile_options(${target} PRIVATE ${CHAMPION_WARNINGS})
endfunction()

# champion_test(NAME SOURCES ... DEPS ... [LABELS ...] [GRPC_TLS_SPEC spec]): a Catch2 binary
# discovered by CTest. LABELS lets the test command pick suites (unit, pg, system).
# GRPC_TLS_SPEC names, as tags a test must all carry ("[grpc][tls]"), the tests that drive
# gRPC's TLS stack: they run with LeakSanitizer ignoring allocations made inside gRPC
# (tools/sanitizers/grpc-tls.supp, the reason in docs/DECISIONS.md) and with full allocation
# stacks, which the suppression needs to see gRPC's frames. A leak whose stack holds no gRPC
# frame is still reported.
function(champion_test name)
  cmake_parse_arguments(T "" "GRPC_TLS_SPEC" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE champion_catch_main ${T_DEPS})
  champion_warnings(${name})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  # CTest runs each test case by its name; --warn NoTests makes a name that selects nothing
  # (CMake splits names at ";") fail instead of passing with "No tests ran".
  set(args EXTRA_ARGS --warn NoTests)
  if(NOT T_GRPC_TLS_SPEC)
    catch_discover_tests(${name} TEST_PREFIX "${name}:" ${args} PROPERTIES TIMEOUT 300
                         LABELS "${T_LABELS}")
    return()
  endif()
  # The rest: "[a][b]" (both tags) -> "~[a],~[b]" (lacks either).
  string(REPLACE "][" "],~[" rest "~${T_GRPC_TLS_SPEC}")
  catch_discover_tests(${name} TEST_SPEC "${rest}" TEST_PREFIX "${name}:" ${args}
                       PROPERTIES TIMEOUT 300 LABELS "${T_LABELS}")
  set(lsan "suppressions=${PROJECT_SOURCE_DIR}/tools/sanitizers/grpc-tls.supp")
  catch_discover_tests(${name} TEST_SPEC "${T_GRPC_TLS_SPEC}" TEST_PREFIX "${name}:" ${args}
                       PROPERTIES TIMEOUT 300 LABELS "${T_LABELS}"
                                  ENVIRONMENT "LSAN_OPTIONS=${lsan}:fast_unwind_on_malloc=0")
endfunction()
