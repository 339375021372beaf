#pragma once
// Fixture for the purity check: this include must make the check fail.
#include <grpcpp/grpcpp.h>
