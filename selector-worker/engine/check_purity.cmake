# cmake -DENGINE_DIR=<dir> -P check_purity.cmake
# Fails when a file under ENGINE_DIR includes a library the pure engine must not see.
file(GLOB_RECURSE _files "${ENGINE_DIR}/*.h" "${ENGINE_DIR}/*.cpp" "${ENGINE_DIR}/*.cc"
     "${ENGINE_DIR}/*.hpp")
set(_forbidden
    "#[ \t]*include[ \t]*[<\"](grpc|grpcpp|soci|google/protobuf|nlohmann|spdlog|fmt|pqxx|libpq|boost/asio|boost/beast)[/.>\"]"
    "#[ \t]*include[ \t]*[<\"][^>\"]*\\.pb\\.h[>\"]"
    "#[ \t]*include[ \t]*[<\"]common/(logging|status_codes)")
set(_bad "")
foreach(_f IN LISTS _files)
  file(STRINGS "${_f}" _lines REGEX "#[ \t]*include")
  foreach(_line IN LISTS _lines)
    foreach(_re IN LISTS _forbidden)
      if(_line MATCHES "${_re}")
        list(APPEND _bad "${_f}: ${_line}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(_bad)
  list(JOIN _bad "\n  " _msg)
  message(FATAL_ERROR "engine/ must stay pure (no gRPC/SOCI/protobuf/JSON/spdlog):\n  ${_msg}")
endif()
