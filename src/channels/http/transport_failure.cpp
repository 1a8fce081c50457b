#include "channels/http/transport_failure.h"

namespace pregon {

SendResult TransportFailureResult(const HttpResponse& response) {
  SendResult result;
  result.outcome = SendOutcome::kTransient;
  switch (response.transport_error) {
    case TransportError::kTimeout:
      result.error = "timeout: " + response.error;
      break;
    case TransportError::kConnect:
      result.error = "connect: " + response.error;
      break;
    default:
      result.error = "transport: " + response.error;
      break;
  }
  // A refused or unresolved connection never carried the request, whatever curl counted.
  result.ambiguous =
      response.request_written && response.transport_error != TransportError::kConnect;
  return result;
}

}  // namespace pregon
