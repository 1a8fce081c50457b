#include "channels/channel.h"

namespace pregon {

std::string_view SendOutcomeName(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kSent:
      return "sent";
    case SendOutcome::kTransient:
      return "transient";
    case SendOutcome::kPermanent:
      return "permanent";
    case SendOutcome::kUnavailable:
      return "unavailable";
  }
  return "?";
}

}  // namespace pregon
