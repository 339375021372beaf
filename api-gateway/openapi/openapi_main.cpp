// champion-openapi: writes the OpenAPI document of the REST face to the file named by its
// argument (the build runs it to produce ${CMAKE_BINARY_DIR}/openapi.json).

#include <cstdio>
#include <exception>
#include <fstream>

#include "openapi/openapi.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: champion-openapi OUTPUT.json\n");
    return 2;
  }
  try {
    const std::string text = champion::gateway::ServedOpenApiJson();
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::fprintf(stderr, "champion-openapi: cannot write %s\n", argv[1]);
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "champion-openapi: %s\n", e.what());
    return 1;
  }
  return 0;
}
