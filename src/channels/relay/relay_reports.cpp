#include "channels/relay/relay_reports.h"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>

#include "channels/relay/relay_response.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pregon {
namespace {

// The id an href carries: its reportRequestId= parameter, else a numeric last segment.
std::string IdFromHref(std::string_view href) {
  constexpr std::string_view kParam = "reportRequestId=";
  if (size_t at = href.find(kParam); at != std::string_view::npos) {
    std::string_view rest = href.substr(at + kParam.size());
    return std::string(rest.substr(0, rest.find_first_of("&#")));
  }
  href = href.substr(0, href.find_first_of("?#"));
  while (!href.empty() && href.back() == '/') href.remove_suffix(1);
  std::string_view last = href.substr(href.rfind('/') + 1);
  if (last.empty()) return "";
  for (char c : last)
    if (!std::isdigit(static_cast<unsigned char>(c))) return "";
  return std::string(last);
}

// The hrefs of a _links or links member: an array of {"href"} objects, or one such object.
std::vector<std::string> Hrefs(const nlohmann::json& doc) {
  std::vector<std::string> out;
  for (const char* key : {"_links", "links"}) {
    auto it = doc.find(key);
    if (it == doc.end()) continue;
    auto take = [&](const nlohmann::json& link) {
      if (link.is_object() && link.contains("href") && link["href"].is_string())
        out.push_back(link["href"].get<std::string>());
    };
    if (it->is_array())
      for (const auto& link : *it) take(link);
    else
      take(*it);
  }
  return out;
}

std::string ScalarText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

// `target` made absolute: a full URL as is, "/path" on base_url's origin, else under base_url.
std::string ResolveAgainst(std::string_view base_url, std::string_view target) {
  if (target.starts_with("http://") || target.starts_with("https://")) return std::string(target);
  if (target.starts_with("/")) {
    size_t scheme = base_url.find("://");
    size_t path = base_url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    return std::string(base_url.substr(0, path)) + std::string(target);
  }
  return JoinUrl(base_url, target);
}

bool IsRetryable(const HttpResponse& r) {
  return !r.answered() || r.status == 408 || r.status == 429 || r.status >= 500;
}

}  // namespace

Result<std::string> RelayReportRequestBody(const ReportRequest& request,
                                           std::string_view account_id) {
  PREGON_ASSIGN_OR_RETURN(std::string start, LocalDayStart(request.day_from, request.time_zone));
  PREGON_ASSIGN_OR_RETURN(std::string end, LocalDayEnd(request.day_to, request.time_zone));
  nlohmann::json body = {{"start_date", start},
                         {"end_date", end},
                         {"resource", std::string(ReportTypeName(request.type))},
                         {"accountId", std::string(account_id)}};
  return body.dump();
}

std::string ParseReportRequestId(std::string_view body, std::string_view location) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    for (const char* key : {"reportRequestId", "createdResourceId", "id"}) {
      auto it = doc.find(key);
      if (it != doc.end() && !ScalarText(*it).empty()) return ScalarText(*it);
    }
    for (const auto& href : Hrefs(doc))
      if (std::string id = IdFromHref(href); !id.empty()) return id;
  }
  if (location.empty()) return "";
  if (std::string id = IdFromHref(location); !id.empty()) return id;
  std::string_view path = location.substr(0, location.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return std::string(path.substr(path.rfind('/') + 1));
}

Result<ReportReadiness> ParseReportReadiness(int status, std::string_view body) {
  if (status == 202 || TrimCell(body).empty()) return ReportReadiness::kNotYet;
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    auto it = doc.find("processed");
    if (it != doc.end() && it->is_boolean())
      return it->get<bool>() ? ReportReadiness::kReady : ReportReadiness::kNotYet;
  }
  return Status::Permanent(
      "the provider's answer about the report says neither processed "
      "nor not yet: " +
      OneLine(body, 200));
}

std::optional<std::string> ReportFileUrl(std::string_view body, std::string_view base_url) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  auto path = doc.find("file_path");
  if (path != doc.end() && path->is_string() && !path->get<std::string>().empty())
    return ResolveAgainst(base_url, path->get<std::string>());
  auto hrefs = Hrefs(doc);
  if (!hrefs.empty()) return ResolveAgainst(base_url, hrefs.front());
  return std::nullopt;
}

RelayReportProvider::RelayReportProvider(const Sender& sender, FetchOptions options)
    : base_url_(sender.base_url),
      account_id_(sender.account_id),
      authorization_(fmt::format("Authorization: {} {}", sender.auth_scheme, sender.api_key)),
      options_(std::move(options)) {}

HttpRequest RelayReportProvider::Get(const std::string& url, const char* accept) const {
  return {"GET", url, {authorization_, std::string("Accept: ") + accept}, ""};
}

Status RelayReportProvider::Failure(std::string_view what, const HttpResponse& response) {
  std::string text = response.answered() ? fmt::format("{}: HTTP {}: {}", what, response.status,
                                                       ProviderErrorText(response.body))
                                         : fmt::format("{}: {}", what, response.error);
  return IsRetryable(response) ? Status::Transient(std::move(text))
                               : Status::Permanent(std::move(text));
}

Result<std::string> RelayReportProvider::Ask(const ReportRequest& request) {
  PREGON_ASSIGN_OR_RETURN(std::string body, RelayReportRequestBody(request, account_id_));
  HttpRequest post{"POST",
                   JoinUrl(base_url_, "reports/reportrequest"),
                   {authorization_, "Content-Type: application/json", "Accept: application/json"},
                   std::move(body)};
  FetchOptions options = options_;
  options.to_file.clear();
  FetchResult r = Fetch(post, options);
  if (!r.response.answered() || r.response.status < 200 || r.response.status >= 300)
    return Failure("asking for the report", r.response);
  std::string id = ParseReportRequestId(r.response.body, r.location);
  if (id.empty())
    return Status::Permanent(
        "asking for the report: the provider's answer names no request "
        "id: " +
        OneLine(r.response.body, 200));
  return id;
}

Result<ReportReadiness> RelayReportProvider::Poll(const ReportRequest& request) {
  FetchOptions options = options_;
  options.to_file.clear();
  FetchResult r = Fetch(Get(JoinUrl(base_url_, "reports/reportrequest?reportRequestId=" +
                                                   EncodePathSegment(request.provider_request_id)),
                            "application/json"),
                        options);
  if (!r.response.answered() || r.response.status < 200 || r.response.status >= 300)
    return Failure("asking whether the report is ready", r.response);
  return ParseReportReadiness(r.response.status, r.response.body);
}

Result<int64_t> RelayReportProvider::Download(const ReportRequest& request,
                                              const std::string& path) {
  FetchOptions options = options_;
  options.to_file = path;
  const std::string url =
      JoinUrl(base_url_, "reports/reportrequest?reportRequestId=" +
                             EncodePathSegment(request.provider_request_id) + "&format=csv");
  FetchResult r = Fetch(Get(url, "text/csv"), options);
  if (!r.response.answered() || r.response.status < 200 || r.response.status >= 300)
    return Failure("downloading the report", r.response);
  if (r.content_type.find("json") == std::string::npos) return r.bytes;
  // A JSON answer names the file instead of being it: read it (small) and fetch the file.
  std::string named;
  {
    std::ifstream in(path, std::ios::binary);
    named.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto file_url = ReportFileUrl(named, base_url_);
  if (!file_url)
    return Status::Permanent(
        "downloading the report: the provider answered JSON naming no "
        "file: " +
        OneLine(named, 200));
  r = Fetch(Get(*file_url, "text/csv"), options);
  if (!r.response.answered() || r.response.status < 200 || r.response.status >= 300)
    return Failure("downloading the report file", r.response);
  return r.bytes;
}

}  // namespace pregon
