// HttpRequest and HttpResponse: an HTTP exchange as pregon's handlers see it, whatever the
// transport that parsed it (http_server.cpp adapts the library's types at the edge), so the
// router, the handlers and their tests never name the HTTP library.
//
// Plain values; not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace pregon::http {

// Header fields in the order received; names compare case-insensitively, and a name may
// repeat (two Cookie lines are two values).
class HttpHeaders {
 public:
  void Add(std::string name, std::string value);
  // Replaces every value of `name` with `value`.
  void Set(std::string name, std::string value);
  bool Has(std::string_view name) const { return Count(name) > 0; }
  size_t Count(std::string_view name) const;
  // The index-th value of `name` ("" when there are fewer).
  std::string Get(std::string_view name, size_t index = 0) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// One part of a multipart/form-data body. Its content is a view into the request's body
// (in memory, or the spooled file mapped): valid while the request is.
struct FormPart {
  std::string name;
  std::string filename;  // "" for a plain field
  std::string content_type;
  std::string_view content;
};

// A request body the transport wrote to a temporary file as it arrived (a CSV upload), so
// that it never sits whole in the heap: the file is unlinked at once and mapped read-only;
// the kernel may drop its pages under memory pressure. Unmapped and closed when destroyed.
class SpooledBody {
 public:
  // Maps the file open as `fd` (which it then owns) of `size` bytes.
  static Result<std::shared_ptr<const SpooledBody>> Map(int fd, size_t size);
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;
  std::string_view view() const { return {data_, size_}; }

 private:
  SpooledBody(int fd, const char* data, size_t size) : fd_(fd), data_(data), size_(size) {}
  int fd_;
  const char* data_;
  size_t size_;
};

struct HttpRequest {
  std::string method;  // "GET", "POST"...
  std::string target;  // as sent, query included: "/api/v1/campaigns?limit=5"
  std::string path;    // percent-decoded, without the query
  HttpHeaders headers;
  std::string body;                            // unless spooled
  std::shared_ptr<const SpooledBody> spooled;  // set for a body spooled to disk
  std::string remote_addr;                     // the socket's peer; "" for a Unix socket
  bool multipart = false;  // the body was multipart/form-data, parsed into `form`
  std::vector<FormPart> form;

  // The body, wherever it is.
  std::string_view Body() const { return spooled ? spooled->view() : std::string_view(body); }
  std::string Header(std::string_view name) const { return headers.Get(name); }
  bool HasHeader(std::string_view name) const { return headers.Has(name); }
  size_t PartCount(std::string_view name) const;
  const FormPart* Part(std::string_view name) const;  // the first, or null
};

// A response that goes on after the handler returned (Server-Sent Events, a large download):
// the transport asks Next() every poll interval (and once at once; at once again after a
// step with `more`) until it says done, and writes what it returns. The transport adds
// heartbeats to an idle event stream and ends any stream when the server stops or the
// client goes away.
class EventSource {
 public:
  virtual ~EventSource() = default;
  struct Step {
    std::string text;   // to send now ("" = nothing new)
    bool done = false;  // send `text`, then end the stream
    bool more = false;  // more is ready: ask again without waiting (a download's next page)
  };
  virtual Step Next() = 0;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  std::string content_type;             // of body, or of the stream
  std::shared_ptr<EventSource> stream;  // set: body is ignored and the stream is sent

  void SetHeader(std::string name, std::string value) {
    headers.Set(std::move(name), std::move(value));
  }
  void SetContent(std::string text, std::string type) {
    body = std::move(text);
    content_type = std::move(type);
  }
};

}  // namespace pregon::http
