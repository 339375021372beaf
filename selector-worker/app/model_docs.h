#pragma once

// The model catalog as a Markdown reference (docs/MODELS.md is this text; `selector-worker
// models` prints it, and a test keeps the file current).

#include <string>

namespace champion::app {

//! Every catalog model in catalog order: its type, label, family, availability, whether it
//! is preselected (for every pair, or for intermittent demand), its description and its params.
std::string CatalogMarkdown();

}  // namespace champion::app
