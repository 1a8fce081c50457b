#include "sandbox/reports_api.h"

#include <date/date.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/time_format.h"
#include "sandbox/api_reply.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

// A CSV field, quoted when it must be (RFC 4180).
// UTF-8 as Windows-1252 bytes: code points up to U+00FF as one byte (Latin-1 agrees with
// Windows-1252 there), anything else as '?'.
std::string ToWindows1252(std::string_view utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      out += cp <= 0xFF ? static_cast<char>(cp) : '?';
      i += 2;
    } else {
      out += '?';
      for (++i; i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;) ++i;
    }
  }
  return out;
}

// The offset at the end of an ISO 8601 time ("-03:00" → -180; "Z" → 0).
int OffsetMinutes(std::string_view iso) {
  if (iso.size() < 6 || iso.back() == 'Z' || iso.back() == 'z') return 0;
  std::string_view tail = iso.substr(iso.size() - 6);
  if ((tail[0] != '+' && tail[0] != '-') || tail[3] != ':') return 0;
  int h = 0, m = 0;
  std::from_chars(tail.data() + 1, tail.data() + 3, h);
  std::from_chars(tail.data() + 4, tail.data() + 6, m);
  return (tail[0] == '-' ? -1 : 1) * (h * 60 + m);
}

bool Covers(ReportType type, const SandboxMarks& m) {
  switch (type) {
    case ReportType::kSent:
      return true;
    case ReportType::kDeliveries:
      return !m.bounced;
    case ReportType::kBounces:
      return m.bounced;
    case ReportType::kOpens:
      return m.opens > 0;
    case ReportType::kClicks:
      return m.clicks > 0;
    case ReportType::kSpam:
      return m.spam;
    case ReportType::kUnsubscribed:
      return m.unsubscribed;
  }
  return false;
}

// What the sandbox's bounces report says, as providers word it: mostly unknown users, some
// policy blocks, a few full mailboxes (soft: not suppressed).
constexpr std::string_view kBounceTexts[] = {
    "Hard bounce: 550 5.1.1 The email account that you tried to reach does not exist",
    "Hard bounce: 550 5.7.1 Message rejected by the recipient's policy",
    "Soft bounce: 452 4.2.2 The recipient's mailbox is full"};

std::string_view StatusText(ReportType type, const SandboxMarks& marks) {
  switch (type) {
    case ReportType::kSent:
      return "Sent";
    case ReportType::kBounces:
      return kBounceTexts[marks.bounce_reason];
    case ReportType::kSpam:
      return "Spam complaint";
    case ReportType::kUnsubscribed:
      return "Unsubscribed";
    default:
      return "Delivered";
  }
}

}  // namespace

Result<ReportQuirks> ParseReportQuirks(std::string_view text) {
  ReportQuirks q;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view word = text.substr(0, comma);
    if (word == "bom")
      q.bom = true;
    else if (word == "cp1252")
      q.cp1252 = true;
    else if (word == "broken-row")
      q.broken_row = true;
    else if (word == "file-link")
      q.file_link = true;
    else if (!word.empty())
      return Status::InvalidArgument("--report-quirks: unknown quirk '" + std::string(word) +
                                     "' (expected bom, cp1252, broken-row or file-link)");
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  if (q.bom && q.cp1252)
    return Status::InvalidArgument(
        "--report-quirks: bom and cp1252 contradict each other (a BOM says UTF-8)");
  return q;
}

SandboxMarks SandboxMarksFor(std::string_view address, uint64_t seed) {
  const uint64_t h = Mix64(seed ^ StableHash(address));
  auto percent = [h](int shift) { return static_cast<int>((h >> shift) % 100); };
  SandboxMarks m;
  m.bounced = percent(0) < 5;
  if (m.bounced) {
    const int kind = percent(8);
    m.bounce_reason = kind < 60 ? 0 : kind < 85 ? 1 : 2;
    return m;
  }
  if (percent(8) < 40) m.opens = 1 + static_cast<int>((h >> 16) % 3);
  if (m.opens > 0 && percent(24) < 25) m.clicks = 1 + static_cast<int>((h >> 32) % 2);
  m.spam = (h >> 40) % 100 < 1;
  m.unsubscribed = (h >> 48) % 100 < 2;
  return m;
}

std::string SandboxReportCsv(ReportType type, std::span<const RecordedMessage> messages,
                             int offset_minutes, uint64_t seed, const ReportQuirks& quirks) {
  std::string csv = quirks.bom ? "\xEF\xBB\xBF" : "";
  csv += "Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks\r\n";
  for (const auto& message : messages) {
    const SandboxMarks marks = SandboxMarksFor(message.to, seed);
    if (!Covers(type, marks)) continue;
    const auto local =
        date::floor<std::chrono::seconds>(message.ts) + std::chrono::minutes(offset_minutes);
    const bool engaged = type != ReportType::kSent && type != ReportType::kBounces;
    csv += fmt::format("{},sandbox@pregon.test,Sandbox,{},{},{},{},{}\r\n",
                       CsvQuote(message.subject), CsvQuote(message.to),
                       CsvQuote(StatusText(type, marks)), date::format("%F %T", local),
                       engaged ? marks.opens : 0, engaged ? marks.clicks : 0);
  }
  if (quirks.broken_row)
    csv += "Roto,sandbox@pregon.test,Sandbox,not-an-email,Delivered,ayer,x,0\r\n";
  return quirks.cp1252 ? ToWindows1252(csv) : csv;
}

SandboxReports::SandboxReports(SandboxContext& context)
    : context_(context),
      // Checked when the server started (ValidateOptions), so this reads a valid list.
      quirks_([&] {
        auto q = ParseReportQuirks(context.options().report_quirks);
        return q.ok() ? *q : ReportQuirks{};
      }()),
      faults_(context.options().report_fail_rate, 0, context.options().seed ^ 0x5245504f525453) {}

void SandboxReports::Register(httplib::Server& server) {
  server.Post("/reports/reportrequest",
              [this](const httplib::Request& request, httplib::Response& response) {
                Ask(request, response);
              });
  server.Get("/reports/reportrequest",
             [this](const httplib::Request& request, httplib::Response& response) {
               Answer(request, response);
             });
  server.Get(R"(/reports/files/(\d+)\.csv)",
             [this](const httplib::Request& request, httplib::Response& response) {
               Answer(request, response);
             });
}

void SandboxReports::Ask(const httplib::Request& request, httplib::Response& response) {
  context_.Delay();
  if (faults_.Next() == Fault::kFail)
    return ReplyJson(response, 503, {{"title", "Service Unavailable"}, {"status", 503}});
  const Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  auto text = [&](const char* key) {
    return body.is_object() && body.contains(key) && body[key].is_string()
               ? body[key].get<std::string>()
               : std::string();
  };
  auto type = ParseReportType(text("resource"));
  auto from = ParseIso8601(text("start_date"));
  auto to = ParseIso8601(text("end_date"));
  if (request.get_header_value("Authorization").empty())
    return ReplyJson(response, 401, {{"title", "Unauthorized"}, {"status", 401}});
  if (!type.ok() || !from.ok() || !to.ok() || text("accountId").empty())
    return ReplyJson(
        response, 400,
        {{"title", "Validation error"},
         {"status", 400},
         {"detail", "expected start_date, end_date (ISO 8601), resource and accountId"}});
  uint64_t id = 0;
  {
    MutexLock lock(mu_);
    id = next_id_++;
    asked_[id] = Asked{*type, *from, *to, OffsetMinutes(text("start_date")), context_.Now()};
  }
  const std::string href = fmt::format("/reports/reportrequest?reportRequestId={}", id);
  ReplyJson(response, 201,
            {{"reportRequestId", std::to_string(id)}, {"_links", Json::array({{{"href", href}}})}});
}

void SandboxReports::Answer(const httplib::Request& request, httplib::Response& response) {
  context_.Delay();
  if (faults_.Next() == Fault::kFail)
    return ReplyJson(response, 503, {{"title", "Service Unavailable"}, {"status", 503}});
  uint64_t id = 0;
  const bool file = request.matches.size() > 1;  // GET /reports/files/N.csv
  const std::string raw =
      file ? request.matches[1].str() : request.get_param_value("reportRequestId");
  std::from_chars(raw.data(), raw.data() + raw.size(), id);
  std::optional<Asked> asked;
  {
    MutexLock lock(mu_);
    if (auto it = asked_.find(id); it != asked_.end()) asked = it->second;
  }
  if (!asked)
    return ReplyJson(
        response, 404,
        {{"title", "Not Found"}, {"status", 404}, {"detail", "no such report request"}});
  const bool ready = context_.Now() >= asked->asked_at + Millis(context_.options().report_delay_ms);
  if (!file && request.get_param_value("format") != "csv") {
    return ReplyJson(response, ready ? 200 : 202, {{"processed", ready}});
  }
  if (!ready)
    return ReplyJson(
        response, 409,
        {{"title", "Conflict"}, {"status", 409}, {"detail", "the report is not ready"}});
  if (!file && quirks_.file_link)
    return ReplyJson(response, 200, {{"file_path", fmt::format("/reports/files/{}.csv", id)}});
  auto messages = Recorded(asked->from, asked->to);
  if (!messages.ok())
    return ReplyJson(response, 500, {{"title", "Internal Server Error"}, {"status", 500}});
  response.status = 200;
  response.set_content(
      SandboxReportCsv(asked->type, *messages, asked->offset_minutes, context_.options().seed,
                       quirks_),
      quirks_.cp1252 ? "text/csv; charset=windows-1252" : "text/csv; charset=utf-8");
}

Result<std::vector<RecordedMessage>> SandboxReports::Recorded(Timestamp from, Timestamp to) const {
  std::vector<RecordedMessage> out;
  const std::string& path = context_.options().record_path;
  if (path.empty()) return out;
  std::ifstream in(path);
  if (!in) return Status::Internal("cannot read the record " + path);
  std::string line;
  while (std::getline(in, line)) {
    const Json record = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object() || record.value("channel", "") != "relay") continue;
    const Timestamp ts = FromUnixMillis(std::llround(record.value("ts", 0.0) * 1000.0));
    if (ts < from || ts > to + Millis(999)) continue;  // end_date names its last whole second
    out.push_back({ts, record.value("to", ""), record.value("subject", "")});
  }
  return out;
}

}  // namespace pregon
