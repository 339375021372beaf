// The one Catch2 main for every test binary (kept in its own TU: it is slow to compile).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
