#include "channels/http/curl_fetch.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "channels/http/curl_global.h"
#include "core/text.h"

namespace pregon {
namespace {

struct Transfer {
  FetchResult* result = nullptr;
  int fd = -1;  // when the body goes to a file
  int64_t max_bytes = 0;
  bool too_large = false;
  std::string write_error;

  static size_t OnBody(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (t.result->bytes + static_cast<int64_t>(bytes) > t.max_bytes) {
      t.too_large = true;
      return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    t.result->bytes += static_cast<int64_t>(bytes);
    if (t.fd < 0) {
      auto& body = t.result->response.body;
      const size_t room =
          HttpResponse::kMaxBodyBytes - std::min(body.size(), HttpResponse::kMaxBodyBytes);
      body.append(data, std::min(bytes, room));
      return bytes;
    }
    for (size_t done = 0; done < bytes;) {
      const ssize_t n = ::write(t.fd, data + done, bytes - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        t.write_error = std::strerror(errno);
        return 0;
      }
      done += static_cast<size_t>(n);
    }
    return bytes;
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return size * count;
    const std::string name = AsciiLower(TrimSpaceTab(line.substr(0, colon)));
    const std::string_view value = TrimCell(line.substr(colon + 1));  // and its CRLF
    if (name == "location") t.result->location = std::string(value);
    if (name == "content-type") t.result->content_type = std::string(value);
    if (name == "retry-after") t.result->response.retry_after = std::string(value);
    return size * count;
  }
};

void Fail(FetchResult& result, TransportError kind, std::string message) {
  result.response.status = 0;
  result.response.transport_error = kind;
  result.response.error = std::move(message);
}

}  // namespace

FetchResult Fetch(const HttpRequest& request, const FetchOptions& options) {
  FetchResult result;
  if (const CURLcode code = EnsureCurlGlobalInit(); code != CURLE_OK) {
    Fail(result, TransportError::kOther, curl_easy_strerror(code));
    return result;
  }
  Transfer transfer{&result, -1, options.max_bytes};
  if (!options.to_file.empty()) {
    transfer.fd = ::open(options.to_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (transfer.fd < 0) {
      Fail(result, TransportError::kOther,
           "cannot write " + options.to_file + ": " + std::strerror(errno));
      return result;
    }
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), &curl_easy_cleanup);
  curl_slist* headers = nullptr;
  for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  headers = curl_slist_append(headers, "Expect:");
  char error[CURL_ERROR_SIZE] = {};
  CURL* e = easy.get();
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(e, CURLOPT_USERAGENT, "pregon/0.1");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
  if (!options.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
  if (request.method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST")
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  const CURLcode code = curl_easy_perform(e);
  curl_slist_free_all(headers);
  if (transfer.fd >= 0 && ::close(transfer.fd) != 0 && transfer.write_error.empty())
    transfer.write_error = std::strerror(errno);
  if (transfer.too_large) {
    Fail(result, TransportError::kOther,
         "the answer is larger than " + std::to_string(options.max_bytes) + " bytes");
  } else if (!transfer.write_error.empty()) {
    Fail(result, TransportError::kOther,
         "cannot write " + options.to_file + ": " + transfer.write_error);
  } else if (code != CURLE_OK) {
    const auto kind = code == CURLE_OPERATION_TIMEDOUT ? TransportError::kTimeout
                      : code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST
                          ? TransportError::kConnect
                          : TransportError::kOther;
    Fail(result, kind, error[0] != '\0' ? error : curl_easy_strerror(code));
  } else {
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    result.response.status = static_cast<int>(status);
  }
  return result;
}

}  // namespace pregon
