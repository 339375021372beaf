# Proto code generation with add_custom_command. CMake 3.25's protobuf_generate() gets
# out-of-tree imports (google/api from gogo-googleapis) wrong, see docs/TOOLCHAIN.md fact 2.
set(CHAMPION_GOOGLEAPIS_DIR /usr/share/gocode/src/github.com/gogo/googleapis
    CACHE PATH "Root of google/api and google/rpc protos")
set(CHAMPION_GRPC_PROTO_DIR /usr/share/grpc-proto CACHE PATH "Root of grpc/health protos")

# champion_proto_generate(OUT_SRCS ROOT <dir> FILES <rel.proto>... [GRPC <rel.proto>...])
function(champion_proto_generate out_var)
  cmake_parse_arguments(P "" "ROOT" "FILES;GRPC" ${ARGN})
  set(out_dir ${CMAKE_BINARY_DIR}/gen)
  set(srcs)
  foreach(rel IN LISTS P_FILES)
    string(REGEX REPLACE "\\.proto$" "" base ${rel})
    set(outs ${out_dir}/${base}.pb.cc ${out_dir}/${base}.pb.h)
    set(grpc_args)
    if(rel IN_LIST P_GRPC)
      list(APPEND outs ${out_dir}/${base}.grpc.pb.cc ${out_dir}/${base}.grpc.pb.h)
      set(grpc_args --grpc_out=${out_dir}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND protobuf::protoc --cpp_out=${out_dir} ${grpc_args}
              -I ${CMAKE_SOURCE_DIR}/proto -I ${CHAMPION_GOOGLEAPIS_DIR}
              -I ${CHAMPION_GRPC_PROTO_DIR} -I ${Protobuf_INCLUDE_DIRS}
              ${P_ROOT}/${rel}
      DEPENDS ${P_ROOT}/${rel}
      COMMENT "protoc ${rel}"
      VERBATIM)
    list(APPEND srcs ${out_dir}/${base}.pb.cc)
    if(rel IN_LIST P_GRPC)
      list(APPEND srcs ${out_dir}/${base}.grpc.pb.cc)
    endif()
  endforeach()
  set(${out_var} ${srcs} PARENT_SCOPE)
endfunction()
