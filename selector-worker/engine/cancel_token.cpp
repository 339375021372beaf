#include "engine/cancel_token.h"

namespace champion::engine {

const CancelToken& NeverCancelled() {
  static const CancelToken* const token = new CancelToken();  // Never cancelled, never freed.
  return *token;
}

}  // namespace champion::engine
