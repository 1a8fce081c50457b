#include "channels/http/transport_failure.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

HttpResponse Failure(TransportError error, bool written, std::string message) {
  HttpResponse response;
  response.transport_error = error;
  response.request_written = written;
  response.error = std::move(message);
  return response;
}

TEST(TransportFailureResultTest, AmbiguousOnlyWhenTheRequestMayHaveArrived) {
  struct Case {
    const char* name;
    HttpResponse response;
    bool ambiguous;
    const char* error;
  } cases[] = {
      {"timeout waiting for the answer", Failure(TransportError::kTimeout, true, "timed out"), true,
       "timeout: timed out"},
      {"connect timeout", Failure(TransportError::kTimeout, false, "timed out"), false,
       "timeout: timed out"},
      {"refused", Failure(TransportError::kConnect, false, "refused"), false, "connect: refused"},
      // curl may count a request it composed for a connection that then failed to open.
      {"refused, counted", Failure(TransportError::kConnect, true, "refused"), false,
       "connect: refused"},
      {"reset after writing", Failure(TransportError::kOther, true, "Recv failure"), true,
       "transport: Recv failure"},
      {"TLS handshake failed", Failure(TransportError::kOther, false, "SSL connect error"), false,
       "transport: SSL connect error"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const SendResult result = TransportFailureResult(c.response);
    EXPECT_EQ(result.outcome, SendOutcome::kTransient);
    EXPECT_EQ(result.ambiguous, c.ambiguous);
    EXPECT_EQ(result.error, c.error);
    EXPECT_FALSE(result.throttled);
    EXPECT_FALSE(result.sender_blocked);
  }
}

}  // namespace
}  // namespace pregon
