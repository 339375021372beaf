# libFuzzer targets: the fuzz build (preset `fuzz`, CHAMPION_FUZZ=ON), run by deploy/fuzz.sh.
#
# champion_fuzz_target(<folder> <name> <max_len> <libraries>...)
#   builds <name>_fuzz from <folder>/fuzz/<name>_fuzz.cpp (an LLVMFuzzerTestOneInput) with
#   libFuzzer's main and links <libraries>. Its seed corpus is <folder>/fuzz/corpus/<name>/
#   (in git; deploy/fuzz.sh fuzzes a copy); <folder>/fuzz/<name>.dict, when present, is a
#   libFuzzer dictionary. <max_len> is the longest input tried, in bytes: about what the
#   service lets reach that parser, so the fuzzer does not spend its time on sizes that are
#   refused earlier.
# Every target is listed in <build>/fuzz_targets.tsv (name, binary, corpus, max_len, dict)
# for deploy/fuzz.sh, so one line here is all a new target needs.

set(CHAMPION_FUZZ_MANIFEST ${CMAKE_BINARY_DIR}/fuzz_targets.tsv)
file(WRITE ${CHAMPION_FUZZ_MANIFEST} "")

function(champion_fuzz_target folder name max_len)
  set(dir ${CMAKE_SOURCE_DIR}/${folder}/fuzz)
  set(source ${dir}/${name}_fuzz.cpp)
  set(corpus ${dir}/corpus/${name})
  if(NOT EXISTS ${source})
    message(FATAL_ERROR "fuzz target ${name}: no ${source}")
  endif()
  if(NOT IS_DIRECTORY ${corpus})
    message(FATAL_ERROR "fuzz target ${name}: no seed corpus ${corpus}")
  endif()
  set(dict "")
  if(EXISTS ${dir}/${name}.dict)
    set(dict ${dir}/${name}.dict)
  endif()
  set(target ${name}_fuzz)
  add_executable(${target} ${source})
  target_link_libraries(${target} PRIVATE ${ARGN})
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR})  # common/fuzz/
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  champion_warnings(${target})
  file(APPEND ${CHAMPION_FUZZ_MANIFEST}
       "${target}\t${CMAKE_BINARY_DIR}/fuzz/${target}\t${corpus}\t${max_len}\t${dict}\n")
endfunction()

# ---- The fuzz targets: one line each (folder, name, max_len, libraries) ----------------------
# Path templates and route matching against the real champion.v1 routes.
champion_fuzz_target(api-gateway path_template 4096 champion_gateway)
# JSON body, query parameters and path bindings -> the real request messages.
champion_fuzz_target(api-gateway request_transcoder 16384 champion_gateway)
# The sales CSV import file.
champion_fuzz_target(selector-worker sales_csv 16384 champion_ingest)
# Page tokens (decode only).
champion_fuzz_target(selector-worker page_token 512 champion_page_token)
# The HTTP request head as a gateway connection parses it.
champion_fuzz_target(api-gateway http_head 16384 champion_gateway)
# Authorization values (API tokens, JWTs), the tokens file and JWT key files.
champion_fuzz_target(common credentials 8192 champion_auth)
