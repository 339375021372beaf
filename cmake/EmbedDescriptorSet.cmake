# cmake -DINPUT=<champion.protoset> -DOUTPUT=<file.cpp> -P EmbedDescriptorSet.cmake
# Writes the definition of champion::DescriptorSetBytes() (common/descriptor_set.h): the
# serialized FileDescriptorSet as a byte array, so the binary needs no file at run time.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){32})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}.tmp
"// Generated from champion.protoset by cmake/EmbedDescriptorSet.cmake; do not edit.
#include \"common/descriptor_set.h\"

namespace champion {
namespace {
const unsigned char kBytes[${size}] = {
${bytes}
};
}  // namespace

std::string_view DescriptorSetBytes() {
  return {reinterpret_cast<const char*>(kBytes), sizeof(kBytes)};
}

}  // namespace champion
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
