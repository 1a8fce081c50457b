#include "sandbox/telegram_api.h"

#include <string>

#include "sandbox/api_reply.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

struct SendMessageParams {
  std::string chat_id;
  Json chat_id_json;  // echoed back in result.chat.id as the client sent it
  std::string text;
  std::string parse_mode;
};

void ReplyError(httplib::Response& response, int code, std::string_view description) {
  ReplyJson(response, code,
            Json{{"ok", false}, {"error_code", code}, {"description", description}});
}

// Reads the parameters from a JSON body, or else from the form body / query string the
// way the Bot API accepts them. Returns false for a JSON body that does not parse.
bool ReadParams(const httplib::Request& request, SendMessageParams& params) {
  if (request.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    const Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object()) return false;
    if (const auto it = body.find("chat_id"); it != body.end()) {
      if (it->is_string()) params.chat_id = it->get<std::string>();
      if (it->is_number_integer()) params.chat_id = std::to_string(it->get<int64_t>());
      params.chat_id_json = *it;
    }
    if (const auto it = body.find("text"); it != body.end() && it->is_string()) {
      params.text = it->get<std::string>();
    }
    if (const auto it = body.find("parse_mode"); it != body.end() && it->is_string()) {
      params.parse_mode = it->get<std::string>();
    }
    return true;
  }
  httplib::Params form = request.params;  // the query string, if any
  if (request.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    httplib::detail::parse_query_text(request.body, form);
  }
  const auto get = [&form](const char* key) {
    const auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
  };
  params.chat_id = get("chat_id");
  params.chat_id_json = params.chat_id;
  params.text = get("text");
  params.parse_mode = get("parse_mode");
  return true;
}

bool AnswerTelegramFault(SandboxContext& context, httplib::Response& response) {
  switch (context.faults().Next()) {
    case Fault::kThrottle:
      context.CountThrottled();
      ReplyJson(response, 429,
                Json{{"ok", false},
                     {"error_code", 429},
                     {"description", "Too Many Requests: retry after 1"},
                     {"parameters", {{"retry_after", 1}}}});
      return true;
    case Fault::kFail:
      context.CountFailed();
      ReplyError(response, 503, "Service Unavailable");
      return true;
    case Fault::kNone:
      return false;
  }
  return false;
}

void HandleSendMessage(SandboxContext& context, const httplib::Request& request,
                       httplib::Response& response) {
  const Timestamp received = context.Now();
  context.Delay();
  if (AnswerTelegramFault(context, response)) return;
  const auto reject = [&](int code, std::string_view description) {
    context.CountRejected();
    ReplyError(response, code, description);
  };
  SendMessageParams params;
  if (!ReadParams(request, params)) return reject(400, "Bad Request: can't parse JSON object");
  if (params.chat_id.empty()) return reject(400, "Bad Request: chat_id is empty");
  if (params.text.empty()) return reject(400, "Bad Request: message text is empty");
  const std::string& mode = params.parse_mode;
  if (!mode.empty() && mode != "HTML" && mode != "Markdown" && mode != "MarkdownV2") {
    return reject(400, "Bad Request: unsupported parse_mode");
  }
  if (context.IsBlocked(params.chat_id)) {
    return reject(403, "Forbidden: bot was blocked by the user");
  }

  const uint64_t message_id = context.NextSequence();
  const std::string provider_id = std::to_string(message_id);
  MessageRecord record;
  record.ts = received;
  record.channel = "telegram";
  record.to = params.chat_id;
  record.campaign_id = IntegerHeader(request, "X-Pregon-Campaign-Id");
  record.delivery_id = IntegerHeader(request, "X-Pregon-Delivery-Id");
  record.text = params.text;
  record.provider_id = provider_id;
  std::string line;
  AppendRecordLine(record, line);
  if (Status s = context.Record(line); !s.ok()) {
    context.CountFailed();
    return ReplyError(response, 500, "Internal Server Error: " + s.message());
  }
  context.CountAccepted();
  const int64_t date = ToUnixMillis(received) / 1000;
  ReplyJson(response, 200,
            Json{{"ok", true},
                 {"result",
                  {{"message_id", message_id},
                   {"date", date},
                   {"chat", {{"id", params.chat_id_json}, {"type", "private"}}},
                   {"text", params.text}}}});
}

// getMe: the bot a token names (see the header for the sandbox's rules).
void HandleGetMe(const httplib::Request& request, httplib::Response& response) {
  const std::string token = request.matches[1];
  const size_t colon = token.find(':');
  const std::string bot_id = token.substr(0, colon);
  const bool well_formed = colon != std::string::npos && colon > 0 && colon + 1 < token.size() &&
                           bot_id.size() <= 18 &&
                           bot_id.find_first_not_of("0123456789") == std::string::npos;
  if (!well_formed) return ReplyError(response, 404, "Not Found");
  if (token.compare(colon + 1, 7, "revoked") == 0) return ReplyError(response, 401, "Unauthorized");
  ReplyJson(response, 200,
            Json{{"ok", true},
                 {"result",
                  {{"id", std::stoll(bot_id)},
                   {"is_bot", true},
                   {"first_name", "Sandbox bot " + bot_id},
                   {"username", "sandbox_" + bot_id + "_bot"},
                   {"can_join_groups", true},
                   {"can_read_all_group_messages", false},
                   {"supports_inline_queries", false}}}});
}

}  // namespace

void RegisterTelegramApi(httplib::Server& server, SandboxContext& context) {
  const auto handler = [&context](const httplib::Request& request, httplib::Response& response) {
    HandleSendMessage(context, request, response);
  };
  server.Post(R"(/bot([^/]+)/sendMessage)", handler);
  server.Get(R"(/bot([^/]+)/sendMessage)", handler);
  server.Get(R"(/bot([^/]+)/getMe)", HandleGetMe);
  server.Post(R"(/bot([^/]+)/getMe)", HandleGetMe);
}

}  // namespace pregon
