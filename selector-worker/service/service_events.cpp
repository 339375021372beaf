#include "service/service_events.h"

namespace champion::service {

ServiceEvents& NoServiceEvents() {
  static ServiceEvents none;
  return none;
}

}  // namespace champion::service
